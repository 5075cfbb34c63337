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
package ai.emby.camel.web;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyStreamException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a page sees over real loopback HTTP: each delta as an event whose id is its delta index, then an end event with
 * the finish reason and usage; a failing answer's error event with its Reason and partial text; clear refusals of an
 * empty prompt, a too-long one and a second prompt in a busy tab; a reconnect with Last-Event-ID that resumes after
 * the last event seen, and one that is told it cannot. The finished exchange enters the route with its outcome.
 */
class EmbyWebStreamTest extends CamelTestSupport {

    private static final int MAX_PROMPT_CHARS = 50;
    private static final long STREAM_TIMEOUT_SECONDS = 10;
    /** Characters of events kept by the forgetful bridge: about two events. */
    private static final int SMALL_RESUME_BUFFER = 150;

    @RegisterExtension
    final PacedModelServer model = new PacedModelServer();

    private SseTestClient client;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("emby-web:chat?port=0&host=127.0.0.1&maxPromptChars=" + MAX_PROMPT_CHARS
                     + "&chatUri=RAW(emby:chat?model=paced&apiKey=test-key&baseUrl=" + model.baseUrl() + ")")
                        .routeId("web")
                        .to("mock:finished");
                // a second bridge on the same server that keeps almost nothing for resumes
                from("emby-web:forgetful?port=0&host=127.0.0.1&resumeBufferChars=" + SMALL_RESUME_BUFFER
                     + "&chatUri=RAW(emby:chat?model=paced&apiKey=test-key&baseUrl=" + model.baseUrl() + ")")
                        .routeId("forgetful")
                        .to("mock:forgotten");
                // a bridge whose prompts pass through a route of the user's before the model is called
                from("emby-web:prepared?port=0&host=127.0.0.1&prepareUri=direct:prepare"
                     + "&chatUri=RAW(emby:chat?model=paced&apiKey=test-key&baseUrl=" + model.baseUrl() + ")")
                        .routeId("prepared")
                        .to("mock:prepared");
                from("direct:prepare")
                        .setBody(simple("${body} (asked from tab ${header.CamelEmbyWebTabId}, please FAIL)"));
            }
        };
    }

    private SseTestClient client() {
        if (client == null) {
            int port = ((EmbyWebConsumer) context.getRoute("web").getConsumer()).getLocalPort();
            client = new SseTestClient("http://127.0.0.1:" + port, null);
        }
        return client;
    }

    @Test
    void deltasThenEndWithUsage() throws Exception {
        MockEndpoint finished = getMockEndpoint("mock:finished");
        finished.expectedMessageCount(1);
        SseTestClient.Posted posted = client().post("Hello?", "tab-1");
        assertThat(posted.status()).isEqualTo(201);

        SseTestClient.Stream stream = client().open(posted.id(), null);
        stream.done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        List<SseTestClient.Event> deltas = stream.deltas();
        assertThat(deltas).extracting(SseTestClient.Event::id)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, model.words).mapToObj(String::valueOf).toList());
        assertThat(stream.text()).isEqualTo(model.answer());
        SseTestClient.Event end = stream.last();
        assertThat(end.event()).isEqualTo("end");
        assertThat(end.id()).isEqualTo(String.valueOf(model.words));
        assertThat(end.json().path("finishReason").asText()).isEqualTo("stop");
        assertThat(end.json().path("totalTokens").asInt()).isEqualTo(5 + model.words);
        assertThat(end.json().path("usage").path("completion_tokens").asInt()).isEqualTo(model.words);

        finished.assertIsSatisfied(5000);
        Exchange exchange = finished.getExchanges().get(0);
        assertThat(exchange.getIn().getHeader(EmbyWebConstants.OUTCOME)).isEqualTo("end");
        assertThat(exchange.getIn().getBody(String.class)).isEqualTo(model.answer());
    }

    @Test
    void failureGetsErrorEventWithReasonAndPartialText() throws Exception {
        MockEndpoint finished = getMockEndpoint("mock:finished");
        finished.expectedMessageCount(1);
        SseTestClient.Posted posted = client().post("Please FAIL", "tab-1");
        SseTestClient.Stream stream = client().open(posted.id(), null);
        stream.done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        SseTestClient.Event error = stream.last();
        assertThat(error.event()).isEqualTo("error");
        assertThat(error.json().path("reason").asText()).isEqualTo("SERVER_ERROR");
        assertThat(error.json().path("partial").asText()).isEqualTo("w0 w1 w2 ");
        assertThat(error.json().path("message").asText()).contains("simulated failure");
        assertThat(stream.text()).isEqualTo("w0 w1 w2 ");

        finished.assertIsSatisfied(5000);
        Exchange exchange = finished.getExchanges().get(0);
        assertThat(exchange.getIn().getHeader(EmbyWebConstants.OUTCOME)).isEqualTo("error");
        assertThat(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, EmbyStreamException.class).getReason())
                .isEqualTo(EmbyStreamException.Reason.SERVER_ERROR);
    }

    @Test
    void badInputIsRefusedWithAMessage() throws Exception {
        SseTestClient.Posted empty = client().post("   ", "tab-1");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("error").asText()).isEqualTo("empty_prompt");
        assertThat(empty.body().path("message").asText()).contains("empty");

        SseTestClient.Posted tooLong = client().post("x".repeat(MAX_PROMPT_CHARS + 1), "tab-1");
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.body().path("message").asText()).contains(String.valueOf(MAX_PROMPT_CHARS));

        SseTestClient.Posted first = client().post("first", "tab-1");
        assertThat(first.status()).isEqualTo(201);
        SseTestClient.Posted second = client().post("second", "tab-1");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().path("error").asText()).isEqualTo("busy");
        assertThat(client().post("another tab", "tab-2").status()).isEqualTo(201);

        SseTestClient.Stream stream = client().open(first.id(), null);
        stream.done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(stream.last().event()).isEqualTo("end");
        // once the answer ended, the tab may ask again
        assertThat(client().post("third", "tab-1").status()).isEqualTo(201);
    }

    @Test
    void reconnectWithLastEventIdResumes() throws Exception {
        model.words = 40;
        SseTestClient.Posted posted = client().post("long one", "tab-1");
        SseTestClient.Stream first = client().open(posted.id(), null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (first.deltas().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        first.close();
        String lastSeen = first.deltas().get(first.deltas().size() - 1).id();

        SseTestClient.Stream resumed = client().open(posted.id(), lastSeen);
        resumed.done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(resumed.last().event()).isEqualTo("end");
        assertThat(resumed.deltas().get(0).id()).isEqualTo(String.valueOf(Integer.parseInt(lastSeen) + 1));
        String seenBefore = first.deltas().stream().filter(e -> Integer.parseInt(e.id()) <= Integer.parseInt(lastSeen))
                .map(e -> e.json().path("text").asText()).reduce("", String::concat);
        assertThat(seenBefore + resumed.text()).isEqualTo(model.answer());
    }

    @Test
    void reconnectThatCannotResumeIsTold() throws Exception {
        SseTestClient.Stream unknown = client().open("no-such-stream", "3");
        unknown.done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(unknown.last().event()).isEqualTo("error");
        assertThat(unknown.last().json().path("reason").asText()).isEqualTo("NOT_RESUMABLE");
    }

    @Test
    void reconnectAfterEventsThatWereDroppedIsToldAndCancels() throws Exception {
        model.words = 40;
        MockEndpoint forgotten = getMockEndpoint("mock:forgotten");
        forgotten.expectedMessageCount(1);
        int port = ((EmbyWebConsumer) context.getRoute("forgetful").getConsumer()).getLocalPort();
        SseTestClient forgetful = SseTestClient.atApi("http://127.0.0.1:" + port + "/forgetful");
        String id = forgetful.post("long one", "tab-1").id();
        SseTestClient.Stream first = forgetful.open(id, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (first.deltas().size() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        first.close();

        // the browser says it saw event 0 only: events 1.. are no longer all kept
        SseTestClient.Stream resumed = forgetful.open(id, "0");
        resumed.done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        SseTestClient.Event error = resumed.last();
        assertThat(error.event()).isEqualTo("error");
        assertThat(error.json().path("reason").asText()).isEqualTo("NOT_RESUMABLE");
        assertThat(model.answer()).startsWith(error.json().path("partial").asText());
        assertThat(error.json().path("partial").asText()).isNotEmpty();

        forgotten.assertIsSatisfied(5000);
        assertThat(forgotten.getExchanges().get(0).getIn().getHeader(EmbyWebConstants.OUTCOME)).isEqualTo("cancelled");
    }

    @Test
    void prepareRouteShapesTheRequestBeforeTheModelIsCalled() throws Exception {
        int port = ((EmbyWebConsumer) context.getRoute("prepared").getConsumer()).getLocalPort();
        SseTestClient prepared = SseTestClient.atApi("http://127.0.0.1:" + port + "/prepared");
        SseTestClient.Stream stream = prepared.open(prepared.post("Hello", "tab-7").id(), null);
        stream.done.get(STREAM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // the model saw what the prepare route made of the prompt: its FAIL trigger
        assertThat(stream.last().event()).isEqualTo("error");
        assertThat(stream.last().json().path("reason").asText()).isEqualTo("SERVER_ERROR");
        assertThat(stream.text()).isEqualTo("w0 w1 w2 ");
    }
}
