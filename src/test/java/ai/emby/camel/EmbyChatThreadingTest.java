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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.streamFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the threading contract (issue 13, defects 2, 3 and 7) with more slow or blocked delta routes than worker
 * threads: requestTimeout bounds emit mode, time in delta routes included, and no delta is delivered after it passed
 * or after a cancel (they are counted as dropped); blocked delta routes starve neither other exchanges, nor their
 * timeouts, nor the steps after {@code to("emby:chat")}; a delta route that calls emby:chat synchronously does not
 * deadlock; bufferTimeout timers go with their streams.
 */
class EmbyChatThreadingTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    /** The default pool's size here: every test has more slow or blocked streams than this. */
    private static final int WORKERS = 2;
    private static final int DELTAS = 40;
    private static final long SLOW_DELTA_MS = 250;
    private static final long REQUEST_TIMEOUT_MS = 1_000;
    /** Beyond the expected end: generous, never flaky, and far below what the defects took. */
    private static final long SLACK_MS = 3_000;
    private static final long BLOCKED_MS = 30_000;

    private final Map<String, List<Long>> deltaStarts = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger blocked = new AtomicInteger();
    private final List<String> afterSteps = new CopyOnWriteArrayList<>();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        EmbyComponent component = new EmbyComponent();
        component.setWorkerPoolSize(WORKERS);
        context.addComponent("emby", component);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:slow").process(e -> {
                    deltaStarts.computeIfAbsent(e.getIn().getHeader(EmbyConstants.STREAM_ID, String.class),
                            k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
                    Thread.sleep(SLOW_DELTA_MS);
                });
                from("direct:blocked").process(e -> {
                    blocked.incrementAndGet();
                    release.await(BLOCKED_MS, TimeUnit.MILLISECONDS);
                });
                from("direct:nested").process(e -> {
                    // a synchronous call from a delta route: this worker waits for another call's completion
                    ProducerTemplate nested = e.getContext().createProducerTemplate();
                    try {
                        nested.requestBody(uri("requestTimeout=20s"), "inner");
                    } finally {
                        nested.stop();
                    }
                });
                from("direct:count").process(e -> deltaStarts.computeIfAbsent("count", k -> new CopyOnWriteArrayList<>())
                        .add(System.nanoTime()));
                from("direct:afterChat").to(uri("requestTimeout=20s"))
                        .process(e -> afterSteps.add(e.getMessage().getBody(String.class)));
            }
        };
    }

    @AfterEach
    void releaseBlockedRoutes() {
        release.countDown();
    }

    private static String uri(String options) {
        return "emby:chat?model=m&apiKey=k&maxRetries=0&baseUrl=" + server.baseUrl() + "&" + options;
    }

    /** A request with the header X-Mode: stall gets response headers and then silence; any other DELTAS fast deltas. */
    private static void serve() {
        server.always(exchange -> {
            if ("stall".equals(exchange.getRequestHeaders().getFirst("X-Mode"))) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().flush();
                Thread.sleep(BLOCKED_MS);
                return;
            }
            String[] texts = new String[DELTAS];
            for (int i = 0; i < DELTAS; i++) {
                texts[i] = "d" + i + " ";
            }
            Responses.sse(Chunks.answer(texts)).respond(exchange);
        });
    }

    private CompletableFuture<Timed> send(String uri, String prompt) {
        long start = System.nanoTime();
        return template.asyncSend(uri, e -> e.getIn().setBody(prompt))
                .thenApply(exchange -> new Timed(exchange, start, System.nanoTime()));
    }

    private record Timed(Exchange exchange, long startNanos, long endNanos) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
        }
    }

    @Test
    void requestTimeoutBoundsEveryExchangeWhoseDeltaRoutesAreSlowAndNoDeltaGoesOutAfterIt() throws Exception {
        serve();
        List<CompletableFuture<Timed>> calls = new ArrayList<>();
        for (int i = 0; i < 3 * WORKERS; i++) {
            calls.add(send(uri("deltaUri=direct:slow&requestTimeout=" + REQUEST_TIMEOUT_MS), "hi " + i));
        }
        for (CompletableFuture<Timed> call : calls) {
            Timed timed = call.get(REQUEST_TIMEOUT_MS + 2 * SLACK_MS, TimeUnit.MILLISECONDS);
            EmbyStreamException failure = streamFailure(timed.exchange(), Reason.DEADLINE);
            // before: the deadline was cancelled with the end of the body and every delta was delivered (10 s)
            assertThat(timed.millis()).as("wall time of an exchange with requestTimeout=%s ms", REQUEST_TIMEOUT_MS)
                    .isLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
            assertThat(failure.getPartialContent()).as("the whole answer had arrived").startsWith("d0 ").contains("d39");
            assertThat(failure.getDroppedCount()).as("deltas never delivered").isPositive();
            assertThat(failure.getEmittedCount() + failure.getDroppedCount()).as("emitted + dropped")
                    .isEqualTo(DELTAS);
        }
        // the delta in flight at the deadline runs on; none starts after its exchange ended
        Thread.sleep(2 * SLOW_DELTA_MS);
        for (CompletableFuture<Timed> call : calls) {
            Timed timed = call.get();
            String streamId = timed.exchange().getMessage().getHeader(EmbyConstants.STREAM_ID, String.class);
            List<Long> starts = deltaStarts.getOrDefault(streamId, List.of());
            assertThat(starts).as("delta exchanges of %s started", streamId)
                    .hasSize(((EmbyStreamException) timed.exchange().getException()).getEmittedCount())
                    .allSatisfy(start -> assertThat(start).isLessThan(timed.endNanos()));
        }
    }

    @Test
    void stoppingTheContextStopsDeliveringAtOnceAndCountsTheRestAsDropped() throws Exception {
        serve();
        List<CompletableFuture<Timed>> calls = new ArrayList<>();
        for (int i = 0; i < 2 * WORKERS; i++) {
            calls.add(send(uri("deltaUri=direct:slow"), "hi " + i));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLACK_MS);
        while (deltaStarts.size() < 2 * WORKERS && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(deltaStarts).as("streams delivering").hasSize(2 * WORKERS);
        // the whole answer (a few KB, within the input window) has arrived, deliveries are far behind
        Thread.sleep(SLOW_DELTA_MS);
        long stopStart = System.nanoTime();
        context.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);

        // before: every queued delta was delivered first (here 4 x 40 x 250 ms on 2 threads: 20 s)
        assertThat(stopMillis).as("time to stop the CamelContext").isLessThan(SLACK_MS + 2 * SLOW_DELTA_MS);
        for (CompletableFuture<Timed> call : calls) {
            Timed timed = call.get(SLACK_MS, TimeUnit.MILLISECONDS);
            EmbyStreamException failure = streamFailure(timed.exchange(), Reason.CANCELLED);
            assertThat(failure.getDroppedCount()).as("deltas never delivered").isPositive();
            assertThat(failure.getEmittedCount() + failure.getDroppedCount()).isEqualTo(DELTAS);
        }
    }

    @Test
    void blockedDeltaRoutesStarveNeitherOtherExchangesNorTheirTimeoutsNorStepsAfterTheCall() throws Exception {
        serve();
        List<CompletableFuture<Timed>> blockedCalls = new ArrayList<>();
        for (int i = 0; i < 2 * WORKERS; i++) {
            blockedCalls.add(send(uri("deltaUri=direct:blocked"), "hi " + i));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLACK_MS);
        while (blocked.get() < 2 * WORKERS && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(blocked.get()).as("delta routes blocked, more than the %s worker threads", WORKERS)
                .isEqualTo(2 * WORKERS);

        // an aggregate call and the step after it
        Timed aggregate = send("direct:afterChat", "hi").get(SLACK_MS, TimeUnit.MILLISECONDS);
        assertThat(aggregate.exchange().getException()).isNull();
        assertThat(afterSteps).as("the step after to(\"emby:chat\") ran").hasSize(1).allMatch(s -> s.contains("d39"));

        // an exchange with its own requestTimeout, against a silent server: completing the timeout needs a worker
        Timed timeout = send(uri("requestTimeout=500&deltaUri=direct:slow&additionalHeader.X-Mode=stall"), "hi").get(500 + SLACK_MS,
                TimeUnit.MILLISECONDS);
        streamFailure(timeout.exchange(), Reason.DEADLINE);
        assertThat(timeout.millis()).as("wall time with requestTimeout=500").isLessThan(500 + SLACK_MS);

        for (CompletableFuture<Timed> call : blockedCalls) {
            assertThat(call).as("the blocked streams are still in their delta routes").isNotDone();
        }
        release.countDown();
        for (CompletableFuture<Timed> call : blockedCalls) {
            assertThat(call.get(SLACK_MS, TimeUnit.MILLISECONDS).exchange().getException()).isNull();
        }
    }

    @Test
    void aDeltaRouteThatCallsEmbyChatSynchronouslyDoesNotDeadlock() throws Exception {
        serve();
        List<CompletableFuture<Timed>> calls = new ArrayList<>();
        for (int i = 0; i < 2 * WORKERS; i++) {
            // every delta of these streams waits on a worker for a nested call, which needs a worker of its own
            calls.add(send(uri("deltaUri=direct:nested&bufferSize=20"), "hi " + i));
        }
        for (CompletableFuture<Timed> call : calls) {
            Timed timed = call.get(30, TimeUnit.SECONDS);
            assertThat(timed.exchange().getException()).as("outer exchange").isNull();
            assertThat(timed.exchange().getMessage().getBody(String.class)).contains("d39");
        }
    }

    @Test
    void bufferTimeoutTimersEndWithTheirStreams() throws Exception {
        serve();
        List<CompletableFuture<Timed>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // a long timeout: a timer task left behind would stay on the queue for a minute
            calls.add(send(uri("deltaUri=direct:count&bufferSize=2&bufferTimeout=60000"), "hi " + i));
        }
        for (CompletableFuture<Timed> call : calls) {
            assertThat(call.get(SLACK_MS * 3, TimeUnit.MILLISECONDS).exchange().getException()).isNull();
        }
        EmbyEndpoint endpoint = context.getEndpoint(uri("deltaUri=direct:count&bufferSize=2&bufferTimeout=60000"),
                EmbyEndpoint.class);
        // before: one task per group, 20 per stream, each keeping its whole call reachable for a minute
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLACK_MS);
        while (streamTasks(endpoint) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(streamTasks(endpoint)).as("tasks of finished streams left on the timer").isZero();
    }

    /** Tasks on the timer less the worker pool's supervisor tick, which belongs to the component, not to a stream. */
    static int streamTasks(EmbyEndpoint endpoint) {
        ScheduledExecutorService timer = endpoint.timer();
        ScheduledThreadPoolExecutor executor = timer instanceof SizedScheduledExecutorService
                ? ((SizedScheduledExecutorService) timer).getScheduledThreadPoolExecutor()
                : (ScheduledThreadPoolExecutor) timer;
        int supervisor = endpoint.getComponent().defaultWorkerPool().isSupervising() ? 1 : 0;
        return Math.max(0, executor.getQueue().size() - supervisor);
    }
}
