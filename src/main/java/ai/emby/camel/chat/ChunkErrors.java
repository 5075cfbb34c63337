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

import java.io.IOException;

import ai.emby.camel.protocol.Excerpts;
import ai.emby.camel.protocol.InStreamErrorException;
import ai.emby.camel.protocol.MalformedPayloadException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The errors seen in the chunk being read — a top-level {@code error} (or {@code "object": "error"}), a choice's
 * {@code error} member, a finish reason that means the server gave up — raised as one
 * {@link InStreamErrorException} once the whole chunk has been applied (so its text is not lost).
 */
final class ChunkErrors {

    private static final char[] ERROR = { 'e', 'r', 'r', 'o', 'r' };

    private final ObjectMapper mapper;
    private boolean chunkError;
    private String errorFinishReason;
    private JsonNode choiceError;

    ChunkErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Why a whole JSON answer without {@code choices} fails: a proxy's {@code {"detail":"Not Found"}} with status 200
     * would otherwise succeed with an empty body. The server's text, read by the error rules, is in the message.
     */
    MalformedPayloadException noChoices(byte[] data, int offset, int length) {
        String said = ErrorPayload.parse(mapper, Excerpts.text(data, offset, length)).message();
        return new MalformedPayloadException("the JSON answer has no choices, so it is no chat completion"
                                             + (said == null ? "" : " (the server said: " + said + ")"),
                Excerpts.excerpt(data, offset, length), null);
    }

    /** A new chunk starts. */
    void reset() {
        chunkError = false;
        errorFinishReason = null;
        choiceError = null;
    }

    /** The chunk has a top-level error. */
    void markChunk() {
        chunkError = true;
    }

    /** A choice has an {@code error} member; the first one is kept. */
    void noteChoiceError(JsonNode error) {
        if (choiceError == null) {
            choiceError = error;
        }
    }

    /** A choice finished with this error finish reason (null: it did not); the first one is kept. */
    void noteErrorFinish(String finishReason) {
        if (finishReason != null && errorFinishReason == null) {
            errorFinishReason = finishReason;
        }
    }

    boolean any() {
        return chunkError || errorFinishReason != null || choiceError != null;
    }

    /** The exception for the chunk just read; call when {@link #any()}. */
    InStreamErrorException toException(String raw) {
        ErrorPayload top = chunkError ? ErrorPayload.parse(mapper, raw) : ErrorPayload.none();
        ErrorPayload inChoice = choiceError != null
                ? ErrorPayload.ofErrorMember(mapper, choiceError) : ErrorPayload.none();
        String message = firstNonNull(top.message(), inChoice.message());
        if (message == null) {
            // No message anywhere (e.g. a bare finish_reason "error"): the payload itself tells most; when it is too
            // long to be quoted whole, the finish reason is named first.
            message = Excerpts.excerpt(raw);
            if (errorFinishReason != null && raw.length() > Excerpts.MAX_CHARS) {
                message = "finish_reason \"" + errorFinishReason + "\": " + message;
            }
        }
        return new InStreamErrorException(message, firstNonNull(top.type(), inChoice.type()),
                firstNonNull(top.code(), inChoice.code()), raw);
    }

    /** The current string token is {@code error}: compared in the parser's buffer, so no String per chunk. */
    static boolean isErrorText(JsonParser p) throws IOException {
        if (p.getTextLength() != ERROR.length) {
            return false;
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = 0; i < ERROR.length; i++) {
            if (text[offset + i] != ERROR[i]) {
                return false;
            }
        }
        return true;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
