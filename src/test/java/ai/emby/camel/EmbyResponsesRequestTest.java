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

import java.util.List;
import java.util.Map;

import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.ResponseEvents;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the request mapping of {@code emby:responses} on the body the server receives: a String is {@code input}, a
 * List the input items, a Map the body as is; options and headers map to the Responses API's names (systemMessage to
 * instructions, max tokens to max_output_tokens, reasoningEffort to reasoning.effort, chat-style tools flattened, the
 * JSON schema to text.format, store, previous_response_id), header over Map over option as for chat. Also a JSON
 * answer (stream=false) and an option with no counterpart.
 */
@SuppressWarnings({ "unchecked", "rawtypes" })
class EmbyResponsesRequestTest extends CamelTestSupport {

    private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                        + "\"parameters\":{\"type\":\"object\"}}}]";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";

    @RegisterExtension
    static LlmServer server = new LlmServer();

    private String uri(String options) {
        return "emby:responses?model=gpt-4.1&apiKey=sk-test&baseUrl=" + server.baseUrl() + "&" + options;
    }

    private Map<String, Object> sent(String options, Object body, Map<String, Object> headers) {
        server.enqueue(Responses.sse(ResponseEvents.answer("ok")));
        Exchange result = template.request(uri(options), e -> {
            e.getIn().setBody(body);
            e.getIn().setHeaders(headers);
        });
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("ok");
        return server.lastRequest().json();
    }

    @Test
    void textBodyAndOptions() {
        Map<String, Object> body = sent("systemMessage=Be+brief&maxCompletionTokens=64&temperature=0.2&topP=0.9"
                                        + "&reasoningEffort=low&store=false&parallelToolCalls=false"
                                        + "&tools=" + TOOLS + "&toolChoice=required&jsonSchema=" + SCHEMA,
                "hi", Map.of());

        assertThat(body).containsEntry("model", "gpt-4.1").containsEntry("input", "hi")
                .containsEntry("instructions", "Be brief").containsEntry("max_output_tokens", 64)
                .containsEntry("temperature", 0.2).containsEntry("top_p", 0.9).containsEntry("store", false)
                .containsEntry("parallel_tool_calls", false).containsEntry("tool_choice", "required")
                .containsEntry("stream", true)
                .doesNotContainKeys("messages", "max_completion_tokens", "reasoning_effort", "response_format",
                        "stream_options");
        assertThat((Map) body.get("reasoning")).containsEntry("effort", "low");
        assertThat((List<Map>) body.get("tools")).singleElement()
                .satisfies(tool -> assertThat(tool).containsEntry("type", "function")
                        .containsEntry("name", "get_weather").doesNotContainKey("function"));
        Map format = (Map) ((Map) body.get("text")).get("format");
        assertThat(format).containsEntry("type", "json_schema").containsEntry("name", "response")
                .containsEntry("strict", true).containsKey("schema");
    }

    @Test
    void listBodyIsTheInputItems() {
        List<Object> items = List.of(Map.of("role", "user", "content", "What is the weather?"),
                Map.of("type", "function_call_output", "call_id", "call_1", "output", "{\"temp\":21}"));

        Map<String, Object> body = sent("maxTokens=10", items, Map.of(EmbyConstants.PREVIOUS_RESPONSE_ID, "resp_0"));

        assertThat((List<Map>) body.get("input")).hasSize(2);
        assertThat(((List<Map>) body.get("input")).get(1)).containsEntry("call_id", "call_1");
        assertThat(body).containsEntry("previous_response_id", "resp_0").containsEntry("max_output_tokens", 10);
    }

    @Test
    void mapBodyIsSentAsIsHeaderOverMapOverOption() {
        Map<String, Object> request = Map.of("input", "from the map", "instructions", "map instructions",
                "temperature", 0.5, "max_output_tokens", 7, "reasoning", Map.of("summary", "auto"),
                "previous_response_id", "resp_map");

        Map<String, Object> body = sent("systemMessage=option&temperature=0.1", request,
                Map.of(EmbyConstants.TEMPERATURE, 0.9, EmbyConstants.REASONING_EFFORT, "high",
                        EmbyConstants.PREVIOUS_RESPONSE_ID, "resp_header"));

        assertThat(body).containsEntry("input", "from the map").containsEntry("instructions", "map instructions")
                .containsEntry("temperature", 0.9).containsEntry("max_output_tokens", 7)
                .containsEntry("previous_response_id", "resp_header");
        assertThat((Map) body.get("reasoning")).containsEntry("summary", "auto").containsEntry("effort", "high");
    }

    @Test
    void aMapWithoutInputIsRejectedBeforeSending() {
        Exchange result = template.request(uri("stream=true"), e -> e.getIn().setBody(Map.of("messages", List.of())));

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without an input key");
        assertThat(server.requests()).isEmpty();
    }

    /** stream=false: the answer is one Response object (OpenAI's reference shape). */
    @Test
    void aJsonAnswerIsReadWhole() {
        server.enqueue(Responses.json(200, "{\"id\":\"resp_w\",\"object\":\"response\",\"status\":\"completed\","
                                           + "\"model\":\"gpt-4.1\",\"output\":[{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
                                           + "\"text\":\"hmm\"}]},{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                                           + "\"text\":\"Whole\",\"annotations\":[]}]},{\"type\":\"function_call\",\"call_id\":\"call_w\","
                                           + "\"name\":\"f\",\"arguments\":\"{}\"}],\"usage\":{\"input_tokens\":3,\"output_tokens\":2,"
                                           + "\"total_tokens\":5}}"));

        Exchange result = template.request(uri("stream=false"), e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("Whole");
        assertThat(result.getMessage().getHeader(EmbyConstants.REASONING)).isEqualTo("hmm");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("tool_calls");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOOL_CALLS, List.class)).hasSize(1);
        assertThat(result.getMessage().getHeader(EmbyConstants.RESPONSE_ID)).isEqualTo("resp_w");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(5);
        assertThat(server.lastRequest().json()).containsEntry("stream", false);
    }

    @Test
    void anOptionWithNoCounterpartFailsTheRouteStart() {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stop").to(uri("stop=END"));
            }
        })).hasStackTraceContaining("Option stop has no counterpart in the Responses API");
    }
}
