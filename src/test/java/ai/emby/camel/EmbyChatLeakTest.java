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
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.RawServer;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.RawServer.awaitClientClose;
import static ai.emby.camel.support.RawServer.chunk;
import static ai.emby.camel.support.RawServer.head;
import static ai.emby.camel.support.RawServer.lastChunk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that failing streams leak nothing: {@link #STREAMS} exchanges, {@link #BATCH} at a time and all in flight
 * together without a thread blocked on any, each failing in one of eight ways (truncated, garbage JSON, HTTP 401,
 * in-stream error, idle timeout, first-delta timeout, reset mid-stream, close mid-chunk), every one ending in an
 * {@link EmbyException} within {@link #BATCH_BOUND_MS}, in emit mode with buffered groups and a buffer timer.
 * Afterwards the connection pool has no leased connection, the server sees no open connection (the client closed
 * every socket), no call is registered as active, no task is left on the component's timer, and the live
 * thread count is back to where it was after a warm-up (the worker pool and timer start lazily), within
 * {@link #THREAD_TOLERANCE}.
 */
class EmbyChatLeakTest extends CamelTestSupport {

    private final AtomicInteger deltas = new AtomicInteger();

    private static final int STREAMS = 1_000;
    /** Emit mode with a buffer timer that outlives no stream. */
    private static final long BUFFER_TIMEOUT_MS = 50;
    /** Exchanges in flight together. */
    private static final int BATCH = 100;
    /** Short timers, so the stalling kinds end fast. */
    private static final long TIMEOUT_MS = 300;
    /** Longest a batch may take: far beyond the timers, so only a hang trips it. */
    private static final long BATCH_BOUND_MS = 30_000;
    /** How long a stalling script stalls at most. */
    private static final long STALL_MS = 20_000;
    /** Pause before a reset, so the client has read the response head (a reset before it would be CONNECT). */
    private static final long BEFORE_RESET_MS = 50;
    /** How long pool, server and threads get to settle after the last exchange ended. */
    private static final long SETTLE_MS = 10_000;
    /** Threads that may come and go on their own (JVM and JDK housekeeping). */
    private static final int THREAD_TOLERANCE = 3;
    /** Names of the test server's connection threads, which are not the component's. */
    private static final String SERVER_THREAD = "raw-server";

    @RegisterExtension
    RawServer server = new RawServer();

    private final AtomicInteger connections = new AtomicInteger();

    /** Misbehaves in one of eight ways, in turn. */
    private void misbehave(java.net.Socket socket, java.io.OutputStream out) throws Exception {
        switch (connections.getAndIncrement() % 8) {
            case 0: // TRUNCATED
                head(out, 200, "text/event-stream");
                chunk(out, Chunks.content("a"));
                lastChunk(out);
                break;
            case 1: // MALFORMED
                head(out, 200, "text/event-stream");
                chunk(out, Chunks.content("a") + "data: {not json\n\n");
                awaitClientClose(socket, STALL_MS);
                break;
            case 2: // API_ERROR(401)
                RawServer.response(out, 401, "application/json", "{\"error\":{\"message\":\"Invalid API key\"}}");
                break;
            case 3: // SERVER_ERROR
                head(out, 200, "text/event-stream");
                chunk(out, Chunks.content("a") + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n");
                awaitClientClose(socket, STALL_MS);
                break;
            case 4: // IDLE_TIMEOUT (idleTimeout)
                head(out, 200, "text/event-stream");
                chunk(out, Chunks.content("a"));
                awaitClientClose(socket, STALL_MS);
                break;
            case 5: // IDLE_TIMEOUT (firstDeltaTimeout)
                head(out, 200, "text/event-stream");
                awaitClientClose(socket, STALL_MS);
                break;
            case 6: // TRANSPORT (reset)
                head(out, 200, "text/event-stream");
                chunk(out, Chunks.content("a"));
                Thread.sleep(BEFORE_RESET_MS);
                RawServer.rst(socket);
                break;
            default: // TRANSPORT (close mid-chunk)
                head(out, 200, "text/event-stream");
                RawServer.partialChunk(out, "data: {\"choices\":[{\"delta\":{\"content\":\"a", 20);
                RawServer.fin(socket);
        }
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deltas").process(exchange -> deltas.incrementAndGet());
            }
        };
    }

    @Test
    void failingStreamsLeaveNoLeasedConnectionOpenSocketOrThread() throws Exception {
        server.always(this::misbehave);
        EmbyEndpoint endpoint = (EmbyEndpoint) context.getEndpoint(
                "emby:chat?model=test-model&apiKey=sk-test&maxRetries=0&firstDeltaTimeout=" + TIMEOUT_MS + "&idleTimeout="
                                                                     + TIMEOUT_MS + "&baseUrl=" + server.baseUrl()
                                                                     // groups and their timer, flushed before each failure
                                                                     + "&deltaUri=direct:deltas&bufferSize=3&bufferTimeout="
                                                                     + BUFFER_TIMEOUT_MS);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();

        // warm-up: starts the HTTP client, the timer and every worker thread (the pool grows on each hand-off)
        runBatch(producer, 16);
        awaitQuiet(endpoint);
        int threadsBefore = componentThreads();

        Map<String, Integer> outcomes = new TreeMap<>();
        for (int sent = 0; sent < STREAMS; sent += BATCH) {
            for (Exchange exchange : runBatch(producer, BATCH)) {
                assertThat(exchange.getException()).as("exchange %s", exchange.getExchangeId())
                        .isInstanceOf(EmbyException.class);
                outcomes.merge(outcome(exchange.getException()), 1, Integer::sum);
            }
        }

        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(STREAMS);
        assertThat(deltas).as("delta exchanges emitted before the failures").hasPositiveValue();
        assertThat(outcomes).as("outcomes").containsKeys("TRUNCATED", "MALFORMED", "API_ERROR(401)", "SERVER_ERROR",
                "IDLE_TIMEOUT", "TRANSPORT");
        awaitQuiet(endpoint);
        PoolStats pool = endpoint.httpClient().poolStats();
        assertThat(pool.getLeased()).as("leased connections, %s", pool).isZero();
        assertThat(pool.getPending()).as("pending connection requests, %s", pool).isZero();
        assertThat(server.openConnections()).as("connections the server still has open").isZero();
        assertThat(((EmbyChatProducer) producer).activeCallCount()).as("active calls").isZero();
        assertThat(endpoint.getActiveStreams()).as("active streams").isZero();
        // every watchdog, retry wait and buffer timer was removed with its stream: none keeps a call reachable
        awaitTrue(() -> streamTasks(endpoint) == 0);
        assertThat(streamTasks(endpoint)).as("tasks of streams left on the component's timer").isZero();
        awaitTrue(() -> componentThreads() <= threadsBefore + THREAD_TOLERANCE);
        assertThat(componentThreads()).as("live threads (before: %s): %s", threadsBefore, threadNames())
                .isLessThanOrEqualTo(threadsBefore + THREAD_TOLERANCE);
        producer.stop();
    }

    /** Sends n exchanges without waiting for any, then waits for all (bounded): the exchanges, done. */
    private static List<Exchange> runBatch(AsyncProducer producer, int n) throws InterruptedException {
        List<Exchange> exchanges = new ArrayList<>(n);
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Exchange exchange = producer.getEndpoint().createExchange();
            exchange.getIn().setBody("hi " + i);
            exchanges.add(exchange);
            producer.process(exchange, doneSync -> done.countDown());
        }
        assertThat(done.await(BATCH_BOUND_MS, TimeUnit.MILLISECONDS))
                .as("%s of %s exchanges still running after %s ms", done.getCount(), n, BATCH_BOUND_MS).isTrue();
        return exchanges;
    }

    private void awaitQuiet(EmbyEndpoint endpoint) throws InterruptedException {
        awaitTrue(() -> endpoint.httpClient().poolStats().getLeased() == 0 && server.openConnections() == 0);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static String outcome(Exception failure) {
        if (failure instanceof EmbyStreamException) {
            return ((EmbyStreamException) failure).getReason().name();
        }
        return "API_ERROR(" + ((EmbyApiException) failure).getStatusCode() + ")";
    }

    /** Tasks on the timer less the worker pool's supervisor tick, which belongs to the component, not to a stream. */
    private static int streamTasks(EmbyEndpoint endpoint) {
        int supervisor = endpoint.getComponent().defaultWorkerPool().isSupervising() ? 1 : 0;
        return Math.max(0, scheduledTasks(endpoint.timer()) - supervisor);
    }

    private static int scheduledTasks(ScheduledExecutorService timer) {
        ScheduledThreadPoolExecutor executor = timer instanceof SizedScheduledExecutorService
                ? ((SizedScheduledExecutorService) timer).getScheduledThreadPoolExecutor()
                : (ScheduledThreadPoolExecutor) timer;
        return executor.getQueue().size();
    }

    /** Live threads but the test server's. */
    private static int componentThreads() {
        return threadNames().size();
    }

    private static List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.getName().startsWith(SERVER_THREAD)) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
