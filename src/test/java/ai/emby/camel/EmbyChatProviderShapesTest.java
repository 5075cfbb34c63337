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

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Chunks.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the output contract over HTTP for the chunk shapes real providers send, each stream written from the
 * provider's documented behaviour: OpenAI's usage-only last chunk, Azure's prompt-filter chunk, Groq's x_groq.usage,
 * DeepSeek's reasoning_content, parallel tool calls in fragments, the legacy function_call, refusals and n > 1.
 */
@SuppressWarnings({ "unchecked", "rawtypes" })
class EmbyChatProviderShapesTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s", server.baseUrl());
                from("direct:emit")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s&deltaUri=mock:deltas&emitReasoning=true",
                                server.baseUrl());
            }
        };
    }

    private Exchange chat(String route) {
        return template.request(route, e -> e.getIn().setBody("hi"));
    }

    @Test
    void openAiUsageOnlyFinalChunkWithEmptyChoices() {
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("Hi"), Chunks.finish("stop"),
                event("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                      + "{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10,"
                      + "\"prompt_tokens_details\":{\"cached_tokens\":4},"
                      + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}"),
                Chunks.DONE));

        Exchange result = chat("direct:chat");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("Hi");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(10);
        assertThat(result.getMessage().getHeader(EmbyConstants.CACHED_TOKENS)).isEqualTo(4);
        assertThat(result.getMessage().getHeader(EmbyConstants.REASONING_TOKENS)).isEqualTo(0);
        assertThat(result.getMessage().getHeader(EmbyConstants.USAGE, Map.class)).containsEntry("prompt_tokens", 9);
        assertThat(result.getMessage().getHeader(EmbyConstants.RESPONSE_ID)).isEqualTo("chatcmpl-1");
        assertThat(result.getMessage().getHeader(EmbyConstants.RESPONSE_MODEL)).isEqualTo("test-model");
    }

    @Test
    void azurePromptFilterChunkAndNullContent() {
        server.enqueue(Responses.sse(
                event("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                      + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}"),
                event("{\"choices\":[{\"delta\":{\"content\":null,\"role\":\"assistant\"},\"finish_reason\":null,"
                      + "\"index\":0}],\"id\":\"az-1\",\"model\":\"gpt-4o\"}"),
                Chunks.content("Azure"),
                event("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"index\":0,"
                      + "\"content_filter_results\":{}}],\"id\":\"az-1\"}"),
                Chunks.DONE));

        Exchange result = chat("direct:chat");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("Azure");
        assertThat(result.getMessage().getHeader(EmbyConstants.RESPONSE_ID)).isEqualTo("az-1");
    }

    @Test
    void groqUsageInXGroq() {
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("fast"),
                event("{\"id\":\"g1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                      + "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,"
                      + "\"total_tokens\":6,\"queue_time\":0.01}}}"),
                Chunks.DONE));

        Exchange result = chat("direct:chat");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(6);
        assertThat(result.getMessage().getHeader(EmbyConstants.USAGE, Map.class)).containsKey("queue_time");
    }

    @Test
    void deepSeekReasoningIsAssembledAndEmittedWhenAsked() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("Let me ", "think.", "42");
        server.enqueue(Responses.sse(
                event("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
                      + "\"reasoning_content\":\"Let me \"}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\"think.\"}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"42\",\"reasoning_content\":null}}]}"),
                Chunks.finish("stop"), Chunks.DONE));

        Exchange result = chat("direct:emit");

        deltas.assertIsSatisfied();
        assertThat(result.getMessage().getBody()).isEqualTo("42");
        assertThat(result.getMessage().getHeader(EmbyConstants.REASONING)).isEqualTo("Let me think.");
        assertThat(deltas.getReceivedExchanges().get(0).getIn().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("reasoning");
        assertThat(deltas.getReceivedExchanges().get(2).getIn().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("content");
        assertThat(deltas.getReceivedExchanges().get(2).getIn().getHeader(EmbyConstants.DELTA_INDEX)).isEqualTo(2);
        assertThat(result.getMessage().getHeader(EmbyConstants.ASSISTANT_MESSAGE, Map.class))
                .containsEntry("reasoning_content", "Let me think.").containsEntry("content", "42");
    }

    @Test
    void twoParallelToolCallsAssembledFromFragments() {
        server.enqueue(Responses.sse(Chunks.role(),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\","
                      + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\","
                      + "\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"\"}}]}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                      + "\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,"
                      + "\"function\":{\"arguments\":\"{\\\"tz\\\":\\\"UTC\\\"}\"}}]}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                      + "\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}}]}"),
                Chunks.finish("tool_calls"), Chunks.DONE));

        Exchange result = chat("direct:chat");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("tool_calls");
        List<?> calls = result.getMessage().getHeader(EmbyConstants.TOOL_CALLS, List.class);
        assertThat(calls).hasSize(2);
        assertThat((Map<Object, Object>) (Map) calls.get(0)).containsEntry("index", 0).containsEntry("id", "call_a")
                .containsEntry("name", "weather").containsEntry("arguments", "{\"city\":\"Oslo\"}");
        assertThat((Map<Object, Object>) (Map) calls.get(1)).containsEntry("index", 1).containsEntry("id", "call_b")
                .containsEntry("name", "time").containsEntry("arguments", "{\"tz\":\"UTC\"}");
        Map<?, ?> assistant = result.getMessage().getHeader(EmbyConstants.ASSISTANT_MESSAGE, Map.class);
        assertThat(assistant.get("content")).isNull();
        assertThat((List<?>) assistant.get("tool_calls")).hasSize(2);
    }

    @Test
    void legacyFunctionCall() {
        server.enqueue(Responses.sse(Chunks.role(),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"name\":\"lookup\",\"arguments\":\"\"}}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"arguments\":\"{\\\"q\\\":1}\"}}}]}"),
                Chunks.finish("function_call"), Chunks.DONE));

        Exchange result = chat("direct:chat");

        assertThat(result.getMessage().getHeader(EmbyConstants.FUNCTION_CALL, Map.class))
                .containsEntry("name", "lookup").containsEntry("arguments", "{\"q\":1}");
    }

    @Test
    void refusal() {
        server.enqueue(Responses.sse(Chunks.role(),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't \"}}]}"),
                event("{\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"help with that.\"}}]}"),
                Chunks.finish("stop"), Chunks.DONE));

        Exchange result = chat("direct:chat");

        assertThat(result.getMessage().getBody()).isEqualTo("");
        assertThat(result.getMessage().getHeader(EmbyConstants.REFUSAL)).isEqualTo("I can't help with that.");
    }

    @Test
    void twoInterleavedChoicesAreAllEmittedAndReported() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("A1", "B1", "A2", "B2");
        server.enqueue(Responses.sse(Chunks.content(0, "A1"), Chunks.content(1, "B1"), Chunks.content(0, "A2"),
                Chunks.content(1, "B2"), Chunks.finish(0, "stop"), Chunks.finish(1, "length"), Chunks.DONE));

        Exchange result = chat("direct:emit");

        deltas.assertIsSatisfied();
        assertThat(result.getMessage().getBody()).isEqualTo("A1A2");
        assertThat(deltas.getReceivedExchanges().get(1).getIn().getHeader(EmbyConstants.CHOICE_INDEX)).isEqualTo(1);
        List<?> choices = result.getMessage().getHeader(EmbyConstants.CHOICES, List.class);
        assertThat(choices).hasSize(2);
        assertThat((Map<Object, Object>) (Map) choices.get(1)).containsEntry("content", "B1B2").containsEntry("finishReason", "length");
    }

    @Test
    void nonStreamingAnswerKeepsTheSameContract() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("whole answer");
        server.enqueue(Responses.json(200, "{\"id\":\"c9\",\"object\":\"chat.completion\",\"model\":\"test-model\","
                                           + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                           + "\"content\":\"whole answer\"},\"finish_reason\":\"stop\"}],"
                                           + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}"));

        Exchange result = template.request(
                String.format("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s&stream=false&deltaUri=mock:deltas",
                        server.baseUrl()),
                e -> e.getIn().setBody("hi"));

        deltas.assertIsSatisfied();
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("whole answer");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(5);
        Map<String, Object> sent = server.lastRequest().json();
        assertThat(sent).containsEntry("stream", false).doesNotContainKey("stream_options");
        assertThat(server.lastRequest().header("Accept")).isEqualTo("application/json");
    }
}
