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

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import ai.emby.camel.chat.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.converter.stream.InputStreamCache;
import org.apache.camel.converter.stream.ReaderCache;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Unit tests of {@link ExchangeRequestBuilder}: input forms, option mapping, header overrides and stream options. */
class ExchangeRequestBuilderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    // One context for the class: the builder only needs its type converter and resource loader.
    private static CamelContext context;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    // ---- input forms --------------------------------------------------------------------------------------------

    @Test
    void stringBodyIsOneUserMessageAfterTheSystemMessage() {
        Map<String, Object> request = build(config(c -> c.setSystemMessage("Be brief.")), exchange("Hello"));

        assertThat(request.get("messages")).isEqualTo(List.of(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hello")));
    }

    @Test
    void jsonLookingStringStaysText() {
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        Map<String, Object> request = build(config(c -> { }), exchange(json));

        assertThat(request.get("messages")).isEqualTo(List.of(Map.of("role", "user", "content", json)));
    }

    @Test
    void byteArrayIsDecodedWithTheExchangeCharset() {
        Exchange exchange = exchange("Grüße".getBytes(StandardCharsets.ISO_8859_1));
        exchange.setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");

        assertThat(userText(build(config(c -> { }), exchange))).isEqualTo("Grüße");
    }

    @Test
    void byteArrayDefaultsToUtf8() {
        Exchange exchange = exchange("Grüße ✓".getBytes(StandardCharsets.UTF_8));

        assertThat(userText(build(config(c -> { }), exchange))).isEqualTo("Grüße ✓");
    }

    @Test
    void inputStreamIsReadAsText() {
        Exchange exchange = exchange(new ByteArrayInputStream("from a stream ✓".getBytes(StandardCharsets.UTF_8)));

        assertThat(userText(build(config(c -> { }), exchange))).isEqualTo("from a stream ✓");
    }

    @Test
    void readerIsReadAsText() {
        assertThat(userText(build(config(c -> { }), exchange(new StringReader("from a reader")))))
                .isEqualTo("from a reader");
    }

    @Test
    void streamCacheIsReadAndResetSoItCanBeReadAgain() throws Exception {
        InputStreamCache cache = new InputStreamCache("cached ✓".getBytes(StandardCharsets.UTF_8));
        Exchange exchange = exchange(cache);

        assertThat(userText(build(config(c -> { }), exchange))).isEqualTo("cached ✓");
        assertThat(new String(cache.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("cached ✓");
    }

    @Test
    void readerCacheIsReadAndReset() throws Exception {
        ReaderCache cache = new ReaderCache("cached reader");
        Exchange exchange = exchange(cache);

        assertThat(userText(build(config(c -> { }), exchange))).isEqualTo("cached reader");
        assertThat(userText(build(config(c -> { }), exchange))).isEqualTo("cached reader");
    }

    @Test
    void genericFileIsReadAsText() throws Exception {
        File file = Files.writeString(tempDir.resolve("prompt.txt"), "from a file ✓").toFile();
        GenericFile<File> genericFile = new GenericFile<>();
        genericFile.setFile(file);
        genericFile.setFileName(file.getName());
        genericFile.setAbsoluteFilePath(file.getAbsolutePath());
        genericFile.setBody(file);

        assertThat(userText(build(config(c -> { }), exchange(genericFile)))).isEqualTo("from a file ✓");
    }

    @Test
    void listOfMapsIsTheMessagesArrayWithEveryKeyKept() {
        Map<String, Object> assistant = new LinkedHashMap<>();
        assistant.put("role", "assistant");
        assistant.put("content", null);
        assistant.put("tool_calls", List.of(Map.of("id", "call_1", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Oslo\"}"))));
        assistant.put("reasoning_content", "thinking");
        List<Object> messages = List.of(
                Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "Weather?"))),
                assistant,
                Map.of("role", "tool", "tool_call_id", "call_1", "name", "get_weather", "content", "sunny"));

        Map<String, Object> request = build(config(c -> { }), exchange(messages));

        assertThat(request.get("messages")).isEqualTo(messages);
    }

    @Test
    void listOfPojosIsConvertedByJackson() {
        List<Object> messages = List.of(new Message("user", "Hi"), new Message("assistant", "Hello"));

        Map<String, Object> request = build(config(c -> { }), exchange(messages));

        assertThat(request.get("messages")).isEqualTo(List.of(
                Map.of("role", "user", "content", "Hi"),
                Map.of("role", "assistant", "content", "Hello")));
    }

    @Test
    void messageWithoutRoleFailsNamingItsIndex() {
        List<Object> messages = List.of(Map.of("role", "user", "content", "a"), Map.of("content", "b"));

        assertThatThrownBy(() -> build(config(c -> { }), exchange(messages)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Message 1 has no role");
    }

    @Test
    void messageThatIsNotAnObjectFailsNamingItsIndex() {
        assertThatThrownBy(() -> build(config(c -> { }), exchange(List.of("just text"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Message 0")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void systemMessageIsPrependedToAList() {
        Map<String, Object> request = build(config(c -> c.setSystemMessage("Be brief.")),
                exchange(List.of(Map.of("role", "user", "content", "Hi"))));

        assertThat(request.get("messages")).isEqualTo(List.of(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi")));
    }

    @Test
    void systemMessageIsNotAddedWhenTheListStartsWithOne() {
        List<Object> messages = List.of(Map.of("role", "system", "content", "Mine."), Map.of("role", "user", "content", "Hi"));

        Map<String, Object> request = build(config(c -> c.setSystemMessage("Be brief.")), exchange(messages));

        assertThat(request.get("messages")).isEqualTo(messages);
    }

    @Test
    void systemMessageHeaderOverridesTheOptionAndAnEmptyOneTurnsItOff() {
        ExchangeRequestBuilder builder = config(c -> c.setSystemMessage("Option."));
        Exchange overridden = exchange("Hi");
        overridden.getMessage().setHeader(EmbyConstants.SYSTEM_MESSAGE, "Header.");
        Exchange off = exchange("Hi");
        off.getMessage().setHeader(EmbyConstants.SYSTEM_MESSAGE, "");

        assertThat(messages(build(builder, overridden)).get(0)).isEqualTo(Map.of("role", "system", "content", "Header."));
        assertThat(messages(build(builder, off))).containsExactly(Map.of("role", "user", "content", "Hi"));
    }

    @Test
    void emptyMessageListFails() {
        assertThatThrownBy(() -> build(config(c -> { }), exchange(List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void mapBodyIsTheRequestWithHeaderOverMapOverOption() {
        ExchangeRequestBuilder builder = config(c -> {
            c.setTemperature(0.1);
            c.setTopP(0.5);
            c.setSeed(7L);
            c.setSystemMessage("Be brief.");
        });
        Map<String, Object> body = new HashMap<>();
        body.put("model", "map-model");
        body.put("messages", List.of(Map.of("role", "user", "content", "Hi")));
        body.put("temperature", 0.2);
        body.put("top_p", 0.6);
        body.put("user", "alice");
        Map<String, Object> original = deepCopy(body);
        Exchange exchange = exchange(body);
        exchange.getMessage().setHeader(EmbyConstants.TEMPERATURE, 0.3);

        Map<String, Object> request = build(builder, exchange);

        assertThat(request)
                .containsEntry("model", "map-model")
                .containsEntry("temperature", 0.3)
                .containsEntry("top_p", 0.6)
                .containsEntry("seed", 7L)
                .containsEntry("user", "alice")
                .containsEntry("stream", true);
        assertThat(messages(request)).containsExactly(
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hi"));
        assertThat(body).isEqualTo(original);
    }

    @Test
    void mapBodyStreamIsAlwaysSetByTheBuilder() {
        Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")), "stream", true);

        assertThat(config(c -> { }).build(exchange(body), false, true))
                .containsEntry("stream", false)
                .doesNotContainKey("stream_options");
    }

    @Test
    void mapWithoutMessagesFailsNamingTheBodyType() {
        assertThatThrownBy(() -> build(config(c -> { }), exchange(Map.of("prompt", "Hi"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a messages key")
                .hasMessageContaining("Map")
                .hasMessageContaining("Accepted bodies");
    }

    @Test
    void unsupportedBodyTypeFailsWithTheAcceptedTypes() {
        assertThatThrownBy(() -> build(config(c -> { }), exchange(42)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer")
                .hasMessageContaining("String, byte[], InputStream, Reader, StreamCache or GenericFile")
                .hasMessageContaining("a List of messages")
                .hasMessageContaining("a Map with a messages key");
    }

    @Test
    void nullBodyFails() {
        assertThatThrownBy(() -> build(config(c -> { }), exchange(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null")
                .hasMessageContaining("Accepted bodies");
    }

    // ---- options ------------------------------------------------------------------------------------------------

    @Test
    void everyOptionMapsToItsFieldWithModelAndMessagesFirst() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> {
            c.setTemperature(0.7);
            c.setTopP(0.9);
            c.setMaxCompletionTokens(256);
            c.setSeed(42L);
            c.setStop("END");
            c.setReasoningEffort("low");
            c.setResponseFormat("json_object");
            c.setToolChoice("required");
            c.setParallelToolCalls(false);
        }));
        builder.init();

        Map<String, Object> request = builder.build(exchange("Hi"), true, true);

        assertThat(request).containsExactly(
                Map.entry("model", "test-model"),
                Map.entry("messages", List.of(Map.of("role", "user", "content", "Hi"))),
                Map.entry("temperature", 0.7),
                Map.entry("top_p", 0.9),
                Map.entry("max_completion_tokens", 256),
                Map.entry("seed", 42L),
                Map.entry("stop", List.of("END")),
                Map.entry("reasoning_effort", "low"),
                Map.entry("response_format", Map.of("type", "json_object")),
                Map.entry("tool_choice", "required"),
                Map.entry("parallel_tool_calls", false),
                Map.entry("stream", true),
                Map.entry("stream_options", Map.of("include_usage", true)));
    }

    @Test
    void unsetOptionsAreNotSent() {
        assertThat(build(config(c -> { }), exchange("Hi")).keySet())
                .containsExactly("model", "messages", "stream", "stream_options");
    }

    @Test
    void maxTokensIsSentAsMaxTokens() {
        assertThat(build(config(c -> c.setMaxTokens(100)), exchange("Hi")))
                .containsEntry("max_tokens", 100)
                .doesNotContainKey("max_completion_tokens");
    }

    @Test
    void stopAsCommaSeparatedListKeepsItemsExactly() {
        assertThat(build(config(c -> c.setStop("a, b,\n,")), exchange("Hi")).get("stop"))
                .isEqualTo(List.of("a", " b", "\n"));
    }

    @Test
    void stopAsJsonArrayKeepsCommas() {
        assertThat(build(config(c -> c.setStop("[\"a,b\",\"c\"]")), exchange("Hi")).get("stop"))
                .isEqualTo(List.of("a,b", "c"));
    }

    @Test
    void invalidStopJsonFailsNamingTheOption() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> c.setStop("[\"a\"")));

        assertThatThrownBy(builder::init)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Option stop");
    }

    @Test
    void responseFormatText() {
        assertThat(build(config(c -> c.setResponseFormat("text")), exchange("Hi")).get("response_format"))
                .isEqualTo(Map.of("type", "text"));
    }

    @Test
    void responseFormatJsonSchemaWrapsAnInlineSchema() {
        ExchangeRequestBuilder builder = config(c -> {
            c.setResponseFormat("json_schema");
            c.setJsonSchema("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}");
        });

        assertThat(build(builder, exchange("Hi")).get("response_format")).isEqualTo(Map.of(
                "type", "json_schema",
                "json_schema", Map.of(
                        "name", "response",
                        "schema", Map.of("type", "object", "properties", Map.of("answer", Map.of("type", "string"))),
                        "strict", true)));
    }

    @Test
    void responseFormatJsonSchemaFromTheClasspath() {
        ExchangeRequestBuilder builder = config(c -> {
            c.setResponseFormat("json_schema");
            c.setJsonSchema("classpath:chat-request/person-schema.json");
        });

        Map<?, ?> jsonSchema = (Map<?, ?>) ((Map<?, ?>) build(builder, exchange("Hi")).get("response_format"))
                .get("json_schema");

        assertThat(jsonSchema.get("name")).isEqualTo("response");
        assertThat(jsonSchema.get("strict")).isEqualTo(true);
        assertThat(((Map<?, ?>) jsonSchema.get("schema")).get("required")).isEqualTo(List.of("name", "age"));
    }

    @Test
    void jsonSchemaDocumentWithNameAndSchemaIsSentAsIs() {
        ExchangeRequestBuilder builder = config(c -> {
            c.setResponseFormat("json_schema");
            c.setJsonSchema("classpath:chat-request/named-schema.json");
        });

        assertThat(build(builder, exchange("Hi")).get("response_format")).isEqualTo(Map.of(
                "type", "json_schema",
                "json_schema", Map.of(
                        "name", "person",
                        "strict", false,
                        "schema", Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"))))));
    }

    @Test
    void jsonSchemaAloneImpliesJsonSchemaFormat() {
        ExchangeRequestBuilder builder = config(c -> c.setJsonSchema("{\"type\":\"object\"}"));

        assertThat(((Map<?, ?>) build(builder, exchange("Hi")).get("response_format")).get("type"))
                .isEqualTo("json_schema");
    }

    @Test
    void jsonSchemaFormatWithoutSchemaFails() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> c.setResponseFormat("json_schema")));

        assertThatThrownBy(builder::init)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jsonSchema");
    }

    @Test
    void missingSchemaResourceFailsNamingTheOption() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> {
            c.setResponseFormat("json_schema");
            c.setJsonSchema("classpath:chat-request/nope.json");
        }));

        assertThatThrownBy(builder::init)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Option jsonSchema")
                .hasMessageContaining("classpath:chat-request/nope.json")
                .hasMessageContaining("not found");
    }

    @Test
    void invalidSchemaJsonFailsNamingTheOption() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> {
            c.setResponseFormat("json_schema");
            c.setJsonSchema("classpath:chat-request/broken.json");
        }));

        assertThatThrownBy(builder::init)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Option jsonSchema")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void unknownResponseFormatFails() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> c.setResponseFormat("yaml")));

        assertThatThrownBy(builder::init)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Option responseFormat");
    }

    @Test
    void toolsFromTheClasspath() {
        List<?> tools = (List<?>) build(config(c -> c.setTools("classpath:chat-request/tools.json")), exchange("Hi"))
                .get("tools");

        assertThat(tools).hasSize(1);
        assertThat(((Map<?, ?>) ((Map<?, ?>) tools.get(0)).get("function")).get("name")).isEqualTo("get_weather");
    }

    @Test
    void toolsFromAFile() throws Exception {
        Path file = Files.writeString(tempDir.resolve("tools.json"), "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");

        assertThat(build(config(c -> c.setTools("file:" + file)), exchange("Hi")).get("tools"))
                .isEqualTo(List.of(Map.of("type", "function", "function", Map.of("name", "f"))));
    }

    @Test
    void toolsInline() {
        ExchangeRequestBuilder builder = config(c -> {
            c.setTools(" [{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]");
            c.setToolChoice("{\"type\":\"function\",\"function\":{\"name\":\"now\"}}");
        });

        Map<String, Object> request = build(builder, exchange("Hi"));

        assertThat(request.get("tools")).isEqualTo(List.of(Map.of("type", "function", "function", Map.of("name", "now"))));
        assertThat(request.get("tool_choice")).isEqualTo(Map.of("type", "function", "function", Map.of("name", "now")));
    }

    @Test
    void toolsThatAreNotAnArrayFail() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> c.setTools("{\"type\":\"function\"}")));

        assertThatThrownBy(builder::init)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Option tools")
                .hasMessageContaining("JSON array");
    }

    @Test
    void optionValuesAreResolvedOnceAndCannotBeChangedThroughARequest() throws Exception {
        Path file = Files.writeString(tempDir.resolve("tools.json"), "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        EmbyConfiguration configuration = configuration(c -> c.setTools("file:" + file));
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration);
        builder.init();
        Files.delete(file);
        configuration.setModel("changed-after-init");

        Map<String, Object> first = builder.build(exchange("Hi"), true, true);
        Map<String, Object> second = builder.build(exchange("Hi"), true, true);

        assertThat(first.get("model")).isEqualTo("test-model");
        assertThat(second.get("tools")).isEqualTo(first.get("tools"));
        assertThatThrownBy(() -> ((List<?>) first.get("tools")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void buildBeforeInitFails() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(c -> { }));

        assertThatThrownBy(() -> builder.build(exchange("Hi"), true, true)).isInstanceOf(IllegalStateException.class);
    }

    // ---- additionalBodyProperty ---------------------------------------------------------------------------------

    @Test
    void additionalBodyPropertiesAreTypedLikeJson() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("number", "12");
        properties.put("decimal", "0.5");
        properties.put("flag", "true");
        properties.put("object", "{\"a\":1}");
        properties.put("array", "[1,\"x\"]");
        properties.put("quoted", "\"12345\"");
        properties.put("plain", "hello world");
        properties.put("almost", "12 monkeys");
        properties.put("typed", 3);

        Map<String, Object> request = build(config(c -> c.setAdditionalBodyProperty(properties)), exchange("Hi"));

        assertThat(request)
                .containsEntry("number", 12)
                .containsEntry("decimal", 0.5)
                .containsEntry("flag", true)
                .containsEntry("object", Map.of("a", 1))
                .containsEntry("array", List.of(1, "x"))
                .containsEntry("quoted", "12345")
                .containsEntry("plain", "hello world")
                .containsEntry("almost", "12 monkeys")
                .containsEntry("typed", 3);
    }

    @Test
    void additionalBodyPropertyNullRemovesAnOptionFilledField() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("temperature", "null");
        properties.put("top_p", null);
        properties.put("seed", "99");

        Map<String, Object> request = build(config(c -> {
            c.setTemperature(0.5);
            c.setTopP(0.5);
            c.setSeed(1L);
            c.setAdditionalBodyProperty(properties);
        }), exchange("Hi"));

        assertThat(request).doesNotContainKeys("temperature", "top_p").containsEntry("seed", 99);
    }

    @Test
    void additionalBodyPropertyNullRemovesStreamOptions() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("stream_options", "null");

        assertThat(build(config(c -> c.setAdditionalBodyProperty(properties)), exchange("Hi")))
                .doesNotContainKey("stream_options");
    }

    // ---- headers ------------------------------------------------------------------------------------------------

    @Test
    void headersOverrideOptions() {
        ExchangeRequestBuilder builder = config(c -> {
            c.setTemperature(0.1);
            c.setTopP(0.1);
            c.setMaxCompletionTokens(10);
            c.setReasoningEffort("low");
            c.setTools("[{\"type\":\"function\",\"function\":{\"name\":\"option\"}}]");
            c.setResponseFormat("text");
        });
        Exchange exchange = exchange("Hi");
        exchange.getMessage().setHeader(EmbyConstants.MODEL, "header-model");
        exchange.getMessage().setHeader(EmbyConstants.TEMPERATURE, "0.9");
        exchange.getMessage().setHeader(EmbyConstants.TOP_P, 0.8f);
        exchange.getMessage().setHeader(EmbyConstants.MAX_COMPLETION_TOKENS, "20");
        exchange.getMessage().setHeader(EmbyConstants.MAX_TOKENS, 30L);
        exchange.getMessage().setHeader(EmbyConstants.REASONING_EFFORT, "high");
        exchange.getMessage().setHeader(EmbyConstants.TOOLS,
                List.of(Map.of("type", "function", "function", Map.of("name", "header"))));
        exchange.getMessage().setHeader(EmbyConstants.RESPONSE_FORMAT, Map.of("type", "json_object"));

        Map<String, Object> request = build(builder, exchange);

        assertThat(request)
                .containsEntry("model", "header-model")
                .containsEntry("temperature", 0.9)
                .containsEntry("max_completion_tokens", 20)
                .containsEntry("max_tokens", 30)
                .containsEntry("reasoning_effort", "high")
                .containsEntry("tools", List.of(Map.of("type", "function", "function", Map.of("name", "header"))))
                .containsEntry("response_format", Map.of("type", "json_object"));
        assertThat((Double) request.get("top_p")).isCloseTo(0.8, within(1e-6));
        assertThat(request.keySet()).first().isEqualTo("model");
    }

    @Test
    void jsonHeadersAcceptJsonStrings() {
        Exchange exchange = exchange("Hi");
        exchange.getMessage().setHeader(EmbyConstants.TOOLS, "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        exchange.getMessage().setHeader(EmbyConstants.RESPONSE_FORMAT, "{\"type\":\"json_object\"}");
        exchange.getMessage().setHeader(EmbyConstants.ADDITIONAL_BODY_PROPERTIES, "{\"user\":\"bob\"}");

        assertThat(build(config(c -> { }), exchange))
                .containsEntry("tools", List.of(Map.of("type", "function", "function", Map.of("name", "f"))))
                .containsEntry("response_format", Map.of("type", "json_object"))
                .containsEntry("user", "bob");
    }

    @Test
    void badHeaderValueFailsNamingTheHeaderAndType() {
        Exchange exchange = exchange("Hi");
        exchange.getMessage().setHeader(EmbyConstants.TEMPERATURE, "abc");

        assertThatThrownBy(() -> build(config(c -> { }), exchange))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Header CamelEmbyTemperature: cannot convert 'abc' (String) to Double")
                .hasCauseInstanceOf(Exception.class);
    }

    @Test
    void badJsonHeaderFailsNamingTheHeader() {
        Exchange exchange = exchange("Hi");
        exchange.getMessage().setHeader(EmbyConstants.TOOLS, "{\"type\":\"function\"}");

        assertThatThrownBy(() -> build(config(c -> { }), exchange))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Header CamelEmbyTools")
                .hasMessageContaining("List");
    }

    @Test
    void additionalBodyPropertiesHeaderIsMergedLastAndNullRemoves() {
        Map<String, Object> optionProperties = new LinkedHashMap<>();
        optionProperties.put("user", "option-user");
        Map<String, Object> headerProperties = new HashMap<>();
        headerProperties.put("user", "header-user");
        headerProperties.put("temperature", null);
        headerProperties.put("max_tokens", 5);
        Exchange exchange = exchange("Hi");
        exchange.getMessage().setHeader(EmbyConstants.TEMPERATURE, 0.4);
        exchange.getMessage().setHeader(EmbyConstants.ADDITIONAL_BODY_PROPERTIES, headerProperties);

        Map<String, Object> request = build(config(c -> {
            c.setAdditionalBodyProperty(optionProperties);
            c.setMaxCompletionTokens(50);
        }), exchange);

        assertThat(request)
                .containsEntry("user", "header-user")
                .containsEntry("max_tokens", 5)
                .containsEntry("max_completion_tokens", 50)
                .doesNotContainKey("temperature");
    }

    @Test
    void otherHeadersNeverShapeTheRequest() {
        Exchange exchange = exchange("Hi");
        exchange.getMessage().setHeader("Authorization", "Bearer leaked");
        exchange.getMessage().setHeader("temperature", 2.0);
        exchange.getMessage().setHeader("CamelHttpUri", "http://elsewhere");

        assertThat(build(config(c -> { }), exchange).keySet())
                .containsExactly("model", "messages", "stream", "stream_options");
    }

    // ---- model and stream options -------------------------------------------------------------------------------

    @Test
    void missingModelFailsNamingTheOptionAndHeader() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, new EmbyConfiguration());
        builder.init();

        assertThatThrownBy(() -> builder.build(exchange("Hi"), true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model option")
                .hasMessageContaining("CamelEmbyModel header");
    }

    @Test
    void modelFromTheHeaderAlone() {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, new EmbyConfiguration());
        builder.init();
        Exchange exchange = exchange("Hi");
        exchange.getMessage().setHeader(EmbyConstants.MODEL, "gpt-5");

        assertThat(builder.build(exchange, true, true)).containsEntry("model", "gpt-5");
    }

    @Test
    void nonStreamingRequestHasNoStreamOptions() {
        assertThat(config(c -> { }).build(exchange("Hi"), false, true))
                .containsEntry("stream", false)
                .doesNotContainKey("stream_options");
    }

    @Test
    void streamOptionsAreLeftOutWhenTheServerRejectsThem() {
        Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")),
                "stream_options", Map.of("include_obfuscation", false));

        assertThat(config(c -> { }).build(exchange(body), true, false))
                .containsEntry("stream", true)
                .doesNotContainKey("stream_options");
    }

    @Test
    void includeUsageFalseSendsNoStreamOptions() {
        assertThat(build(config(c -> c.setIncludeUsage(false)), exchange("Hi"))).doesNotContainKey("stream_options");
    }

    @Test
    void mapStreamOptionsAreMergedWithIncludeUsage() {
        Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")),
                "stream_options", Map.of("include_obfuscation", false));

        Map<String, Object> request = build(config(c -> { }), exchange(body));

        assertThat(request.get("stream_options")).isEqualTo(Map.of("include_obfuscation", false, "include_usage", true));
        assertThat(body.get("stream_options")).isEqualTo(Map.of("include_obfuscation", false));
    }

    @Test
    void mapStreamOptionsKeepTheirOwnIncludeUsage() {
        Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")),
                "stream_options", Map.of("include_usage", false));

        assertThat(build(config(c -> { }), exchange(body)).get("stream_options")).isEqualTo(Map.of("include_usage", false));
    }

    @Test
    void mapStreamOptionsNullSendsNone() {
        Map<String, Object> body = new HashMap<>();
        body.put("messages", List.of(Map.of("role", "user", "content", "Hi")));
        body.put("stream_options", null);

        assertThat(build(config(c -> { }), exchange(body))).doesNotContainKey("stream_options");
    }

    @Test
    void toJsonWritesUtf8() throws Exception {
        ExchangeRequestBuilder builder = config(c -> c.setStop("a,b"));
        Map<String, Object> request = builder.build(exchange("Grüße ✓"), true, true);

        byte[] json = Json.writeBytes(request);

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Grüße ✓\"}],"
                                                                     + "\"stop\":[\"a\",\"b\"],\"stream\":true,"
                                                                     + "\"stream_options\":{\"include_usage\":true}}");
        assertThat(MAPPER.readTree(json)).isEqualTo(MAPPER.valueToTree(request));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A message POJO, as user code might keep its conversation. */
    public record Message(String role, String content) {
    }

    private EmbyConfiguration configuration(Consumer<EmbyConfiguration> customizer) {
        EmbyConfiguration configuration = new EmbyConfiguration();
        configuration.setModel("test-model");
        customizer.accept(configuration);
        return configuration;
    }

    /** A builder for test-model with the given options, already initialized. */
    private ExchangeRequestBuilder config(Consumer<EmbyConfiguration> customizer) {
        ExchangeRequestBuilder builder = new ExchangeRequestBuilder(context, configuration(customizer));
        builder.init();
        return builder;
    }

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private static Map<String, Object> build(ExchangeRequestBuilder builder, Exchange exchange) {
        return builder.build(exchange, true, true);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(Map<String, Object> request) {
        return (List<Map<String, Object>>) request.get("messages");
    }

    private static String userText(Map<String, Object> request) {
        List<Map<String, Object>> messages = messages(request);
        return (String) messages.get(messages.size() - 1).get("content");
    }

    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.put("messages", new ArrayList<>((List<?>) map.get("messages")));
        return copy;
    }
}
