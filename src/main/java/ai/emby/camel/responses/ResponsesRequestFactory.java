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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emby.camel.chat.ChatInput;
import ai.emby.camel.chat.ChatRequestFactory;
import ai.emby.camel.chat.Json;
import ai.emby.camel.chat.RequestOverrides;

import static ai.emby.camel.chat.JsonValues.applyAdditional;
import static ai.emby.camel.chat.JsonValues.putIfSet;
import static ai.emby.camel.chat.JsonValues.stringKeys;

/**
 * Builds the JSON body of a Responses API request from the endpoint's resolved options and one exchange's input:
 * a text is {@code input}, a List is the input items, a Map is the request body. Per field the header wins over the
 * Map, the Map over the option, as for chat.
 * <p>
 * Thread safe: one factory serves every exchange of an endpoint; the option values are never changed by a request.
 */
public final class ResponsesRequestFactory {

    /** The body types an exchange may carry, for error messages. */
    public static final String ACCEPTED_BODIES
            = "a String, byte[], InputStream, Reader, StreamCache or GenericFile (sent as input), a List of input"
              + " items, or a Map with an input key (the request body)";

    private final Map<String, Object> optionFields;

    private ResponsesRequestFactory(Map<String, Object> optionFields) {
        this.optionFields = Collections.unmodifiableMap(optionFields);
    }

    /**
     * @param chat  the endpoint's options, resolved and in chat naming
     * @param store the store option, or null for not sent
     */
    public static ResponsesRequestFactory of(ChatRequestFactory chat, Boolean store) {
        Map<String, Object> fields = ResponsesFields.fromChat(chat.optionFields());
        if (chat.systemMessage() != null) {
            fields.put("instructions", chat.systemMessage());
        }
        if (store != null) {
            fields.put("store", store);
        }
        return new ResponsesRequestFactory(fields);
    }

    /**
     * The request body for one exchange: model first, then input, then the other fields, stream last. Throws
     * IllegalArgumentException when the input or the model is unusable.
     *
     * @param previousResponseId the CamelEmbyPreviousResponseId header, or null
     */
    public Map<String, Object> build(ChatInput input, String previousResponseId, boolean stream) {
        Map<String, Object> fields = new LinkedHashMap<>(optionFields);
        Object items;
        if (input.requestMap() != null) {
            Map<String, Object> body = stringKeys(input.requestMap());
            if (!body.containsKey("input")) {
                throw new IllegalArgumentException("Unsupported body: a Map without an input key. Accepted bodies: "
                                                   + ACCEPTED_BODIES);
            }
            applyAdditional(fields, body);
            items = body.get("input");
        } else if (input.messages() != null) {
            items = inputItems(input.messages());
        } else {
            items = input.text();
        }
        applyOverrides(fields, input.overrides());
        if (previousResponseId != null) {
            fields.put("previous_response_id", previousResponseId);
        }
        return assemble(fields, items, stream);
    }

    private static void applyOverrides(Map<String, Object> fields, RequestOverrides o) {
        putIfSet(fields, "model", o.model());
        putIfSet(fields, "temperature", o.temperature());
        putIfSet(fields, "top_p", o.topP());
        if (o.maxCompletionTokens() != null) {
            fields.put("max_output_tokens", o.maxCompletionTokens());
        } else {
            putIfSet(fields, "max_output_tokens", o.maxTokens());
        }
        ResponsesFields.reasoningEffort(fields, o.reasoningEffort());
        if (o.tools() != null) {
            fields.put("tools", ResponsesFields.tools(o.tools()));
        }
        if (o.responseFormat() != null) {
            fields.put("text", ResponsesFields.textFormat(o.responseFormat()));
        }
        if (o.systemMessage() != null) {
            // an empty header turns the option's instructions off, as it turns chat's system message off
            if (o.systemMessage().isEmpty()) {
                fields.remove("instructions");
            } else {
                fields.put("instructions", o.systemMessage());
            }
        }
        applyAdditional(fields, o.additionalBodyProperties());
    }

    private static List<Object> inputItems(List<?> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("The input item list is empty: a Responses request needs some input");
        }
        List<Object> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null) {
                throw new IllegalArgumentException("Input item " + i + " is null");
            }
            if (item instanceof Map<?, ?> map) {
                items.add(stringKeys(map));
            } else if (item instanceof String) {
                throw new IllegalArgumentException("Input item " + i + " is a String: send a String body for text"
                                                   + " input, or Maps such as {role: user, content: ...} in a List");
            } else {
                try {
                    items.add(Json.mapper().convertValue(item, Map.class));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Input item " + i + ": cannot turn a " + item.getClass().getName()
                                                       + " into an input item object",
                            e);
                }
            }
        }
        return items;
    }

    private static Map<String, Object> assemble(Map<String, Object> fields, Object items, boolean stream) {
        Object model = fields.get("model");
        if (model == null || model instanceof String text && text.isBlank()) {
            throw new IllegalArgumentException("No model given: set the model option or the CamelEmbyModel header");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", model);
        request.put("input", items);
        fields.forEach((name, value) -> {
            if (!"model".equals(name) && !"input".equals(name) && !"stream".equals(name)) {
                request.put(name, value);
            }
        });
        // the caller alone decides stream
        request.put("stream", stream);
        return request;
    }
}
