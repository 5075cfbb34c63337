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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat Completions request fields in Responses API naming: the endpoint's options are resolved once by the chat
 * protocol's option reader (resources, JSON, checks), and this maps what differs. Fields that are the same in both
 * (model, temperature, top_p, parallel_tool_calls, any additional property) pass as they are.
 */
final class ResponsesFields {

    private ResponsesFields() {
    }

    /** The option fields of a chat request, mapped: a new mutable map. */
    static Map<String, Object> fromChat(Map<String, Object> chat) {
        Map<String, Object> fields = new LinkedHashMap<>();
        chat.forEach((name, value) -> {
            switch (name) {
                // the Responses API reports usage in response.completed, unasked
                case "stream_options" -> {
                }
                case "max_completion_tokens", "max_tokens" -> maxOutputTokens(fields, name, value);
                case "reasoning_effort" -> reasoningEffort(fields, value);
                case "response_format" -> fields.put("text", textFormat(value));
                case "tools" -> fields.put("tools", tools(value));
                case "tool_choice" -> fields.put("tool_choice", toolChoice(value));
                default -> fields.put(name, value);
            }
        });
        return fields;
    }

    /** max_completion_tokens wins over max_tokens, as chat servers read them. */
    static void maxOutputTokens(Map<String, Object> fields, String chatName, Object value) {
        if (value != null && ("max_completion_tokens".equals(chatName) || !fields.containsKey("max_output_tokens"))) {
            fields.put("max_output_tokens", value);
        }
    }

    /** Sets reasoning.effort, keeping what else a reasoning object already has (a summary, say). */
    static void reasoningEffort(Map<String, Object> fields, Object effort) {
        if (effort == null) {
            return;
        }
        Map<String, Object> reasoning = new LinkedHashMap<>();
        if (fields.get("reasoning") instanceof Map<?, ?> existing) {
            existing.forEach((key, item) -> reasoning.put(String.valueOf(key), item));
        }
        reasoning.put("effort", effort);
        fields.put("reasoning", reasoning);
    }

    /** A chat response_format as {@code text: {format: ...}}: a json_schema entry's name, schema, strict lifted up. */
    static Map<String, Object> textFormat(Object responseFormat) {
        Map<String, Object> format = new LinkedHashMap<>();
        if (responseFormat instanceof Map<?, ?> chat) {
            chat.forEach((key, item) -> {
                if ("json_schema".equals(key) && item instanceof Map<?, ?> entry) {
                    entry.forEach((k, v) -> format.put(String.valueOf(k), v));
                } else {
                    format.put(String.valueOf(key), item);
                }
            });
        }
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("format", format);
        return text;
    }

    /** Chat-style function tools ({@code {type, function: {name, ...}}}) flattened; other tools as they are. */
    static Object tools(Object tools) {
        if (!(tools instanceof List<?> list)) {
            return tools;
        }
        List<Object> mapped = new ArrayList<>(list.size());
        for (Object tool : list) {
            mapped.add(flattenFunction(tool));
        }
        return mapped;
    }

    /** {@code {"type": "function", "function": {"name": "x"}}} → {@code {"type": "function", "name": "x"}}. */
    static Object toolChoice(Object choice) {
        return flattenFunction(choice);
    }

    private static Object flattenFunction(Object value) {
        if (!(value instanceof Map<?, ?> map) || !"function".equals(map.get("type"))
                || !(map.get("function") instanceof Map<?, ?> function)) {
            return value;
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        map.forEach((key, item) -> {
            if (!"function".equals(key)) {
                flat.put(String.valueOf(key), item);
            }
        });
        function.forEach((key, item) -> flat.put(String.valueOf(key), item));
        return flat;
    }
}
