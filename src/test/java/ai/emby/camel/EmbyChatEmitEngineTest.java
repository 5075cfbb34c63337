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
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.Wire;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the emit engine over HTTP: grouping by count, characters, timer and boundary; the pending group is flushed at
 * the end and before a failure is raised; deltas stay in order even through an asynchronous delta route; the JSON delta
 * format and the end exchange.
 */
class EmbyChatEmitEngineTest extends CamelTestSupport {

    /** The wire protocol these tests run against; a subclass runs every one of them for another operation. */
    protected Wire wire() {
        return Wire.CHAT;
    }

    /** More options (each after an {@code &}) for every endpoint of these tests; a subclass turns a tool loop on. */
    protected String extraOptions() {
        return "";
    }

    @RegisterExtension
    static LlmServer server = new LlmServer();

    /** Pause between deltas of the slow stream; far longer than the buffer timer, so only the timer can flush. */
    private static final long SLOW_STREAM_PAUSE_MILLIS = 400;
    private static final long BUFFER_TIMEOUT_MILLIS = 100;

    private final List<Integer> seenIndexes = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:async?concurrentConsumers=4")
                        .process(e -> Thread.sleep(ThreadLocalRandom.current().nextInt(5)))
                        .process(e -> seenIndexes.add(e.getIn().getHeader(EmbyConstants.DELTA_INDEX, Integer.class)));
            }
        };
    }

    private Exchange chat(String options) {
        return template.request(
                String.format(wire().uri() + "?model=m&apiKey=k&baseUrl=%s&deltaUri=mock:deltas&%s", server.baseUrl(), options)
                + extraOptions(),
                e -> e.getIn().setBody("hi"));
    }

    @Test
    void bufferSizeGroupsWholeDeltasAndFlushesTheRestAtTheEnd() throws Exception {
        getMockEndpoint("mock:deltas").expectedBodiesReceived("abc", "def", "g");
        server.enqueue(Responses.sse(wire().answer("a", "b", "c", "d", "e", "f", "g")));

        Exchange result = chat("bufferSize=3");

        MockEndpoint.assertIsSatisfied(context);
        assertThat(result.getMessage().getBody()).isEqualTo("abcdefg");
        assertThat(result.getMessage().getHeader(EmbyConstants.DELTA_COUNT)).isEqualTo(7);
    }

    @Test
    void bufferMaxCharsEmitsOnceEnoughCharactersArrived() throws Exception {
        getMockEndpoint("mock:deltas").expectedBodiesReceived("Hello wor", "ld, this ", "is it");
        server.enqueue(Responses.sse(wire().answer("Hello", " wor", "ld,", " this ", "is", " it")));

        chat("bufferMaxChars=8");

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void sentenceBoundaryCutsFullGroupsAfterTheLastSentence() throws Exception {
        getMockEndpoint("mock:deltas").expectedBodiesReceived("One. Two! ", "Three? ", "Four");
        server.enqueue(Responses.sse(wire().answer("One. T", "wo! Thr", "ee? Fo", "ur")));

        chat("bufferMaxChars=10&bufferBoundary=sentence");

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void bufferTimeoutFlushesASlowStream() throws Exception {
        getMockEndpoint("mock:deltas").expectedBodiesReceived("slow ", "but ", "steady");
        server.enqueue(Responses.sse(SLOW_STREAM_PAUSE_MILLIS, wire().answer("slow ", "but ", "steady")));

        chat("bufferSize=100&bufferTimeout=" + BUFFER_TIMEOUT_MILLIS);

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void pendingGroupIsEmittedBeforeTheFailureIsRaised() throws Exception {
        getMockEndpoint("mock:deltas").expectedBodiesReceived("one two three");
        server.enqueue(Responses.sse(wire().content("one "), wire().content("two "), wire().content("three"),
                wire().error("boom")));

        Exchange result = chat("bufferSize=10");

        MockEndpoint.assertIsSatisfied(context);
        EmbyStreamException e = result.getException(EmbyStreamException.class);
        assertThat(e.getReason()).isEqualTo(EmbyStreamException.Reason.SERVER_ERROR);
        assertThat(e.getEmittedCount()).isEqualTo(1);
        assertThat(e.getPartialContent()).isEqualTo("one two three");
    }

    @Test
    void jsonFormatAndEndExchange() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedMessageCount(3);
        server.enqueue(Responses.sse(wire().answer("x\"y", "z")));

        Exchange result = chat("deltaFormat=json&emitEnd=true");

        deltas.assertIsSatisfied();
        String streamId = result.getMessage().getHeader(EmbyConstants.STREAM_ID, String.class);
        assertThat(deltas.getReceivedExchanges().get(0).getIn().getBody(String.class))
                .isEqualTo("{\"streamId\":\"" + streamId + "\",\"index\":0,\"choice\":0,\"type\":\"content\","
                           + "\"text\":\"x\\\"y\"}");
        Exchange end = deltas.getReceivedExchanges().get(2);
        assertThat(end.getIn().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("end");
        assertThat(end.getIn().getHeader(EmbyConstants.DELTA_INDEX)).isEqualTo(2);
        assertThat(end.getIn().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(end.getIn().getBody(String.class)).contains("\"type\":\"end\"").contains("\"finishReason\":\"stop\"")
                .contains("\"usage\":{");
    }

    @Test
    void endExchangeOfAFailedStreamSaysWhy() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedMessageCount(2);
        server.enqueue(Responses.sse(wire().content("half")));

        chat("emitEnd=true");

        deltas.assertIsSatisfied();
        Exchange end = deltas.getReceivedExchanges().get(1);
        assertThat(end.getIn().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("error");
        assertThat(end.getIn().getHeader(EmbyConstants.ERROR_REASON)).isEqualTo("TRUNCATED");
        assertThat(end.getIn().getBody(String.class)).isEmpty();
    }

    @Test
    void deltasStayInOrderThroughAnAsynchronousDeltaRoute() {
        int n = 300;
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = "t" + i + " ";
        }
        server.enqueue(Responses.sse(wire().answer(texts)));

        Exchange result = template.request(
                String.format(wire().uri() + "?model=m&apiKey=k&baseUrl=%s&deltaUri=seda:async?waitForTaskToComplete=Always",
                        server.baseUrl()) + extraOptions(),
                e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertThat(seenIndexes).containsExactlyElementsOf(expected);
    }
}
