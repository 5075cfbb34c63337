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
package ai.emby.camel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.emby.camel.chat.ChatInput;
import ai.emby.camel.chat.ChatOptions;
import ai.emby.camel.chat.ChatRequestFactory;
import ai.emby.camel.chat.Json;
import ai.emby.camel.chat.RequestOverrides;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConversionException;
import org.apache.camel.support.ResourceHelper;

/**
 * The Camel half of a chat request: the endpoint options into a {@link ChatRequestFactory} (once, at producer start,
 * resources resolved through Camel), and each exchange's body and {@code CamelEmby*} headers into a {@link ChatInput}.
 */
final class ExchangeRequestBuilder {

    private static final int MAX_SHOWN_VALUE = 100;

    private final CamelContext context;
    private final EmbyConfiguration configuration;
    // published once by init(); build() only reads it, so one builder serves concurrent exchanges
    private volatile ChatRequestFactory factory;
    private final BodyText bodyText = new BodyText();

    ExchangeRequestBuilder(CamelContext context, EmbyConfiguration configuration) {
        this.context = Objects.requireNonNull(context, "context");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    /**
     * Resolves the options (jsonSchema and tools through Camel's resource loader); call once at producer start. Throws
     * IllegalArgumentException naming the option when a resource is missing or a JSON value is invalid.
     */
    void init() {
        EmbyConfiguration c = configuration;
        factory = new ChatOptions()
                .model(c.getModel())
                .temperature(c.getTemperature())
                .topP(c.getTopP())
                .maxCompletionTokens(c.getMaxCompletionTokens())
                .maxTokens(c.getMaxTokens())
                .seed(c.getSeed())
                .stop(c.getStop())
                .reasoningEffort(c.getReasoningEffort())
                .responseFormat(c.getResponseFormat())
                .jsonSchema(c.getJsonSchema())
                .tools(c.getTools())
                .toolChoice(c.getToolChoice())
                .parallelToolCalls(c.getParallelToolCalls())
                .additionalBodyProperties(c.getAdditionalBodyProperty())
                .systemMessage(c.getSystemMessage())
                .includeUsage(c.isIncludeUsage())
                .build(uri -> ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri));
    }

    /**
     * Builds the Chat Completions request body for this exchange. Throws IllegalArgumentException when the body, a
     * header or the model is unusable; the API key is never read.
     */
    Map<String, Object> build(Exchange exchange, boolean stream, boolean includeStreamOptions) {
        ChatRequestFactory prepared = factory;
        if (prepared == null) {
            throw new IllegalStateException("init() must be called before build()");
        }
        return prepared.build(input(exchange, ChatRequestFactory.ACCEPTED_BODIES), stream, includeStreamOptions);
    }

    /** The resolved options, for a protocol that maps them to its own request (after {@link #init()}). */
    ChatRequestFactory factory() {
        ChatRequestFactory prepared = factory;
        if (prepared == null) {
            throw new IllegalStateException("init() must be called before factory()");
        }
        return prepared;
    }

    /**
     * This exchange's body and {@code CamelEmby*} headers as a protocol's input.
     *
     * @param acceptedBodies what the protocol accepts, for the error of an unusable body
     */
    ChatInput input(Exchange exchange, String acceptedBodies) {
        Object body = exchange.getMessage().getBody();
        RequestOverrides overrides = overrides(exchange);
        if (body instanceof Map) {
            return ChatInput.requestMap((Map<?, ?>) body, overrides);
        }
        if (body instanceof List) {
            return ChatInput.messages((List<?>) body, overrides);
        }
        return ChatInput.text(bodyText.read(exchange, body, acceptedBodies), overrides);
    }

    private RequestOverrides overrides(Exchange exchange) {
        return new RequestOverrides(
                // a blank model or effort header (an unset variable in a setHeader) means "not set", never "send ''"
                blankToNull(header(exchange, EmbyConstants.MODEL, String.class)),
                header(exchange, EmbyConstants.TEMPERATURE, Double.class),
                header(exchange, EmbyConstants.TOP_P, Double.class),
                header(exchange, EmbyConstants.MAX_COMPLETION_TOKENS, Integer.class),
                header(exchange, EmbyConstants.MAX_TOKENS, Integer.class),
                blankToNull(header(exchange, EmbyConstants.REASONING_EFFORT, String.class)),
                listHeader(exchange, EmbyConstants.TOOLS),
                mapHeader(exchange, EmbyConstants.RESPONSE_FORMAT),
                header(exchange, EmbyConstants.SYSTEM_MESSAGE, String.class),
                mapHeader(exchange, EmbyConstants.ADDITIONAL_BODY_PROPERTIES));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private <T> T header(Exchange exchange, String name, Class<T> type) {
        return convertHeader(exchange, name, exchange.getMessage().getHeader(name), type);
    }

    private static <T> T convertHeader(Exchange exchange, String name, Object value, Class<T> type) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return exchange.getContext().getTypeConverter().mandatoryConvertTo(type, exchange, value);
        } catch (NoTypeConversionAvailableException | TypeConversionException e) {
            throw new IllegalArgumentException(
                    "Header " + name + ": cannot convert " + describe(value) + " to " + type.getSimpleName(), e);
        }
    }

    /** A List header; a String is read as a JSON array, since Camel would otherwise wrap it as a one-item list. */
    private List<?> listHeader(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        if (value instanceof String) {
            value = parseHeaderJson(name, (String) value, List.class, "a JSON array");
        }
        return convertHeader(exchange, name, value, List.class);
    }

    /** A Map header, copied with String keys; a String is read as a JSON object. */
    private Map<String, Object> mapHeader(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        if (value instanceof String) {
            value = parseHeaderJson(name, (String) value, Map.class, "a JSON object");
        }
        Map<?, ?> map = convertHeader(exchange, name, value, Map.class);
        return map == null ? null : stringKeys(map);
    }

    private Object parseHeaderJson(String name, String json, Class<?> type, String expected) {
        Object parsed;
        try {
            parsed = Json.readStrict(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Header " + name + ": cannot convert " + describe(json) + " to "
                                               + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        }
        if (!type.isInstance(parsed)) {
            throw new IllegalArgumentException("Header " + name + ": cannot convert " + describe(json) + " to "
                                               + type.getSimpleName() + " (expected " + expected + ")");
        }
        return parsed;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        if (text.length() > MAX_SHOWN_VALUE) {
            text = text.substring(0, MAX_SHOWN_VALUE) + "...";
        }
        return "'" + text + "' (" + value.getClass().getSimpleName() + ")";
    }
}