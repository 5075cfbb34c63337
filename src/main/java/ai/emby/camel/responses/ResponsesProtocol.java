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
package ai.emby.camel.responses;

import java.util.Map;

import ai.emby.camel.chat.ErrorPayload;
import ai.emby.camel.chat.Json;
import ai.emby.camel.protocol.AnswerReader;
import ai.emby.camel.protocol.DeltaListener;
import ai.emby.camel.protocol.ErrorDetails;
import ai.emby.camel.protocol.WireProtocol;
import ai.emby.camel.protocol.WireRequest;

/** The Responses API ({@code POST {baseUrl}/responses}) as a {@link WireProtocol}. */
public final class ResponsesProtocol implements WireProtocol {

    public static final String PATH = "/responses";

    private final long maxAnswerChars;

    /** @param maxAnswerChars the most characters of text an answer may assemble before its call fails; 0 = no limit */
    public ResponsesProtocol(long maxAnswerChars) {
        this.maxAnswerChars = maxAnswerChars;
    }

    @Override
    public AnswerReader newReader(DeltaListener listener) {
        return new ResponsesEventReader(Json.mapper(), listener, maxAnswerChars);
    }

    @Override
    public ErrorDetails readError(String body) {
        // HTTP error bodies of /responses have the shape of chat's: {"error": {"message", "type", "code"}}
        ErrorPayload error = ErrorPayload.parse(Json.mapper(), body);
        return new ErrorDetails(error.message(), error.type(), error.code());
    }

    public WireRequest request(Map<String, Object> body) {
        byte[] bytes = Json.writeBytes(body);
        return new WireRequest() {
            @Override
            public byte[] body() {
                return bytes;
            }

            @Override
            public Fallback fallbackFor(int status, String errorBody) {
                // no part of a Responses request is one that some servers reject while others need it
                return null;
            }
        };
    }
}
