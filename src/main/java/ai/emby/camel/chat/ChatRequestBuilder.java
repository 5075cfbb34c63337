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

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.emby.camel.EmbyConfiguration;
import ai.emby.camel.EmbyConstants;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;
import org.apache.camel.TypeConversionException;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Builds the JSON body of a Chat Completions request from an exchange, the endpoint options and the input headers.
 */
public final class ChatRequestBuilder {

    private static final String ACCEPTED_BODIES
            = "a String, byte[], InputStream, Reader, StreamCache or GenericFile (sent as one user message), a List of"
              + " messages, or a Map with a messages key (the request body)";
    private static final int MAX_SHOWN_VALUE = 100;

    private final CamelContext context;
    private final EmbyConfiguration configuration;
    private final ObjectMapper mapper;
    // Rejects "12 abc" and the like: a value is JSON only when the whole text is one JSON value.
    private final ObjectReader strictReader;

    // Published once by init(); build() only reads it, so one builder serves concurrent exchanges.
    private volatile Prepared prepared;

    /** What init() resolved from the options, immutable down to nested JSON values. */
    private record Prepared(Map<String, Object> optionFields, String systemMessage, boolean includeUsage) {
    }

    public ChatRequestBuilder(CamelContext context, EmbyConfiguration configuration, ObjectMapper mapper) {
        this.context = Objects.requireNonNull(context, "context");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.strictReader = mapper.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Resolves the jsonSchema and tools options (Camel resource URI via ResourceHelper, or inline JSON) and parses
     * stop, toolChoice and the additionalBodyProperty values; call once at producer start. Throws
     * IllegalArgumentException naming the option when a resource is missing or a JSON value is invalid.
     */
    public void init() {
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfSet(fields, "model", blankToNull(configuration.getModel()));
        putIfSet(fields, "temperature", configuration.getTemperature());
        putIfSet(fields, "top_p", configuration.getTopP());
        putIfSet(fields, "max_completion_tokens", configuration.getMaxCompletionTokens());
        putIfSet(fields, "max_tokens", configuration.getMaxTokens());
        putIfSet(fields, "seed", configuration.getSeed());
        putIfSet(fields, "stop", parseStop(configuration.getStop()));
        putIfSet(fields, "reasoning_effort", blankToNull(configuration.getReasoningEffort()));
        putIfSet(fields, "response_format", resolveResponseFormat());
        putIfSet(fields, "tools", resolveTools());
        putIfSet(fields, "tool_choice", parseToolChoice(configuration.getToolChoice()));
        putIfSet(fields, "parallel_tool_calls", configuration.getParallelToolCalls());
        if (configuration.isIncludeUsage()) {
            fields.put("stream_options", Map.of("include_usage", true));
        }
        applyAdditional(fields, parseAdditionalBodyProperties(configuration.getAdditionalBodyProperty()));
        prepared = new Prepared(
                Collections.unmodifiableMap(fields), blankToNull(configuration.getSystemMessage()),
                configuration.isIncludeUsage());
    }

    /**
     * Builds the Chat Completions request body for this exchange: model first, then messages, then the other fields.
     * The returned map is new and mutable; nested values that came from the options are shared and unmodifiable.
     * Throws IllegalArgumentException when the body, a header or the model is unusable; the API key is never read.
     */
    public Map<String, Object> build(Exchange exchange, boolean stream, boolean includeStreamOptions) {
        Prepared options = prepared;
        if (options == null) {
            throw new IllegalStateException("ChatRequestBuilder.init() must be called before build()");
        }
        Object body = exchange.getMessage().getBody();
        Map<String, Object> mapBody = asRequestMap(body);
        List<?> listBody = mapBody != null ? messagesOf(mapBody) : body instanceof List ? (List<?>) body : null;
        String text = listBody == null ? readText(exchange, body) : null;

        Map<String, Object> fields = new LinkedHashMap<>(options.optionFields());
        // A null in the Map means "not this field", as in the additional properties ("stream_options": null sends none).
        applyAdditional(fields, mapBody);
        applyHeaders(exchange, fields);
        applyAdditional(fields, mapHeader(exchange, EmbyConstants.ADDITIONAL_BODY_PROPERTIES));

        String systemMessage = systemMessage(exchange, options);
        List<Object> messages = listBody != null
                ? normalizeMessages(listBody, systemMessage)
                : textMessages(systemMessage, text);
        return assemble(fields, messages, streamOptions(fields, stream, includeStreamOptions, options), stream);
    }

    /** The body serialized as UTF-8 JSON bytes. */
    public byte[] toJson(Map<String, Object> body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize the chat request to JSON: " + e.getOriginalMessage(), e);
        }
    }

    // ---- init: options ------------------------------------------------------------------------------------------

    private List<String> parseStop(String stop) {
        if (stop == null || stop.isEmpty()) {
            return null;
        }
        List<String> sequences = new ArrayList<>();
        if (stop.startsWith("[")) {
            Object parsed = parseOptionJson("stop", stop);
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

    private Map<String, Object> resolveResponseFormat() {
        String format = blankToNull(configuration.getResponseFormat());
        String schemaOption = blankToNull(configuration.getJsonSchema());
        if (format == null && schemaOption == null) {
            return null;
        }
        // A schema on its own can only mean json_schema, so it does not need responseFormat spelled out as well.
        if (format == null || "json_schema".equals(format)) {
            if (schemaOption == null) {
                throw new IllegalArgumentException(
                        "Option responseFormat=json_schema needs the jsonSchema option (a resource URI or inline JSON)");
            }
            return Map.of("type", "json_schema", "json_schema", jsonSchemaEntry(schemaOption));
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

    private Map<String, Object> jsonSchemaEntry(String schemaOption) {
        Object document = resolveJsonOption("jsonSchema", schemaOption);
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

    private Object resolveTools() {
        String tools = blankToNull(configuration.getTools());
        if (tools == null) {
            return null;
        }
        Object parsed = resolveJsonOption("tools", tools);
        if (!(parsed instanceof List)) {
            throw new IllegalArgumentException("Option tools: expected a JSON array, got " + typeName(parsed));
        }
        return parsed;
    }

    private Object parseToolChoice(String toolChoice) {
        String value = blankToNull(toolChoice);
        if (value == null || !value.strip().startsWith("{")) {
            return value;
        }
        return parseOptionJson("toolChoice", value);
    }

    /** Inline JSON when the value starts with { or [, else a Camel resource URI (no scheme means classpath). */
    private Object resolveJsonOption(String option, String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return parseOptionJson(option, trimmed);
        }
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, trimmed)) {
            return freeze(strictReader.readValue(in));
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("Option " + option + ": resource '" + trimmed
                                               + "' not found (the value is neither inline JSON nor an existing resource)",
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Option " + option + ": resource '" + trimmed + "' is not valid JSON: "
                                               + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Option " + option + ": cannot read resource '" + trimmed + "': "
                                               + e.getMessage(),
                    e);
        }
    }

    private Object parseOptionJson(String option, String json) {
        try {
            return freeze(strictReader.readValue(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Option " + option + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, Object> parseAdditionalBodyProperties(Map<String, Object> properties) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        Map<String, Object> parsed = new LinkedHashMap<>();
        properties.forEach((name, value) -> parsed.put(name, parseAdditionalValue(value)));
        return parsed;
    }

    /** JSON number, boolean, object, array or string literal as that; the JSON null as null; anything else as text. */
    private Object parseAdditionalValue(Object value) {
        if (!(value instanceof String)) {
            return freeze(value);
        }
        try {
            return freeze(strictReader.readValue((String) value));
        } catch (JsonProcessingException e) {
            // Not JSON is the ordinary case for a plain text value (a user name, a tag): it is sent as the string.
            return value;
        }
    }

    // ---- build: body --------------------------------------------------------------------------------------------

    /** The body as a request map (a copy), null when it is another accepted type; fails for a Map without messages. */
    private static Map<String, Object> asRequestMap(Object body) {
        if (!(body instanceof Map)) {
            return null;
        }
        Map<?, ?> map = (Map<?, ?>) body;
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

    private static String readText(Exchange exchange, Object body) {
        try {
            if (body instanceof String) {
                return (String) body;
            }
            if (body instanceof byte[]) {
                return new String((byte[]) body, charset(exchange));
            }
            if (body instanceof Reader) {
                return readCached(body, () -> readAll((Reader) body));
            }
            if (body instanceof InputStream) {
                return readCached(body, () -> new String(((InputStream) body).readAllBytes(), charset(exchange)));
            }
            if (body instanceof StreamCache) {
                return readCached(body, () -> writeToString((StreamCache) body, exchange));
            }
            if (body instanceof WrappedFile) {
                return exchange.getContext().getTypeConverter().mandatoryConvertTo(String.class, exchange, body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + body.getClass().getName() + " body as text", e);
        } catch (NoTypeConversionAvailableException | TypeConversionException e) {
            throw new IllegalArgumentException("Cannot read the " + body.getClass().getName() + " body as text", e);
        }
        String type = body == null ? "null (no body)" : body.getClass().getName();
        throw new IllegalArgumentException("Unsupported body type " + type + ". Accepted bodies: " + ACCEPTED_BODIES);
    }

    /** Reads a body, resetting it before and after when it is a StreamCache so other processors can read it again. */
    private static String readCached(Object body, IoSupplier reader) throws IOException {
        StreamCache cache = body instanceof StreamCache ? (StreamCache) body : null;
        if (cache != null) {
            // An earlier processor may have left the cache at its end.
            cache.reset();
        }
        try {
            return reader.get();
        } finally {
            if (cache != null) {
                cache.reset();
            }
        }
    }

    @FunctionalInterface
    private interface IoSupplier {
        String get() throws IOException;
    }

    private static String readAll(Reader reader) throws IOException {
        StringWriter out = new StringWriter();
        reader.transferTo(out);
        return out.toString();
    }

    private static String writeToString(StreamCache cache, Exchange exchange) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.writeTo(out);
        return out.toString(charset(exchange));
    }

    /** The exchange's charset (CamelCharsetName header or property), else UTF-8: never the platform default. */
    private static Charset charset(Exchange exchange) {
        String name = ExchangeHelper.getCharsetName(exchange, false);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The exchange charset '" + name + "' is not supported", e);
        }
    }

    private static List<Object> textMessages(String systemMessage, String text) {
        List<Object> messages = new ArrayList<>(2);
        if (systemMessage != null) {
            messages.add(message("system", systemMessage));
        }
        messages.add(message("user", text));
        return messages;
    }

    private List<Object> normalizeMessages(List<?> input, String systemMessage) {
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

    private Map<String, Object> toMessage(int index, Object element) {
        if (element == null) {
            throw new IllegalArgumentException("Message " + index + " is null");
        }
        Map<String, Object> message;
        if (element instanceof Map) {
            message = stringKeys((Map<?, ?>) element);
        } else {
            try {
                message = stringKeys(mapper.convertValue(element, Map.class));
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

    // ---- build: headers and fields ------------------------------------------------------------------------------

    private void applyHeaders(Exchange exchange, Map<String, Object> fields) {
        putIfSet(fields, "model", header(exchange, EmbyConstants.MODEL, String.class));
        putIfSet(fields, "temperature", header(exchange, EmbyConstants.TEMPERATURE, Double.class));
        putIfSet(fields, "top_p", header(exchange, EmbyConstants.TOP_P, Double.class));
        putIfSet(fields, "max_completion_tokens", header(exchange, EmbyConstants.MAX_COMPLETION_TOKENS, Integer.class));
        putIfSet(fields, "max_tokens", header(exchange, EmbyConstants.MAX_TOKENS, Integer.class));
        putIfSet(fields, "reasoning_effort", header(exchange, EmbyConstants.REASONING_EFFORT, String.class));
        putIfSet(fields, "tools", listHeader(exchange, EmbyConstants.TOOLS));
        putIfSet(fields, "response_format", mapHeader(exchange, EmbyConstants.RESPONSE_FORMAT));
    }

    /** The header wins when present; an empty header value turns the option's system message off. */
    private String systemMessage(Exchange exchange, Prepared options) {
        String header = header(exchange, EmbyConstants.SYSTEM_MESSAGE, String.class);
        return header != null ? blankToNull(header) : options.systemMessage();
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
            parsed = strictReader.readValue(json);
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

    /** Puts every entry; a null value removes the field, also one an option or the body filled in. */
    private static void applyAdditional(Map<String, Object> fields, Map<String, Object> additional) {
        if (additional == null) {
            return;
        }
        additional.forEach((name, value) -> {
            if (value == null) {
                fields.remove(name);
            } else {
                fields.put(name, value);
            }
        });
    }

    /** The stream_options to send, or null for none. */
    private static Object streamOptions(
            Map<String, Object> fields, boolean stream, boolean includeStreamOptions, Prepared options) {
        Object value = fields.get("stream_options");
        if (!stream || !includeStreamOptions || value == null) {
            return null;
        }
        if (!(value instanceof Map) || !options.includeUsage()) {
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
                    "No model given: set the model option or the " + EmbyConstants.MODEL + " header");
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

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void putIfSet(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    /** Deep unmodifiable copy, so option values shared by every request cannot be changed through one of them. */
    private static Object freeze(Object value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((key, item) -> copy.put(String.valueOf(key), freeze(item)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            for (Object item : (List<?>) value) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "a JSON object";
        }
        if (value instanceof List) {
            return "a JSON array";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        if (text.length() > MAX_SHOWN_VALUE) {
            text = text.substring(0, MAX_SHOWN_VALUE) + "...";
        }
        return "'" + text + "' (" + value.getClass().getSimpleName() + ")";
    }
}
