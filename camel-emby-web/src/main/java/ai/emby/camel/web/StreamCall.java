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
package ai.emby.camel.web;

import ai.emby.camel.EmbyStreamException;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Starts the model call of one browser stream, on a worker: the exchange goes through the prepare endpoint, when there
 * is one, then to a producer of the stream's own (see {@link BrowserStream} for why one per stream), started here and
 * run by the stream under its monitor.
 */
final class StreamCall {

    private StreamCall() {
    }

    /** Runs on a worker: the prepare endpoint first, when there is one, then the model. */
    static void start(BrowserStream stream, Endpoint chat, AsyncProducer prepare) {
        if (prepare == null) {
            callModel(stream, chat);
            return;
        }
        Exchange exchange = stream.exchange();
        try {
            prepare.process(exchange, doneSync -> {
                Exception failure = exchange.getException();
                if (failure != null) {
                    stream.finished(failure);
                } else {
                    callModel(stream, chat);
                }
            });
        } catch (RuntimeException e) {
            stream.finished(e);
        }
    }

    private static void callModel(BrowserStream stream, Endpoint chat) {
        AsyncProducer started;
        try {
            started = chat.createAsyncProducer();
            ServiceHelper.startService(started);
        } catch (Exception e) {
            stream.finished(e);
            return;
        }
        boolean[] endedSync = new boolean[1];
        boolean running = stream.run(started, doneSync -> {
            if (doneSync) {
                endedSync[0] = true;
            } else {
                stream.callEnded();
            }
        });
        if (endedSync[0]) {
            stream.callEnded();
            return;
        }
        if (running) {
            return;
        }
        ServiceHelper.stopAndShutdownService(started);
        stream.finished(cancelledBeforeStart());
    }

    private static EmbyStreamException cancelledBeforeStart() {
        return new EmbyStreamException(EmbyStreamException.Reason.CANCELLED, "the stream was cancelled before the"
                                                                                + " model was called", null, null, "", 0, 0, null, null);
    }
}
