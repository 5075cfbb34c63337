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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.RawServer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.millisSince;
import static ai.emby.camel.support.Faults.streamFailure;
import static ai.emby.camel.support.RawServer.awaitClientClose;
import static ai.emby.camel.support.RawServer.chunk;
import static ai.emby.camel.support.RawServer.head;
import static ai.emby.camel.support.RawServer.lastChunk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves SPEC "Emit mode" for failing delta routes: a delta exchange that ends failed (an exception the delta route's
 * error handler did not handle, or rollback-only) cancels the stream at once (the connection is closed, no further
 * delta and no end exchange is sent) and fails the original exchange with {@code DELIVERY}, whose cause is the delta's
 * exception and whose {@code getEmittedCount()} counts the failed delta; a failure the delta route's own error
 * handler handled does not fail the stream. Also: with {@code emitEnd}, any other failure still sends the end exchange,
 * typed {@code error} with the reason.
 */
class EmbyChatDeliveryFailureTest extends CamelTestSupport {

    /** The delta index at which the delta routes fail. */
    private static final int FAILING_INDEX = 1;
    /** A timeout that must not be what ends the stream. */
    private static final long LONG_TIMEOUT_MS = 30_000;
    /** Upper bound on how long after the failing delta the exchange ends: generous, never flaky. */
    private static final long SLACK_MS = 3_000;
    /** How long a stalling script stalls at most, and how long to wait for the client to close. */
    private static final long STALL_MS = 20_000;
    private static final long AWAIT_MS = 5_000;

    @RegisterExtension
    RawServer server = new RawServer();

    /** Bodies of the delta exchanges the delta routes received, in order. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:failing").process(record()).process(failAt(FAILING_INDEX));

                from("direct:handled")
                        .onException(IllegalStateException.class).handled(true).to("mock:handledErrors").end()
                        .process(record()).process(failAt(FAILING_INDEX));

                from("direct:rollback").process(record()).process(e -> e.setRollbackOnly(true));

                from("direct:events").process(record()).to("mock:events");
            }
        };
    }

    private Processor record() {
        return e -> received.add(e.getIn().getHeader(EmbyConstants.DELTA_TYPE) + ":" + e.getIn().getBody(String.class));
    }

    private static Processor failAt(int index) {
        return e -> {
            if (e.getIn().getHeader(EmbyConstants.DELTA_INDEX, Integer.class) == index) {
                throw new IllegalStateException("the delta route failed at index " + index);
            }
        };
    }

    private Exchange call(String deltaUri) {
        String uri = "emby:chat?model=test-model&apiKey=sk-test&maxRetries=0&emitEnd=true&firstDeltaTimeout="
                     + LONG_TIMEOUT_MS + "&idleTimeout=" + LONG_TIMEOUT_MS + "&deltaUri=" + deltaUri + "&baseUrl="
                     + server.baseUrl();
        return template.request(uri, e -> e.getIn().setBody("hi"));
    }

    @Test
    void aFailingDeltaRouteCancelsAStalledStreamWithDelivery() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            for (String text : new String[] { "a", "b", "c" }) {
                chunk(out, Chunks.content(text));
            }
            if (awaitClientClose(socket, STALL_MS)) {
                clientClosed.countDown();
            }
        });

        Exchange result = call("direct:failing");
        long sinceRequest = millisSince(server.requests().get(0).receivedNanos);

        EmbyStreamException failure = streamFailure(result, Reason.DELIVERY);
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessage("the delta route failed at index " + FAILING_INDEX);
        assertThat(failure.getEmittedCount()).isEqualTo(FAILING_INDEX + 1);
        assertThat(failure.getPartialContent()).startsWith("ab");
        assertThat(failure.getDeltaCount()).isGreaterThanOrEqualTo(2);
        // nothing after the failed delta, and no end exchange
        assertThat(received).containsExactly("content:a", "content:b");
        assertThat(sinceRequest).isLessThan(SLACK_MS);
        assertThat(clientClosed.await(AWAIT_MS, TimeUnit.MILLISECONDS)).as("client closed the connection").isTrue();
    }

    @Test
    void aFailingDeltaRouteFailsAStreamThatCompletedWithDelivery() {
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            for (String event : Chunks.answer("a", "b", "c", "d")) {
                chunk(out, event);
            }
            lastChunk(out);
        });

        Exchange result = call("direct:failing");

        EmbyStreamException failure = streamFailure(result, Reason.DELIVERY);
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessage("the delta route failed at index " + FAILING_INDEX);
        assertThat(failure.getEmittedCount()).isEqualTo(FAILING_INDEX + 1);
        assertThat(failure.getPartialContent()).startsWith("ab");
        assertThat(received).containsExactly("content:a", "content:b");
        // on failure the original keeps its body
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("hi");
    }

    @Test
    void aRollbackOnlyDeltaFailsTheStreamWithDelivery() {
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            for (String event : Chunks.answer("a", "b")) {
                chunk(out, event);
            }
            lastChunk(out);
        });

        Exchange result = call("direct:rollback");

        EmbyStreamException failure = streamFailure(result, Reason.DELIVERY);
        assertThat(failure.getCause()).isNotNull();
        assertThat(failure.getCause().getMessage()).contains("rollback");
        assertThat(failure.getEmittedCount()).isEqualTo(1);
        assertThat(received).containsExactly("content:a");
    }

    @Test
    void aFailureTheDeltaRouteHandledDoesNotFailTheStream() throws Exception {
        MockEndpoint handledErrors = getMockEndpoint("mock:handledErrors");
        handledErrors.expectedMessageCount(1);
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            for (String event : Chunks.answer("a", "b", "c", "d")) {
                chunk(out, event);
            }
            lastChunk(out);
        });

        Exchange result = call("direct:handled");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("abcd");
        assertThat(received).containsExactly("content:a", "content:b", "content:c", "content:d", "end:");
        handledErrors.assertIsSatisfied();
        assertThat(handledErrors.getReceivedExchanges().get(0).getIn().getHeader(EmbyConstants.DELTA_INDEX))
                .isEqualTo(FAILING_INDEX);
    }

    @Test
    void anyOtherFailureStillSendsTheEndExchangeTypedError() throws Exception {
        MockEndpoint events = getMockEndpoint("mock:events");
        events.expectedMessageCount(3);
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            chunk(out, Chunks.content("a"));
            chunk(out, Chunks.content("b"));
            lastChunk(out);
        });

        Exchange result = call("direct:events");

        EmbyStreamException failure = streamFailure(result, Reason.TRUNCATED);
        assertThat(failure.getEmittedCount()).isEqualTo(2);
        events.assertIsSatisfied();
        Exchange end = events.getReceivedExchanges().get(2);
        assertThat(end.getIn().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("error");
        assertThat(end.getIn().getHeader(EmbyConstants.ERROR_REASON)).isEqualTo("TRUNCATED");
        assertThat(end.getIn().getHeader(EmbyConstants.DELTA_INDEX)).isEqualTo(2);
    }
}
