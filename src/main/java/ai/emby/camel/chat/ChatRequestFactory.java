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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ai.emby.camel.chat.JsonValues.applyAdditional;
import static ai.emby.camel.chat.JsonValues.stringKeys;
import static ai.emby.camel.chat.JsonValues.typeName;

/**
 * Builds the JSON body of a Chat Completions request from the endpoint's resolved options and one exchange's
 * {@link ChatInput}.
 * <p>
 * Thread safe: one factory serves every exchange of an endpoint. The option values are frozen (deep unmodifiable), so
 * no request can change them for the next one.
 */
public final class ChatRequestFactory {

    /** The body types an exchange may carry, for error messages. */
    public static final String ACCEPTED_BODIES
            = "a String, byte[], InputStream, Reader, StreamCache or GenericFile (sent as one user message), a List of"
              + " messages, or a Map with a messages key (the request body)";

    private final Map<String, Object> optionFields;
    private final String systemMessage;
    private final boolean includeUsage;

    ChatRequestFactory(Map<String, Object> optionFields, String systemMessage, boolean includeUsage) {
        this.optionFields = Collections.unmodifiableMap(optionFields);
        this.systemMessage = systemMessage;
        this.includeUsage = includeUsage;
    }

    /** The resolved option fields in Chat Completions naming (unmodifiable), for a protocol that maps them. */
    public Map<String, Object> optionFields() {
        return optionFields;
    }

    /** The systemMessage option, or null. */
    public String systemMessage() {
        return systemMessage;
    }

    /**
     * Builds the request body for one exchange: model first, then messages, then the other fields. The returned map is
     * new and mutable; nested values that came from the options are shared and unmodifiable. Throws
     * IllegalArgumentException when the input or the model is unusable.
     */
    public Map<String, Object> build(ChatInput input, boolean stream, boolean includeStreamOptions) {
        Map<String, Object> mapBody = input.requestMap() == null ? null : asRequestMap(input.requestMap());
        List<?> listBody = mapBody != null ? messagesOf(mapBody) : input.messages();

        Map<String, Object> fields = new LinkedHashMap<>(optionFields);
        // A null in the Map means "not this field", as in the additional properties ("stream_options": null sends none).
        applyAdditional(fields, mapBody);
        RequestOverrides overrides = input.overrides();
        overrides.applyTo(fields);
        applyAdditional(fields, overrides.additionalBodyProperties());

        String system = overrides.systemMessageOr(systemMessage);
        List<Object> messages = listBody != null
                ? normalizeMessages(listBody, system)
                : textMessages(system, input.text());
        return assemble(fields, messages, streamOptions(fields, stream, includeStreamOptions, includeUsage), stream);
    }

    /** The Map body as a request map (a copy); fails for a Map without messages. */
    private static Map<String, Object> asRequestMap(Map<?, ?> map) {
        Object body = map;
        if (!map.containsKey("messages")) {
            throw new IllegalArgumentException(
                    "Unsupported body: a " + body.getClass().getName() + " without a messages key. Accepted bodies: "
                                               + ACCEPTED_BODIES);
        }
        return stringKeys(map);
    }

    private static List<?> messagesOf(Map<String, Object> mapBody) {
        Object messages = mapBody.get("messages");
        if (!(messages instanceof List)) {
            throw new IllegalArgumentException("The messages of a Map body must be a List, got " + typeName(messages));
        }
        return (List<?>) messages;
    }

    private static List<Object> textMessages(String systemMessage, String text) {
        List<Object> messages = new ArrayList<>(2);
        if (systemMessage != null) {
            messages.add(message("system", systemMessage));
        }
        messages.add(message("user", text));
        return messages;
    }

    private static List<Object> normalizeMessages(List<?> input, String systemMessage) {
        List<Object> messages = new ArrayList<>(input.size() + 1);
        for (int i = 0; i < input.size(); i++) {
            messages.add(toMessage(i, input.get(i)));
        }
        if (systemMessage != null && !startsWithSystem(messages)) {
            messages.add(0, message("system", systemMessage));
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("The message list is empty: a chat request needs at least one message");
        }
        return messages;
    }

    private static Map<String, Object> toMessage(int index, Object element) {
        if (element == null) {
            throw new IllegalArgumentException("Message " + index + " is null");
        }
        Map<String, Object> message;
        if (element instanceof Map) {
            message = stringKeys((Map<?, ?>) element);
        } else {
            try {
                message = stringKeys(Json.MAPPER.convertValue(element, Map.class));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Message " + index + ": cannot turn a " + element.getClass().getName()
                                                   + " into a message object",
                        e);
            }
        }
        Object role = message.get("role");
        if (!(role instanceof String) || ((String) role).isEmpty()) {
            throw new IllegalArgumentException("Message " + index + " has no role: every message needs a role (system,"
                                               + " user, assistant, tool, ...)");
        }
        return message;
    }

    private static boolean startsWithSystem(List<Object> messages) {
        return !messages.isEmpty() && "system".equals(((Map<?, ?>) messages.get(0)).get("role"));
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    /** The stream_options to send, or null for none. */
    private static Object streamOptions(
            Map<String, Object> fields, boolean stream, boolean includeStreamOptions, boolean includeUsage) {
        Object value = fields.get("stream_options");
        if (!stream || !includeStreamOptions || value == null) {
            return null;
        }
        if (!(value instanceof Map) || !includeUsage) {
            return value;
        }
        // A user's stream_options object keeps its keys (their include_usage too); includeUsage only adds what is missing.
        Map<String, Object> merged = stringKeys((Map<?, ?>) value);
        merged.putIfAbsent("include_usage", true);
        return merged;
    }

    private static Map<String, Object> assemble(
            Map<String, Object> fields, List<Object> messages, Object streamOptions, boolean stream) {
        Object model = fields.get("model");
        if (model == null || model instanceof String && ((String) model).isBlank()) {
            throw new IllegalArgumentException(
                    "No model given: set the model option or the CamelEmbyModel header");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", model);
        // The body alone decides the messages and the caller alone decides stream: no option or header replaces them.
        request.put("messages", messages);
        fields.forEach((name, value) -> {
            if (!"model".equals(name) && !"messages".equals(name) && !"stream".equals(name)
                    && !"stream_options".equals(name)) {
                request.put(name, value);
            }
        });
        request.put("stream", stream);
        if (streamOptions != null) {
            request.put("stream_options", streamOptions);
        }
        return request;
    }
}
