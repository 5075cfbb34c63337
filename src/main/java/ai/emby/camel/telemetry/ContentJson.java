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
package ai.emby.camel.telemetry;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The captured prompt and answer, as the JSON strings the conventions' message attributes hold. */
final class ContentJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentJson() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // a body that was sent is JSON; anything else is described, never thrown into the call
            return String.valueOf(value);
        }
    }

    /** {@code gen_ai.output.messages}: one assistant message with one text part. */
    static String outputMessage(String text, String finishReason) {
        Map<String, Object> part = Map.of("type", "text", "content", text == null ? "" : text);
        return write(List.of(Map.of("role", "assistant", "parts", List.of(part),
                "finish_reason", finishReason == null ? "stop" : finishReason)));
    }
}
