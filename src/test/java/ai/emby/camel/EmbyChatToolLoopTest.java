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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.ToolChunks;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.streamFailure;
import static ai.emby.camel.support.ToolChunks.arguments;
import static ai.emby.camel.support.ToolChunks.callStart;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools as routes against a scripted server that records every request body: the model's tool calls, streamed in the
 * shapes OpenAI, Ollama and Gemini send, run the bound Camel routes, and the next request carries the assistant
 * message and the results in order, until the model answers with text — which streams like any answer.
 */
class EmbyChatToolLoopTest extends CamelTestSupport {

    private static final long AWAIT_MS = 10_000;
    private static final String TOOLS = "tools=classpath:tools/orders.json"
                                        + "&toolEndpoint.lookup_order=direct:lookupOrder"
                                        + "&toolEndpoint.get_weather=direct:weather";

    @RegisterExtension
    LlmServer server = new LlmServer();

    /** Both tools wait here until both run, when a test asks them to (proves the calls of a round run at once). */
    private volatile CountDownLatch bothRunning;
    /** The lookup tool blocks here until released, when a test sets it. */
    private volatile CountDownLatch lookupReleased;
    private final CountDownLatch lookupEntered = new CountDownLatch(1);
    private final List<Map<?, ?>> lookupArguments = new ArrayList<>();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:lookupOrder").process(e -> {
                    lookupEntered.countDown();
                    Map<?, ?> args = e.getIn().getBody(Map.class);
                    lookupArguments.add(args);
                    awaitIfSet(bothRunning);
                    CountDownLatch release = lookupReleased;
                    if (release != null) {
                        release.await(AWAIT_MS, TimeUnit.MILLISECONDS);
                    }
                    if ("BOOM".equals(args.get("order_id"))) {
                        throw new IllegalStateException("the order service is down");
                    }
                    e.getMessage().setBody(Map.of("order_id", args.get("order_id"), "status", "shipped",
                            "tool", e.getIn().getHeader(EmbyConstants.TOOL_NAME),
                            "call", e.getIn().getHeader(EmbyConstants.TOOL_CALL_ID)));
                });
                from("direct:weather").process(e -> {
                    awaitIfSet(bothRunning);
                    e.getMessage().setBody("sunny in " + e.getIn().getBody(Map.class).get("city"));
                });
            }
        };
    }

    private static void awaitIfSet(CountDownLatch latch) throws InterruptedException {
        if (latch != null) {
            latch.countDown();
            latch.await(AWAIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    private String uri(String options) {
        return "emby:chat?model=m&apiKey=k&baseUrl=" + server.baseUrl() + "&" + TOOLS
               + (options.isEmpty() ? "" : "&" + options);
    }

    private Exchange ask(String options) {
        return template.request(uri(options), e -> e.getIn().setBody("Where is my order A-17, and the weather in Oslo?"));
    }

    private static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    private static String[] of(String... events) {
        return events;
    }

    /** Round 0 as OpenAI streams it: text, reasoning, two parallel calls whose fragments interleave. */
    private static String[] openAiParallelCalls() {
        return concat(of(Chunks.role(), ToolChunks.reasoning("The user wants two things."),
                Chunks.content("Let me check. "),
                callStart(0, "call_a", "lookup_order"), callStart(1, "call_b", "get_weather"),
                arguments(0, "{\"order_"), arguments(1, "{\"city\":"), arguments(0, "id\":\"A-17\"}"),
                arguments(1, "\"Oslo\"}")), ToolChunks.end(20, 5));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(LlmServer.Request request) {
        return (List<Map<String, Object>>) request.json().get("messages");
    }

    @SuppressWarnings("unchecked")
    private static List<String> toolCallIds(Map<String, Object> assistant) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> call : (List<Map<String, Object>>) assistant.get("tool_calls")) {
            ids.add((String) call.get("id"));
        }
        return ids;
    }

    @Test
    void aTwoRoundLoopWithParallelCallsSendsTheAssistantMessageAndBothResultsInOrder() throws Exception {
        bothRunning = new CountDownLatch(2);
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("Let me check. ", "Order A-17", " has shipped.");
        server.enqueue(Responses.sse(openAiParallelCalls()));
        server.enqueue(Responses.sse(concat(of(Chunks.role(), Chunks.content("Order A-17"),
                Chunks.content(" has shipped.")), of(Chunks.finish("stop"), Chunks.usage(40, 8), Chunks.DONE))));

        Exchange result = ask("deltaUri=mock:deltas");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Order A-17 has shipped.");
        deltas.assertIsSatisfied();
        assertThat(deltas.getExchanges()).extracting(e -> e.getIn().getHeader(EmbyConstants.TOOL_ROUND))
                .containsExactly(0, 1, 1);
        // the second request: the user message, the assistant message with both calls (and DeepSeek's reasoning),
        // then the two results in the order of the calls
        assertThat(server.requests()).hasSize(2);
        List<Map<String, Object>> second = messages(server.requests().get(1));
        assertThat(second).hasSize(4);
        assertThat(second.get(0)).containsEntry("role", "user");
        assertThat(second.get(1)).containsEntry("role", "assistant").containsEntry("content", "Let me check. ")
                .containsEntry("reasoning_content", "The user wants two things.");
        assertThat(toolCallIds(second.get(1))).containsExactly("call_a", "call_b");
        assertThat(second.get(2)).containsEntry("role", "tool").containsEntry("tool_call_id", "call_a");
        assertThat((String) second.get(2).get("content")).contains("\"status\":\"shipped\"")
                .contains("\"tool\":\"lookup_order\"").contains("\"call\":\"call_a\"");
        assertThat(second.get(3)).containsEntry("tool_call_id", "call_b").containsEntry("content", "sunny in Oslo");
        assertThat(server.requests().get(1).json()).containsKeys("tools", "model", "stream");
        assertThat(lookupArguments).containsExactly(Map.of("order_id", "A-17"));
        // usage summed over both requests, and per request in CamelEmbyToolRounds
        assertThat(result.getMessage().getHeader(EmbyConstants.PROMPT_TOKENS)).isEqualTo(60);
        assertThat(result.getMessage().getHeader(EmbyConstants.COMPLETION_TOKENS)).isEqualTo(13);
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(73);
        List<Map<String, Object>> rounds = result.getMessage().getHeader(EmbyConstants.TOOL_ROUNDS, List.class);
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(0)).containsEntry("round", 0).containsEntry("finishReason", "tool_calls")
                .containsEntry("promptTokens", 20).containsEntry("toolCalls", List.of("lookup_order", "get_weather"));
        assertThat(rounds.get(1)).containsEntry("round", 1).containsEntry("finishReason", "stop")
                .containsEntry("promptTokens", 40);
        // the whole message list: what was sent, plus the final answer
        List<Map<String, Object>> all = result.getMessage().getHeader(EmbyConstants.MESSAGES, List.class);
        assertThat(all).hasSize(5);
        assertThat(all.subList(0, 4)).isEqualTo(second);
        assertThat(all.get(4)).containsEntry("role", "assistant").containsEntry("content", "Order A-17 has shipped.");
    }

    @Test
    void eachRoundIsGroupedOnItsOwnAndTheEndComesAfterTheLastRound() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("Let me ", "check.", "Order A-17 ", "has shipped.", "");
        server.enqueue(Responses.sse(concat(of(Chunks.role(), Chunks.content("Let "), Chunks.content("me "),
                Chunks.content("check."), ToolChunks.wholeCallAtIndexZero("call_1", "lookup_order",
                        "{\"order_id\":\"A-17\"}")), ToolChunks.end(10, 3))));
        server.enqueue(Responses.sse(Chunks.answer("Order ", "A-17 ", "has ", "shipped.")));

        Exchange result = ask("deltaUri=mock:deltas&bufferSize=2&emitEnd=true");

        assertThat(result.getException()).isNull();
        deltas.assertIsSatisfied();
        List<Exchange> received = deltas.getExchanges();
        assertThat(received).extracting(e -> e.getIn().getHeader(EmbyConstants.TOOL_ROUND))
                .containsExactly(0, 0, 1, 1, 1);
        assertThat(received).extracting(e -> e.getIn().getHeader(EmbyConstants.DELTA_INDEX))
                .containsExactly(0, 1, 0, 1, 2);
        assertThat(received).extracting(e -> e.getIn().getHeader(EmbyConstants.DELTA_TYPE))
                .containsExactly("content", "content", "content", "content", "end");
        // each request is its own stream
        assertThat(received.get(0).getIn().getHeader(EmbyConstants.STREAM_ID))
                .isNotEqualTo(received.get(2).getIn().getHeader(EmbyConstants.STREAM_ID));
        assertThat(received.get(4).getIn().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
    }

    @Test
    void ollamasWholeCallsAtIndexZeroAreTwoCalls() {
        server.enqueue(Responses.sse(concat(of(Chunks.role(),
                ToolChunks.wholeCallAtIndexZero("call_1", "lookup_order", "{\"order_id\":\"A-17\"}"),
                ToolChunks.wholeCallAtIndexZero("call_2", "get_weather", "{\"city\":\"Oslo\"}")),
                ToolChunks.end(10, 3))));
        server.enqueue(Responses.sse(Chunks.answer("Done.")));

        Exchange result = ask("");

        assertThat(result.getException()).isNull();
        List<Map<String, Object>> second = messages(server.requests().get(1));
        assertThat(toolCallIds(second.get(1))).containsExactly("call_1", "call_2");
        assertThat(second.get(2)).containsEntry("tool_call_id", "call_1");
        assertThat(second.get(3)).containsEntry("tool_call_id", "call_2").containsEntry("content", "sunny in Oslo");
    }

    @Test
    void geminisCallsWithoutIndexesAreTwoCalls() {
        server.enqueue(Responses.sse(concat(of(Chunks.role(), ToolChunks.wholeCallsWithoutIndex(
                "g1", "lookup_order", "{\"order_id\":\"A-17\"}", "g2", "get_weather", "{\"city\":\"Oslo\"}")),
                ToolChunks.end(10, 3))));
        server.enqueue(Responses.sse(Chunks.answer("Done.")));

        Exchange result = ask("");

        assertThat(result.getException()).isNull();
        List<Map<String, Object>> second = messages(server.requests().get(1));
        assertThat(toolCallIds(second.get(1))).containsExactly("g1", "g2");
        assertThat(second.get(2)).containsEntry("tool_call_id", "g1");
        assertThat(second.get(3)).containsEntry("tool_call_id", "g2");
    }

    private void modelCalls(String name, String argumentsJson) {
        server.enqueue(Responses.sse(concat(of(Chunks.role(),
                ToolChunks.wholeCallAtIndexZero("call_x", name, argumentsJson)), ToolChunks.end(10, 3))));
    }

    @Test
    void aToolThatThrowsIsAnErrorResultTheModelReads() {
        modelCalls("lookup_order", "{\"order_id\":\"BOOM\"}");
        server.enqueue(Responses.sse(Chunks.answer("Sorry, the order service is down.")));

        Exchange result = ask("");

        assertThat(result.getException()).isNull();
        Map<String, Object> toolMessage = messages(server.requests().get(1)).get(2);
        assertThat(toolMessage).containsEntry("tool_call_id", "call_x");
        assertThat((String) toolMessage.get("content")).startsWith("{\"error\":").contains("the order service is down");
        List<Map<String, Object>> rounds = result.getMessage().getHeader(EmbyConstants.TOOL_ROUNDS, List.class);
        assertThat(rounds.get(0)).containsEntry("failedTools", List.of("lookup_order"));
    }

    @Test
    void withToolErrorsFailAThrowingToolFailsTheExchangeWithTheRoundsSoFar() {
        modelCalls("lookup_order", "{\"order_id\":\"BOOM\"}");

        Exchange result = ask("toolErrors=fail");

        EmbyStreamException failure = streamFailure(result, Reason.TOOL_FAILED);
        assertThat(failure.getMessage()).contains("lookup_order").contains("call_x")
                .contains("the order service is down");
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class);
        assertThat(server.requests()).hasSize(1);
        assertThat(result.getMessage().getHeader(EmbyConstants.TOOL_ROUNDS, List.class)).hasSize(1);
        assertThat(result.getMessage().getHeader(EmbyConstants.MESSAGES, List.class)).hasSize(2);
    }

    @Test
    void theRoundLimitFailsAModelThatKeepsCallingTools() {
        modelCalls("get_weather", "{\"city\":\"Oslo\"}");
        modelCalls("get_weather", "{\"city\":\"Bergen\"}");
        modelCalls("get_weather", "{\"city\":\"Tromsø\"}");

        Exchange result = ask("maxToolRounds=2");

        EmbyStreamException failure = streamFailure(result, Reason.MAX_TOOL_ROUNDS);
        assertThat(failure.getMessage()).contains("maxToolRounds=2").contains("get_weather");
        assertThat(server.requests()).hasSize(3);
        assertThat(result.getMessage().getHeader(EmbyConstants.TOOL_ROUNDS, List.class)).hasSize(3);
    }

    @Test
    void anUnknownToolIsAnErrorResultNamingTheTools() {
        modelCalls("delete_everything", "{}");
        server.enqueue(Responses.sse(Chunks.answer("I cannot do that.")));

        Exchange result = ask("");

        assertThat(result.getException()).isNull();
        String content = (String) messages(server.requests().get(1)).get(2).get("content");
        assertThat(content).contains("unknown tool delete_everything").contains("lookup_order")
                .contains("get_weather");
    }

    @Test
    void argumentsThatAreNotJsonAreAnErrorResult() {
        modelCalls("lookup_order", "{\"order_id\": A-17");
        server.enqueue(Responses.sse(Chunks.answer("Let me try again.")));

        Exchange result = ask("");

        assertThat(result.getException()).isNull();
        String content = (String) messages(server.requests().get(1)).get(2).get("content");
        assertThat(content).contains("not valid JSON").contains("A-17");
        assertThat(lookupArguments).isEmpty();
    }

    @Test
    void aToolPastToolTimeoutIsAnErrorResult() throws Exception {
        lookupReleased = new CountDownLatch(1);
        modelCalls("lookup_order", "{\"order_id\":\"A-17\"}");
        server.enqueue(Responses.sse(Chunks.answer("The order service is slow.")));

        Exchange result = ask("toolTimeout=200");
        lookupReleased.countDown();

        assertThat(result.getException()).isNull();
        String content = (String) messages(server.requests().get(1)).get(2).get("content");
        assertThat(content).contains("toolTimeout").contains("200 ms");
    }

    @Test
    void aCancelDuringAToolCallEndsTheExchangeCancelledAtOnce() throws Exception {
        lookupReleased = new CountDownLatch(1);
        modelCalls("lookup_order", "{\"order_id\":\"A-17\"}");
        AsyncProducer producer = context.getEndpoint(uri("")).createAsyncProducer();
        producer.start();
        Exchange exchange = producer.getEndpoint().createExchange();
        exchange.getIn().setBody("Where is A-17?");
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, doneSync -> done.complete(exchange));
        assertThat(lookupEntered.await(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();

        long start = System.nanoTime();
        producer.stop();
        Exchange result = done.get(AWAIT_MS, TimeUnit.MILLISECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        lookupReleased.countDown();

        EmbyStreamException failure = streamFailure(result, Reason.CANCELLED);
        assertThat(failure.getMessage()).contains("while the tool loop ran its tools");
        assertThat(tookMs).as("cancel took").isLessThan(2_000);
        Thread.sleep(200);
        assertThat(server.requests()).as("no request after the cancel").hasSize(1);
    }

    @Test
    void withoutBindingsToolCallsComeBackInTheHeaderAsBefore() {
        modelCalls("lookup_order", "{\"order_id\":\"A-17\"}");

        Exchange result = template.request("emby:chat?model=m&apiKey=k&baseUrl=" + server.baseUrl()
                                           + "&tools=classpath:tools/orders.json", e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        assertThat(server.requests()).hasSize(1);
        List<Map<String, Object>> calls = result.getMessage().getHeader(EmbyConstants.TOOL_CALLS, List.class);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsEntry("name", "lookup_order");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOOL_ROUNDS)).isNull();
    }
}
