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
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.ResponseEvents.response;
import static ai.emby.camel.support.ResponseEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that {@code emby:responses} folds the Responses API's typed events into the same output as {@code emby:chat}:
 * each stream is written from a documented source (see docs/providers.md): OpenAI's API reference of the streaming
 * events, vLLM's {@code vllm/entrypoints/openai/responses/simple_streaming_events.py} (reasoning_text deltas, a
 * function call whose first argument fragment is repeated in the added item) and Ollama's
 * {@code openai/responses.go} (alphabetically ordered fields, reasoning summaries, arguments in one delta).
 */
@SuppressWarnings({ "unchecked", "rawtypes" })
class EmbyResponsesEventsTest extends CamelTestSupport {

    private static final long KEEPALIVE_PAUSE_MS = 150;
    private static final long IDLE_TIMEOUT_MS = 500;

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:responses")
                        .toF("emby:responses?model=gpt-4.1&apiKey=sk-test&baseUrl=%s", server.baseUrl());
                from("direct:emit")
                        .toF("emby:responses?model=gpt-4.1&apiKey=sk-test&baseUrl=%s&deltaUri=mock:deltas"
                             + "&emitReasoning=true", server.baseUrl());
                from("direct:idle")
                        .toF("emby:responses?model=gpt-4.1&apiKey=sk-test&baseUrl=%s&idleTimeout=%d&maxRetries=0",
                                server.baseUrl(), IDLE_TIMEOUT_MS);
            }
        };
    }

    private Exchange call(String route) {
        return template.request(route, e -> e.getIn().setBody("hi"));
    }

    /** OpenAI's reference sequence for a text answer, usage with cached and reasoning tokens. */
    @Test
    void textAnswerWithUsageAndResponseId() {
        ResponseEvents e = new ResponseEvents();
        server.enqueue(Responses.sse(e.created(), e.inProgress(), e.messageAdded(0),
                e.event("response.content_part.added", "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                                                       + "\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}"),
                e.textDelta("Hi"), e.textDelta(" there"),
                e.event("response.output_text.done", "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                                                     + "\"text\":\"Hi there\""),
                e.event("response.content_part.done", "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                                                      + "\"part\":{\"type\":\"output_text\",\"text\":\"Hi there\"}"),
                e.event("response.output_item.done", "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\","
                                                     + "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[]}"),
                e.event("response.completed", response("completed", usage(12, 4, 3, 1)))));

        Exchange result = call("direct:responses");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("Hi there");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(result.getMessage().getHeader(EmbyConstants.PROMPT_TOKENS)).isEqualTo(12);
        assertThat(result.getMessage().getHeader(EmbyConstants.COMPLETION_TOKENS)).isEqualTo(3);
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(15);
        assertThat(result.getMessage().getHeader(EmbyConstants.CACHED_TOKENS)).isEqualTo(4);
        assertThat(result.getMessage().getHeader(EmbyConstants.REASONING_TOKENS)).isEqualTo(1);
        assertThat(result.getMessage().getHeader(EmbyConstants.USAGE, Map.class)).containsEntry("input_tokens", 12);
        assertThat(result.getMessage().getHeader(EmbyConstants.RESPONSE_ID)).isEqualTo("resp_1");
        assertThat(result.getMessage().getHeader(EmbyConstants.RESPONSE_MODEL)).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(result.getMessage().getHeader(EmbyConstants.DELTA_COUNT)).isEqualTo(2);
        assertThat(server.lastRequest().path).isEqualTo("/v1/responses");
    }

    /** Ollama: fields in alphabetical order (Go maps), reasoning as summary deltas, then text; emitted in order. */
    @Test
    void ollamaReasoningSummaryThenTextIsEmitted() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("Let me", " think", "42");
        server.enqueue(Responses.sse(
                ollama("response.created", 0, response("in_progress", "")),
                ollama("response.output_item.added", 1, "\"item\":{\"id\":\"rs_1\",\"summary\":[],\"type\":\"reasoning\"},"
                                                        + "\"output_index\":0"),
                ollama("response.reasoning_summary_text.delta", 2, "\"delta\":\"Let me\",\"item_id\":\"rs_1\","
                                                                   + "\"output_index\":0,\"summary_index\":0"),
                ollama("response.reasoning_summary_text.delta", 3, "\"delta\":\" think\",\"item_id\":\"rs_1\","
                                                                   + "\"output_index\":0,\"summary_index\":0"),
                ollama("response.reasoning_summary_text.done", 4, "\"item_id\":\"rs_1\",\"output_index\":0,"
                                                                  + "\"summary_index\":0,\"text\":\"Let me think\""),
                ollama("response.output_text.delta", 5, "\"content_index\":0,\"delta\":\"42\",\"item_id\":\"msg_1\","
                                                        + "\"logprobs\":[],\"output_index\":1"),
                ollama("response.completed", 6, response("completed", usage(5, 0, 4, 0)))));

        Exchange result = call("direct:emit");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("42");
        assertThat(result.getMessage().getHeader(EmbyConstants.REASONING)).isEqualTo("Let me think");
        deltas.assertIsSatisfied();
        assertThat(deltas.getExchanges().get(0).getMessage().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("reasoning");
        assertThat(deltas.getExchanges().get(2).getMessage().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("content");
    }

    /** vLLM: reasoning as reasoning_text deltas (a reasoning parser's output). */
    @Test
    void vllmReasoningTextDeltas() {
        ResponseEvents e = new ResponseEvents();
        server.enqueue(Responses.sse(e.created(),
                e.event("response.reasoning_text.delta", "\"item_id\":\"r1\",\"output_index\":0,\"content_index\":0,"
                                                         + "\"delta\":\"thinking\""),
                e.event("response.reasoning_text.done", "\"item_id\":\"r1\",\"output_index\":0,\"content_index\":0,"
                                                        + "\"text\":\"thinking\""),
                e.textDelta("The answer is 42."), e.completed()));

        Exchange result = call("direct:responses");

        assertThat(result.getMessage().getBody()).isEqualTo("The answer is 42.");
        assertThat(result.getMessage().getHeader(EmbyConstants.REASONING)).isEqualTo("thinking");
    }

    /** OpenAI: a function call item, its arguments in fragments, .done repeating them whole. */
    @Test
    void functionCallStreamedInFragments() {
        ResponseEvents e = new ResponseEvents();
        server.enqueue(Responses.sse(e.created(),
                e.event("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\","
                                                      + "\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_1\",\"name\":\"get_weather\"}"),
                args(e, "{\"loc"), args(e, "ation\":\"Pa"), args(e, "ris\"}"),
                e.event("response.function_call_arguments.done", "\"item_id\":\"fc_1\",\"output_index\":0,"
                                                                 + "\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\""),
                e.event("response.output_item.done", "\"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\","
                                                     + "\"status\":\"completed\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\","
                                                     + "\"call_id\":\"call_1\",\"name\":\"get_weather\"}"),
                e.completed()));

        Exchange result = call("direct:responses");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("tool_calls");
        List<Map<String, Object>> calls = result.getMessage().getHeader(EmbyConstants.TOOL_CALLS, List.class);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsEntry("index", 0).containsEntry("id", "call_1")
                .containsEntry("type", "function").containsEntry("name", "get_weather")
                .containsEntry("arguments", "{\"location\":\"Paris\"}");
    }

    /** vLLM puts the first fragment in the added item and sends it again as a delta: it is counted once. */
    @Test
    void vllmFirstFragmentInTheAddedItemIsNotDoubled() {
        ResponseEvents e = new ResponseEvents();
        server.enqueue(Responses.sse(e.created(),
                e.event("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"u1\",\"type\":\"function_call\","
                                                      + "\"status\":\"in_progress\",\"arguments\":\"{\\\"a\\\"\",\"call_id\":\"call_v\",\"name\":\"f\"}"),
                args(e, "{\"a\""), args(e, ":1}"),
                e.event("response.function_call_arguments.done", "\"item_id\":\"u1\",\"output_index\":0,"
                                                                 + "\"arguments\":\"{\\\"a\\\":1}\",\"name\":\"f\""),
                e.completed()));

        Exchange result = call("direct:responses");

        List<Map<String, Object>> calls = result.getMessage().getHeader(EmbyConstants.TOOL_CALLS, List.class);
        assertThat(calls).singleElement().satisfies(c -> assertThat(c).containsEntry("arguments", "{\"a\":1}"));
    }

    /** Ollama sends each call whole: the added item, one delta with all arguments, .done, item done. */
    @Test
    void ollamaTwoWholeCalls() {
        server.enqueue(Responses.sse(
                ollama("response.output_item.added", 0, "\"item\":{\"arguments\":\"\",\"call_id\":\"call_a\",\"id\":\"fc_a\","
                                                        + "\"name\":\"f\",\"status\":\"in_progress\",\"type\":\"function_call\"},\"output_index\":0"),
                ollama("response.function_call_arguments.delta", 1, "\"delta\":\"{}\",\"item_id\":\"fc_a\",\"output_index\":0"),
                ollama("response.function_call_arguments.done", 2, "\"arguments\":\"{}\",\"item_id\":\"fc_a\",\"output_index\":0"),
                ollama("response.output_item.added", 3, "\"item\":{\"arguments\":\"\",\"call_id\":\"call_b\",\"id\":\"fc_b\","
                                                        + "\"name\":\"g\",\"status\":\"in_progress\",\"type\":\"function_call\"},\"output_index\":1"),
                ollama("response.output_item.done", 4, "\"item\":{\"arguments\":\"{\\\"x\\\":1}\",\"call_id\":\"call_b\","
                                                       + "\"id\":\"fc_b\",\"name\":\"g\",\"status\":\"completed\",\"type\":\"function_call\"},\"output_index\":1"),
                ollama("response.completed", 5, response("completed", usage(5, 0, 4, 0)))));

        Exchange result = call("direct:responses");

        List<Map<String, Object>> calls = result.getMessage().getHeader(EmbyConstants.TOOL_CALLS, List.class);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).containsEntry("id", "call_a").containsEntry("name", "f").containsEntry("arguments", "{}");
        assertThat(calls.get(1)).containsEntry("index", 1).containsEntry("id", "call_b")
                .containsEntry("arguments", "{\"x\":1}");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("tool_calls");
    }

    @Test
    void refusal() {
        ResponseEvents e = new ResponseEvents();
        server.enqueue(Responses.sse(e.created(), e.messageAdded(0),
                e.event("response.refusal.delta", "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                                                  + "\"delta\":\"I can't\""),
                e.event("response.refusal.delta", "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                                                  + "\"delta\":\" help with that.\""),
                e.event("response.refusal.done", "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                                                 + "\"refusal\":\"I can't help with that.\""),
                e.completed()));

        Exchange result = call("direct:responses");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("");
        assertThat(result.getMessage().getHeader(EmbyConstants.REFUSAL)).isEqualTo("I can't help with that.");
    }

    /** New event types appear often (annotations, tool progress, ones not invented yet): none changes the text. */
    @Test
    void unknownEventTypesAreIgnored() {
        ResponseEvents e = new ResponseEvents();
        server.enqueue(Responses.sse(e.created(), e.textDelta("A"),
                e.event("response.output_text.annotation.added", "\"item_id\":\"msg_1\",\"output_index\":0,"
                                                                 + "\"annotation\":{\"type\":\"url_citation\",\"url\":\"https://example.com\"}"),
                e.event("response.web_search_call.searching", "\"item_id\":\"ws_1\",\"output_index\":1"),
                e.event("response.something_new.delta", "\"delta\":\"not text\",\"output_index\":0"),
                "data: {\"type\":\"response.unnamed\",\"sequence_number\":99}\n\n",
                ResponseEvents.numbered("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":0,"
                                                                      + "\"content_index\":0,\"delta\":\"B\"", 100),
                ResponseEvents.numbered("response.completed", response("completed", usage(1, 0, 2, 0)), 101)));

        Exchange result = call("direct:responses");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("AB");
    }

    /**
     * OpenAI sends {@code keepalive} events on long requests: like comments they are not data, so they do not hold
     * off the idle timeout. The keep-alives go on well past it; only the timeout can end the call early.
     */
    @Test
    void keepAliveEventsDoNotCountAsData() {
        ResponseEvents e = new ResponseEvents();
        String[] pieces = new String[14];
        pieces[0] = e.created();
        pieces[1] = e.textDelta("partial");
        for (int i = 2; i < 13; i++) {
            pieces[i] = "event: keepalive\ndata: {\"type\":\"keepalive\",\"sequence_number\":" + (100 + i) + "}\n\n";
        }
        pieces[13] = ResponseEvents.numbered("response.completed", response("completed", ""), 200);
        server.enqueue(Responses.sse(KEEPALIVE_PAUSE_MS, pieces));

        Exchange result = call("direct:idle");

        EmbyStreamException failure = (EmbyStreamException) result.getException();
        assertThat(failure).isNotNull();
        assertThat(failure.getReason()).isEqualTo(EmbyStreamException.Reason.IDLE_TIMEOUT);
        assertThat(failure.getPartialContent()).isEqualTo("partial");
    }

    private static String args(ResponseEvents e, String fragment) {
        return e.event("response.function_call_arguments.delta", "\"item_id\":\"fc_1\",\"output_index\":0,\"delta\":"
                                                                 + ai.emby.camel.support.Chunks.quote(fragment));
    }

    /** An event as Ollama writes it: the Go map's keys sorted, so type and sequence_number come last. */
    private static String ollama(String type, int sequence, String members) {
        return "event: " + type + "\ndata: {" + members + ",\"sequence_number\":" + sequence + ",\"type\":\"" + type
               + "\"}\n\n";
    }
}
