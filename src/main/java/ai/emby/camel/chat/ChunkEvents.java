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

import java.util.Arrays;

import ai.emby.camel.protocol.Excerpts;
import ai.emby.camel.protocol.InStreamErrorException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The events of a chat stream that are no chunk: the {@code [DONE]} end marker (told by its payload) and an error
 * event (told by its SSE type).
 */
final class ChunkEvents {

    /** The SSE event type of an error event (and of an older llama.cpp {@code error:} field). */
    static final String ERROR_EVENT = "error";

    private static final byte[] DONE = { '[', 'D', 'O', 'N', 'E', ']' };

    private ChunkEvents() {
    }

    /** True when the payload is the end marker. */
    static boolean isDone(byte[] data, int offset, int length) {
        // openai-node treats any payload starting with [DONE] as the end marker; so do we, after the whitespace some
        // proxies put before it
        int start = offset;
        int end = offset + length;
        while (start < end && data[start] <= ' ') {
            start++;
        }
        return end - start >= DONE.length && data[start] == '['
                && Arrays.equals(data, start, start + DONE.length, DONE, 0, DONE.length);
    }

    /**
     * The failure an error event's payload reports: JSON per the error rules, or plain text that is then the message.
     */
    static InStreamErrorException errorEvent(ObjectMapper mapper, byte[] data, int offset, int length) {
        String raw = Excerpts.text(data, offset, length);
        ErrorPayload error = ErrorPayload.parse(mapper, raw);
        String message = error.message();
        if (message == null) {
            String text = raw.strip();
            message = text.isEmpty() ? "empty error event" : text;
        }
        return new InStreamErrorException(message, error.type(), error.code(), raw);
    }
}
