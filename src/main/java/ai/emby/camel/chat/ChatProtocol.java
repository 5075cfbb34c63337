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
package ai.emby.camel.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.emby.camel.protocol.AnswerReader;
import ai.emby.camel.protocol.DeltaListener;
import ai.emby.camel.protocol.ErrorDetails;
import ai.emby.camel.protocol.WireProtocol;
import ai.emby.camel.protocol.WireRequest;

/**
 * The Chat Completions wire protocol ({@code POST /chat/completions}): its requests, its chunk stream and its error
 * bodies. One per endpoint, shared by its calls.
 */
public final class ChatProtocol implements WireProtocol {

    /** The path under the base URL. */
    public static final String PATH = "/chat/completions";

    // set once a server rejected stream_options: from then on the endpoint does not send it
    private final AtomicBoolean streamOptionsRejected;
    private final long maxAnswerChars;

    /** A protocol whose answers have no size limit. */
    public ChatProtocol(AtomicBoolean streamOptionsRejected) {
        this(streamOptionsRejected, 0);
    }

    /**
     * @param streamOptionsRejected the endpoint's memory that its server rejects {@code stream_options}
     * @param maxAnswerChars        the most characters of text an answer may assemble before its call fails; 0 = no
     *                              limit
     */
    public ChatProtocol(AtomicBoolean streamOptionsRejected, long maxAnswerChars) {
        this.streamOptionsRejected = streamOptionsRejected;
        this.maxAnswerChars = maxAnswerChars;
    }

    @Override
    public AnswerReader newReader(DeltaListener listener) {
        return new ChunkAccumulator(Json.FACTORY, Json.MAPPER, listener, maxAnswerChars);
    }

    @Override
    public ErrorDetails readError(String body) {
        ErrorPayload error = ErrorPayload.parse(Json.MAPPER, body);
        return new ErrorDetails(error.message(), error.type(), error.code());
    }

    /** False once the server rejected {@code stream_options}: requests are then built without it. */
    public boolean sendsStreamOptions() {
        return !streamOptionsRejected.get();
    }

    /** The request to send for this body; serialized here, so a body that cannot be written fails before sending. */
    public WireRequest request(Map<String, Object> body) {
        return new ChatWireRequest(body, Json.writeBytes(body));
    }

    /** One request body, and the same body without {@code stream_options} for gateways that reject the field. */
    private final class ChatWireRequest implements WireRequest {

        private final Map<String, Object> body;
        private final byte[] bytes;

        ChatWireRequest(Map<String, Object> body, byte[] bytes) {
            this.body = body;
            this.bytes = bytes;
        }

        @Override
        public byte[] body() {
            return bytes;
        }

        @Override
        public Fallback fallbackFor(int status, String errorBody) {
            boolean rejectsStreamOptions = (status == 400 || status == 422) && errorBody != null
                    && errorBody.contains("stream_options") && body.containsKey("stream_options");
            if (!rejectsStreamOptions) {
                return null;
            }
            Map<String, Object> reduced = new LinkedHashMap<>(body);
            reduced.remove("stream_options");
            String warning = streamOptionsRejected.compareAndSet(false, true)
                    ? "The server rejected stream_options: sending requests without it from now on (token usage may"
                      + " then be missing from streamed answers)"
                    : null;
            return new Fallback(new ChatWireRequest(reduced, Json.writeBytes(reduced)), warning);
        }
    }
}
