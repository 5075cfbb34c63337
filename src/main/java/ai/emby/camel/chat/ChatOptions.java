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
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import static ai.emby.camel.chat.JsonValues.applyAdditional;
import static ai.emby.camel.chat.JsonValues.blankToNull;
import static ai.emby.camel.chat.JsonValues.putIfSet;
import static ai.emby.camel.chat.JsonValues.typeName;

/**
 * The endpoint's request options, set one by one and checked and resolved once by {@link #build(ResourceLoader)} into
 * the {@link ChatRequestFactory} that every exchange of the endpoint uses. Unset values are not sent.
 */
public final class ChatOptions {

    /** Opens the resource a jsonSchema or tools option names (the Camel side resolves classpath:, file:, http:). */
    @FunctionalInterface
    public interface ResourceLoader {
        InputStream open(String uri) throws IOException;
    }

    private String model;
    private Double temperature;
    private Double topP;
    private Integer maxCompletionTokens;
    private Integer maxTokens;
    private Long seed;
    private String stop;
    private String reasoningEffort;
    private String responseFormat;
    private String jsonSchema;
    private String tools;
    private String toolChoice;
    private Boolean parallelToolCalls;
    private Map<String, Object> additionalBodyProperties;
    private String systemMessage;
    private boolean includeUsage;

    public ChatOptions model(String value) {
        this.model = value;
        return this;
    }

    public ChatOptions temperature(Double value) {
        this.temperature = value;
        return this;
    }

    public ChatOptions topP(Double value) {
        this.topP = value;
        return this;
    }

    public ChatOptions maxCompletionTokens(Integer value) {
        this.maxCompletionTokens = value;
        return this;
    }

    public ChatOptions maxTokens(Integer value) {
        this.maxTokens = value;
        return this;
    }

    public ChatOptions seed(Long value) {
        this.seed = value;
        return this;
    }

    /** Comma-separated, or a JSON array when it starts with {@code [}. */
    public ChatOptions stop(String value) {
        this.stop = value;
        return this;
    }

    public ChatOptions reasoningEffort(String value) {
        this.reasoningEffort = value;
        return this;
    }

    public ChatOptions responseFormat(String value) {
        this.responseFormat = value;
        return this;
    }

    /** A resource URI or inline JSON. */
    public ChatOptions jsonSchema(String value) {
        this.jsonSchema = value;
        return this;
    }

    /** A resource URI or inline JSON holding the array. */
    public ChatOptions tools(String value) {
        this.tools = value;
        return this;
    }

    public ChatOptions toolChoice(String value) {
        this.toolChoice = value;
        return this;
    }

    public ChatOptions parallelToolCalls(Boolean value) {
        this.parallelToolCalls = value;
        return this;
    }

    public ChatOptions additionalBodyProperties(Map<String, Object> value) {
        this.additionalBodyProperties = value;
        return this;
    }

    public ChatOptions systemMessage(String value) {
        this.systemMessage = value;
        return this;
    }

    public ChatOptions includeUsage(boolean value) {
        this.includeUsage = value;
        return this;
    }

    /**
     * Resolves the jsonSchema and tools options (a resource, or inline JSON) and parses stop, toolChoice and the
     * additionalBodyProperty values. Throws IllegalArgumentException naming the option when a resource is missing or a
     * JSON value is invalid.
     */
    public ChatRequestFactory build(ResourceLoader resources) {
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfSet(fields, "model", blankToNull(model));
        putIfSet(fields, "temperature", temperature);
        putIfSet(fields, "top_p", topP);
        putIfSet(fields, "max_completion_tokens", maxCompletionTokens);
        putIfSet(fields, "max_tokens", maxTokens);
        putIfSet(fields, "seed", seed);
        putIfSet(fields, "stop", parseStop(stop));
        putIfSet(fields, "reasoning_effort", blankToNull(reasoningEffort));
        putIfSet(fields, "response_format", resolveResponseFormat(resources));
        putIfSet(fields, "tools", resolveTools(resources));
        putIfSet(fields, "tool_choice", parseToolChoice(toolChoice));
        putIfSet(fields, "parallel_tool_calls", parallelToolCalls);
        if (includeUsage) {
            fields.put("stream_options", Map.of("include_usage", true));
        }
        applyAdditional(fields, OptionJson.parseAdditionalBodyProperties(additionalBodyProperties));
        return new ChatRequestFactory(fields, blankToNull(systemMessage), includeUsage);
    }

    private static List<String> parseStop(String stop) {
        if (stop == null || stop.isEmpty()) {
            return null;
        }
        List<String> sequences = new ArrayList<>();
        if (stop.startsWith("[")) {
            Object parsed = OptionJson.parse("stop", stop);
            if (!(parsed instanceof List)) {
                throw new IllegalArgumentException("Option stop: expected a JSON array of strings, got " + stop);
            }
            for (Object item : (List<?>) parsed) {
                if (!(item instanceof String)) {
                    throw new IllegalArgumentException("Option stop: every item of the JSON array must be a string, got "
                                                       + item);
                }
                sequences.add((String) item);
            }
        } else {
            // Items are kept exactly (a stop sequence may start or end with a space); only empty ones are dropped,
            // since servers reject an empty stop sequence and "a,b," is a typo rather than a wish.
            for (String item : stop.split(",", -1)) {
                if (!item.isEmpty()) {
                    sequences.add(item);
                }
            }
        }
        return sequences.isEmpty() ? null : Collections.unmodifiableList(sequences);
    }

    private Map<String, Object> resolveResponseFormat(ResourceLoader resources) {
        String format = blankToNull(responseFormat);
        String schemaOption = blankToNull(jsonSchema);
        if (format == null && schemaOption == null) {
            return null;
        }
        // A schema on its own can only mean json_schema, so it does not need responseFormat spelled out as well.
        if (format == null || "json_schema".equals(format)) {
            if (schemaOption == null) {
                throw new IllegalArgumentException(
                        "Option responseFormat=json_schema needs the jsonSchema option (a resource URI or inline JSON)");
            }
            return Map.of("type", "json_schema", "json_schema", jsonSchemaEntry(schemaOption, resources));
        }
        if (!"text".equals(format) && !"json_object".equals(format)) {
            throw new IllegalArgumentException(
                    "Option responseFormat: '" + format + "' is not one of text, json_object, json_schema");
        }
        if (schemaOption != null) {
            throw new IllegalArgumentException(
                    "Option jsonSchema is set but responseFormat is " + format + ": use responseFormat=json_schema");
        }
        return Map.of("type", format);
    }

    private Map<String, Object> jsonSchemaEntry(String schemaOption, ResourceLoader resources) {
        Object document = OptionJson.resolve("jsonSchema", schemaOption, resources);
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException("Option jsonSchema: expected a JSON object, got " + typeName(document));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) document;
        if (schema.containsKey("name") && schema.containsKey("schema")) {
            return schema;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", "response");
        entry.put("schema", schema);
        entry.put("strict", true);
        return Collections.unmodifiableMap(entry);
    }

    private Object resolveTools(ResourceLoader resources) {
        String value = blankToNull(tools);
        if (value == null) {
            return null;
        }
        Object parsed = OptionJson.resolve("tools", value, resources);
        if (!(parsed instanceof List)) {
            throw new IllegalArgumentException("Option tools: expected a JSON array, got " + typeName(parsed));
        }
        return parsed;
    }

    private static Object parseToolChoice(String toolChoice) {
        String value = blankToNull(toolChoice);
        if (value == null || !value.strip().startsWith("{")) {
            return value;
        }
        return OptionJson.parse("toolChoice", value);
    }
}
