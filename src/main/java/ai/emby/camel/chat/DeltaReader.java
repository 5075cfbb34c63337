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
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads one {@code delta} (or non-streaming {@code message}) object with the streaming parser into {@link DeltaFields}.
 */
final class DeltaReader {

    private final ObjectReader valueReader;
    private final ObjectReader nodeReader;

    DeltaReader(ObjectReader valueReader, ObjectReader nodeReader) {
        this.valueReader = valueReader;
        this.nodeReader = nodeReader;
    }

    /** Reads the fields of the object whose START_OBJECT is the current token, up to its END_OBJECT. */
    void read(JsonParser p, DeltaFields d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "content":
                    if (t == JsonToken.VALUE_STRING) {
                        d.content = p.getText();
                    } else if (t == JsonToken.START_ARRAY) {
                        readContentParts(p, d);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "reasoning_content":
                    d.reasoningContent = string(p, t);
                    break;
                case "reasoning":
                    d.reasoning = string(p, t);
                    break;
                case "reasoning_details":
                    if (t == JsonToken.START_ARRAY) {
                        d.reasoningDetails = (List<?>) valueReader.readValue(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "refusal":
                    d.refusal = string(p, t);
                    break;
                case "role":
                    d.role = string(p, t);
                    break;
                case "tool_calls":
                    if (t == JsonToken.START_ARRAY) {
                        readToolCalls(p, d);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "function_call":
                    if (t == JsonToken.START_OBJECT) {
                        readFunctionCall(p, d);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private void readToolCalls(JsonParser p, DeltaFields d) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            ToolCallFragment fragment = d.nextFragment();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "index":
                        if (v == JsonToken.VALUE_NUMBER_INT) {
                            fragment.index = p.getIntValue();
                        } else {
                            p.skipChildren();
                        }
                        break;
                    case "id":
                        fragment.id = nonEmpty(string(p, v));
                        break;
                    case "type":
                        fragment.type = nonEmpty(string(p, v));
                        break;
                    case "function":
                        if (v == JsonToken.START_OBJECT) {
                            readFunction(p, fragment);
                        } else {
                            p.skipChildren();
                        }
                        break;
                    default:
                        // Kept for the assistant message: e.g. Gemini's extra_content carries the
                        // thought signature that must be sent back with the call.
                        Object extra = valueReader.readValue(p);
                        if (extra != null) {
                            fragment.putExtra(name, extra);
                        }
                }
            }
        }
    }

    private void readFunction(JsonParser p, ToolCallFragment fragment) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("name".equals(name)) {
                fragment.name = string(p, t);
            } else if ("arguments".equals(name)) {
                fragment.arguments = arguments(p, t);
            } else {
                p.skipChildren();
            }
        }
    }

    private void readFunctionCall(JsonParser p, DeltaFields d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("name".equals(name)) {
                d.functionName = string(p, t);
            } else if ("arguments".equals(name)) {
                d.functionArguments = arguments(p, t);
            } else {
                p.skipChildren();
            }
        }
        d.functionCallSeen |= d.functionName != null || d.functionArguments != null;
    }

    private String arguments(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            // Some servers (Ollama-style backends behind gateways) send the arguments as a JSON
            // object instead of the JSON text OpenAI specifies.
            JsonNode node = nodeReader.readValue(p);
            return node.toString();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        return p.getText();
    }

    /** Mistral's reasoning models stream content as an array of typed parts. */
    private void readContentParts(JsonParser p, DeltaFields d) throws IOException {
        JsonNode parts = nodeReader.readValue(p);
        StringBuilder text = null;
        StringBuilder thinking = null;
        for (JsonNode part : parts) {
            if (part.isTextual()) {
                text = append(text, part.textValue());
            } else if ("thinking".equals(part.path("type").asText())) {
                thinking = appendThinking(thinking, part.get("thinking"));
            } else if (part.path("text").isTextual()) {
                text = append(text, part.get("text").textValue());
            }
        }
        d.content = text == null ? null : text.toString();
        d.partsReasoning = thinking == null ? null : thinking.toString();
    }

    private static StringBuilder appendThinking(StringBuilder sb, JsonNode thinking) {
        StringBuilder target = sb;
        if (thinking == null) {
            return target;
        }
        if (thinking.isTextual()) {
            return append(target, thinking.textValue());
        }
        for (JsonNode piece : thinking) {
            if (piece.path("text").isTextual()) {
                target = append(target, piece.get("text").textValue());
            }
        }
        return target;
    }

    private static StringBuilder append(StringBuilder sb, String text) {
        StringBuilder target = sb != null ? sb : new StringBuilder();
        return target.append(text);
    }

    private static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
