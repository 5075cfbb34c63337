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
package ai.emby.camel.support;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/**
 * Ready-made responses for {@link LlmServer}: event streams written piece by piece, JSON answers and errors.
 */
public final class Responses {

    private Responses() {
    }

    /** A 200 event stream; each piece is written and flushed on its own (a separate network write). */
    public static LlmServer.Responder sse(String... pieces) {
        return sse(0, pieces);
    }

    /** Like {@link #sse(String...)}, pausing between pieces. */
    public static LlmServer.Responder sse(long pauseMillis, String... pieces) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().add("x-request-id", "req-123");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String piece : pieces) {
                LlmServer.write(out, piece);
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        };
    }

    /** A 200 event stream written one byte per network write. */
    public static LlmServer.Responder sseByteByByte(String stream) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
            }
        };
    }

    /** A 200 event stream whose raw bytes are split at the given byte offsets into separate writes. */
    public static LlmServer.Responder sseSplitAt(byte[] stream, int... offsets) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            int from = 0;
            for (int offset : offsets) {
                out.write(stream, from, offset - from);
                out.flush();
                Thread.sleep(20);
                from = offset;
            }
            out.write(stream, from, stream.length - from);
            out.flush();
        };
    }

    /** A JSON answer with the given status and extra headers (name, value, name, value...). */
    public static LlmServer.Responder json(int status, String body, String... headers) {
        return body(status, "application/json", body, headers);
    }

    /** Any body with the given status, content type and extra headers. */
    public static LlmServer.Responder body(int status, String contentType, String body, String... headers) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }
}
