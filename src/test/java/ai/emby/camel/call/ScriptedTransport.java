/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package ai.emby.camel.call;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import ai.emby.camel.http.PostRequest;
import ai.emby.camel.http.ResponseHead;
import ai.emby.camel.http.ResponseListener;
import ai.emby.camel.http.Transport;

/**
 * A transport with no network: it records each request, and the test plays the server's side through the exchange it
 * returns (head, events, bytes, end, failure), on the test's thread.
 */
final class ScriptedTransport implements Transport {

    private final List<Exchange> exchanges = new ArrayList<>();

    @Override
    public synchronized Future<Void> post(PostRequest request, ResponseListener listener) {
        Exchange exchange = new Exchange(request, listener);
        exchanges.add(exchange);
        return exchange.future;
    }

    synchronized int requests() {
        return exchanges.size();
    }

    /** The n-th request (0-based). */
    synchronized Exchange exchange(int n) {
        return exchanges.get(n);
    }

    synchronized Exchange last() {
        return exchanges.get(exchanges.size() - 1);
    }

    /** One request and the server's side of its response. */
    static final class Exchange {
        final PostRequest request;
        final ResponseListener listener;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Exchange(PostRequest request, ResponseListener listener) {
            this.request = request;
            this.listener = listener;
        }

        String body() {
            return new String(request.body(), StandardCharsets.UTF_8);
        }

        /** Sends the head; returns how the listener wants the body. */
        ResponseListener.BodyMode head(int status, String contentType, String... nameValues) {
            List<ResponseHead.Header> headers = new ArrayList<>();
            for (int i = 0; i < nameValues.length; i += 2) {
                headers.add(new ResponseHead.Header(nameValues[i], nameValues[i + 1]));
            }
            return listener.onHead(new ResponseHead(status, null, contentType, headers));
        }

        /** A 200 event-stream head. */
        Exchange streamHead() {
            head(200, "text/event-stream");
            return this;
        }

        /** One data event, then the end of the network read that brought it. */
        Exchange event(String data) {
            byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
            listener.onRead(() -> listener.onEvent(null, bytes, 0, bytes.length));
            return this;
        }

        Exchange content(String text) {
            return event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}");
        }

        Exchange finish(String reason) {
            return event("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}");
        }

        Exchange done() {
            return event("[DONE]");
        }

        Exchange bytes(String text) {
            listener.onRead(() -> listener.onBytes(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
            return this;
        }

        void end() {
            listener.onEnd(false);
            future.complete(null);
        }

        void fail(Exception cause) {
            listener.onFailure(cause);
            future.completeExceptionally(cause);
        }

        /** An HTTP error answer with a JSON body. */
        void error(int status, String jsonBody, String... headers) {
            head(status, "application/json", headers);
            bytes(jsonBody);
            end();
        }

        boolean cancelled() {
            return future.isCancelled();
        }
    }
}
