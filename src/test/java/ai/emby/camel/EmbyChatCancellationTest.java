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

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.RawServer;
import ai.emby.camel.support.Wire;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.streamFailure;
import static ai.emby.camel.support.RawServer.awaitClientClose;
import static ai.emby.camel.support.RawServer.chunk;
import static ai.emby.camel.support.RawServer.head;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves SPEC "Threading": stopping the producer, the route or the CamelContext while a stream is stalled ends the
 * exchange with {@code CANCELLED}, the text received so far as partial content, and the connection closed.
 * <ul>
 * <li>Stopping the producer cancels at once.</li>
 * <li>Stopping the CamelContext or a route cancels at once too ({@code cancelOnShutdown}, on by default), before
 * Camel's graceful shutdown starts to wait: every caller sees {@code CANCELLED}, one blocked in
 * {@code ProducerTemplate.request} included, with or without a route, and the route's error handler still routes the
 * failure. That holds for a producer started lazily and for a restarted route; suspending a route cancels
 * nothing.</li>
 * <li>With {@code cancelOnShutdown=false}, stopping goes through Camel's graceful shutdown: in-flight exchanges may
 * finish for its timeout ({@link #SHUTDOWN_TIMEOUT_SECONDS} here), then the route's services stop, the producer among
 * them, and the stalled stream ends within that timeout plus {@link #SLACK_MS}. A stream that finishes within the
 * timeout is not cut short.</li>
 * </ul>
 */
class EmbyChatCancellationTest extends CamelTestSupport {

    /** The wire protocol these tests run against; a subclass runs every one of them for another operation. */
    protected Wire wire() {
        return Wire.CHAT;
    }

    /** Camel's graceful shutdown timeout where a test waits for it (Camel's default is 45 s, CamelTestSupport's 10 s). */
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 1;
    /** A graceful shutdown timeout far beyond {@link #SLACK_MS}: a test that ends within the slack did not wait it. */
    private static final int LONG_SHUTDOWN_TIMEOUT_SECONDS = 30;
    /** Upper bound beyond the expected end: generous, never flaky. */
    private static final long SLACK_MS = 3_000;
    /** How long a stalling script stalls at most: far beyond every bound, so a stall never ends a test by itself. */
    private static final long STALL_MS = 20_000;
    /** How long to wait for the server to have written its first events, and for the client to close. */
    private static final long AWAIT_MS = 5_000;
    /** Time for the client to read what the server wrote before the test stops something. */
    private static final long LET_CLIENT_READ_MS = 500;
    /** A stream that takes this long still finishes within the graceful shutdown timeout. */
    private static final long SLOW_STREAM_PAUSE_MS = 100;

    @RegisterExtension
    RawServer server = new RawServer();

    private final CountDownLatch written = new CountDownLatch(1);
    private final CountDownLatch clientClosed = new CountDownLatch(1);

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").routeId("chat").to(uri());
                from("direct:graceful").routeId("graceful").to(uri() + "&cancelOnShutdown=false");
                from("direct:lazy").routeId("lazy").to(uri() + "&lazyStartProducer=true");
                from("direct:guarded").routeId("guarded")
                        .errorHandler(deadLetterChannel("mock:dead"))
                        .to(uri());
            }
        };
    }

    private String uri() {
        // timeouts far beyond the test: only the stop can end the stream
        return wire().uri() + "?model=test-model&apiKey=sk-test&maxRetries=0&firstDeltaTimeout=60s&idleTimeout=60s&baseUrl="
               + server.baseUrl();
    }

    /** The server sends "Hel", then stalls until the client closes the connection. */
    private void stallAfterHel() {
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            chunk(out, wire().start());
            chunk(out, wire().content("Hel"));
            written.countDown();
            if (awaitClientClose(socket, STALL_MS)) {
                clientClosed.countDown();
            }
        });
    }

    /** Sends the exchange on a thread of its own; the future completes with the exchange when it is done. */
    private CompletableFuture<Exchange> sendInBackground(String uri) {
        return CompletableFuture.supplyAsync(() -> template.request(uri, e -> e.getIn().setBody("hi")));
    }

    /**
     * Sends the exchange without blocking a thread on it (as a consumer that does not wait would): the future
     * completes when the exchange is done.
     */
    private CompletableFuture<Exchange> sendAsynchronously(String uri) throws Exception {
        AsyncProducer producer = context.getEndpoint(uri).createAsyncProducer();
        producer.start();
        Exchange exchange = producer.getEndpoint().createExchange();
        exchange.getIn().setBody("hi");
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, doneSync -> done.complete(exchange));
        return done;
    }

    private void awaitStalled() throws InterruptedException {
        assertThat(written.await(AWAIT_MS, TimeUnit.MILLISECONDS)).as("the server wrote its events").isTrue();
        Thread.sleep(LET_CLIENT_READ_MS);
    }

    private void assertCancelled(Exchange result) throws InterruptedException {
        EmbyStreamException failure = streamFailure(result, Reason.CANCELLED);
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
        assertThat(failure.getDeltaCount()).isEqualTo(1);
        assertThat(clientClosed.await(AWAIT_MS, TimeUnit.MILLISECONDS)).as("client closed the connection").isTrue();
    }

    @Test
    void stoppingTheProducerCancelsAStalledStreamAtOnce() throws Exception {
        stallAfterHel();
        AsyncProducer producer = context.getEndpoint(uri()).createAsyncProducer();
        producer.start();
        Exchange exchange = producer.getEndpoint().createExchange();
        exchange.getIn().setBody("hi");
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, doneSync -> done.complete(exchange));
        awaitStalled();

        long start = System.nanoTime();
        producer.stop();
        Exchange result = done.get(SLACK_MS, TimeUnit.MILLISECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(SLACK_MS);
        assertCancelled(result);
    }

    @Test
    void stoppingTheRouteCancelsAStalledStreamAtOnce() throws Exception {
        assertRouteStopCancelsAtOnce("chat");
    }

    @Test
    void stoppingTheRouteCancelsAtOnceWhenItsProducerStartedLazily() throws Exception {
        assertRouteStopCancelsAtOnce("lazy");
    }

    @Test
    void aRestartedRouteStillCancelsAtOnceWhenStopped() throws Exception {
        context.getRouteController().stopRoute("chat");
        context.getRouteController().startRoute("chat");
        assertRouteStopCancelsAtOnce("chat");
    }

    private void assertRouteStopCancelsAtOnce(String routeId) throws Exception {
        stallAfterHel();
        CompletableFuture<Exchange> done = sendInBackground("direct:" + routeId);
        awaitStalled();

        long start = System.nanoTime();
        context.getRouteController().stopRoute(routeId, LONG_SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Exchange result = done.get(SLACK_MS, TimeUnit.MILLISECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("stop and cancel took")
                .isLessThan(SLACK_MS);
        assertCancelled(result);
    }

    @Test
    void withoutCancelOnShutdownStoppingTheRouteCancelsWhenTheGracefulShutdownTimesOut() throws Exception {
        stallAfterHel();
        CompletableFuture<Exchange> done = sendInBackground("direct:graceful");
        awaitStalled();

        long start = System.nanoTime();
        context.getRouteController().stopRoute("graceful", SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Exchange result = done.get(SHUTDOWN_TIMEOUT_SECONDS * 1000L + SLACK_MS, TimeUnit.MILLISECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isBetween(SHUTDOWN_TIMEOUT_SECONDS * 1000L - 100, SHUTDOWN_TIMEOUT_SECONDS * 1000L + SLACK_MS);
        assertCancelled(result);
    }

    @Test
    void suspendingTheRouteDoesNotCancel() throws Exception {
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            chunk(out, wire().start());
            chunk(out, wire().content("Hel"));
            written.countDown();
            Thread.sleep(SLOW_STREAM_PAUSE_MS * 5);
            for (String event : wire().answer("lo")) {
                chunk(out, event);
            }
            RawServer.lastChunk(out);
        });
        CompletableFuture<Exchange> done = sendInBackground("direct:chat");
        assertThat(written.await(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();

        context.getRouteController().suspendRoute("chat", LONG_SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Exchange result = done.get(SLACK_MS, TimeUnit.MILLISECONDS);

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello");
    }

    @Test
    void stoppingTheCamelContextCancelsAStalledStreamAtOnce() throws Exception {
        assertContextStopCancelsAtOnce(() -> sendAsynchronously("direct:chat"));
    }

    @Test
    void aCallerBlockedOnTheExchangeSeesCancelledWhenTheCamelContextStops() throws Exception {
        assertContextStopCancelsAtOnce(() -> sendInBackground("direct:chat"));
    }

    @Test
    void aProducerTemplateCallerWithoutARouteSeesCancelledWhenTheCamelContextStops() throws Exception {
        assertContextStopCancelsAtOnce(() -> sendInBackground(uri()));
    }

    private void assertContextStopCancelsAtOnce(Callable<CompletableFuture<Exchange>> send) throws Exception {
        stallAfterHel();
        CompletableFuture<Exchange> done = send.call();
        awaitStalled();

        assertCancelled(stopContextAndAwait(done));
    }

    @Test
    void theRoutesErrorHandlerStillRoutesTheCancelledExchange() throws Exception {
        MockEndpoint dead = getMockEndpoint("mock:dead");
        dead.expectedMessageCount(1);
        stallAfterHel();
        CompletableFuture<Exchange> done = sendInBackground("direct:guarded");
        awaitStalled();

        stopContextAndAwait(done);

        dead.assertIsSatisfied();
        Exchange deadLetter = dead.getReceivedExchanges().get(0);
        EmbyStreamException failure = deadLetter.getProperty(Exchange.EXCEPTION_CAUGHT, EmbyStreamException.class);
        assertThat(failure.getReason()).isEqualTo(Reason.CANCELLED);
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
    }

    @Test
    void withoutCancelOnShutdownAStalledStreamIsCancelledWhenTheGracefulShutdownTimesOut() throws Exception {
        stallAfterHel();
        CompletableFuture<Exchange> done = sendAsynchronously("direct:graceful");
        awaitStalled();

        long start = System.nanoTime();
        context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_SECONDS);
        context.stop();
        Exchange result = done.get(SHUTDOWN_TIMEOUT_SECONDS * 1000L + SLACK_MS, TimeUnit.MILLISECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isLessThan(SHUTDOWN_TIMEOUT_SECONDS * 1000L + SLACK_MS);
        assertCancelled(result);
    }

    /** Stops the CamelContext with a long graceful timeout: the exchange must be done well before it. */
    private Exchange stopContextAndAwait(CompletableFuture<Exchange> done) throws Exception {
        long start = System.nanoTime();
        context.getShutdownStrategy().setTimeout(LONG_SHUTDOWN_TIMEOUT_SECONDS);
        context.stop();
        Exchange result = done.get(SLACK_MS, TimeUnit.MILLISECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("stop and cancel took")
                .isLessThan(SLACK_MS);
        return result;
    }

    @Test
    void withoutCancelOnShutdownAStreamThatFinishesWithinTheGracefulShutdownIsNotCancelled() throws Exception {
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            chunk(out, wire().start());
            chunk(out, wire().content("Hel"));
            written.countDown();
            Thread.sleep(SLOW_STREAM_PAUSE_MS);
            for (String event : wire().answer("lo")) {
                chunk(out, event);
            }
            RawServer.lastChunk(out);
        });
        CompletableFuture<Exchange> done = sendInBackground("direct:graceful");
        assertThat(written.await(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();

        context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_SECONDS * 10);
        context.stop();
        Exchange result = done.get(SLACK_MS, TimeUnit.MILLISECONDS);

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello");
    }
}
