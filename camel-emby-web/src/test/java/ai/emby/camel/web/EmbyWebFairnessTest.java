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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thread-free and fair: {@value #CLIENTS} browser streams at once (plain HTTP clients reading SSE) against a model
 * paced with timers, the words grouped as a page would have them ({@code bufferBoundary=word},
 * {@code bufferTimeout}={@value #BUFFER_TIMEOUT_MILLIS} ms). For every stream it measures the time from the model
 * writing its first word to the client receiving its first event (the first group) and prints the distribution; each
 * must be within {@value #FIRST_GROUP_BOUND_MILLIS} ms. It also measures, per stream, the longest gap between two
 * events while the model sends a word every {@value #WORD_MILLIS} ms: a stream that starves while others run shows a
 * long gap. Next to
 * them, {@value #IDLE_CLIENTS} streams wait on a model that stays silent, as a thinking model does: they hold no
 * thread and delay nobody. The JVM's thread count while all streams are open must not grow with their number; when
 * the idle clients go away, their model connections close.
 */
class EmbyWebFairnessTest extends CamelTestSupport {

    private static final int CLIENTS = 200;
    private static final int IDLE_CLIENTS = 50;
    private static final long FIRST_DELTA_MILLIS = 300;
    private static final long WORD_MILLIS = 40;
    private static final int WORDS = 30;
    private static final long BUFFER_TIMEOUT_MILLIS = 150;
    private static final long FIRST_GROUP_BOUND_MILLIS = 500;
    /** A gap this much longer than the model's pace means the stream waited for others. */
    private static final long STARVATION_SLACK_MILLIS = 500;
    /** Threads that may appear while the streams run (pool warm-up), far fewer than one per stream. */
    private static final int THREAD_GROWTH_BOUND = 60;

    @RegisterExtension
    final PacedModelServer model = new PacedModelServer();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // grouped as a page would be (examples/web-chat): whole words, flushed every BUFFER_TIMEOUT_MILLIS
                from("emby-web:chat?port=0&host=127.0.0.1&chatUri=RAW(emby:chat?model=paced&apiKey=test-key"
                     + "&bufferBoundary=word&bufferMaxChars=200&bufferTimeout=" + BUFFER_TIMEOUT_MILLIS
                     + "&baseUrl=" + model.baseUrl() + ")")
                        .routeId("web")
                        .to("mock:finished");
            }
        };
    }

    @Test
    void everyStreamGetsItsFirstGroupPromptlyAndNoneStarves() throws Exception {
        model.firstDeltaMillis = FIRST_DELTA_MILLIS;
        model.wordMillis = WORD_MILLIS;
        model.words = WORDS;
        int port = ((EmbyWebConsumer) context.getRoute("web").getConsumer()).getLocalPort();
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        try {
            SseTestClient client = new SseTestClient("http://127.0.0.1:" + port, clientThreads);
            // warm up class loading and the connection pools with one stream, so the first measured group is not
            // the JIT's
            SseTestClient.Stream warm = client.open(client.post("warm-up", "warm").id(), null);
            warm.done.get(10, TimeUnit.SECONDS);

            int threadsBefore = Thread.activeCount();
            List<SseTestClient.Stream> idle = new ArrayList<>();
            for (int i = 0; i < IDLE_CLIENTS; i++) {
                idle.add(client.open(client.post("SILENT thinking " + i, "idle-" + i).id(), null));
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                ids.add(client.post("question from client-" + i, "tab-" + i).id());
            }
            List<SseTestClient.Stream> streams = new ArrayList<>();
            for (String id : ids) {
                streams.add(client.open(id, null));
            }
            AtomicInteger peakThreads = new AtomicInteger(threadsBefore);
            CompletableFuture<Void> all = CompletableFuture.allOf(streams.stream().map(s -> s.done)
                    .toArray(CompletableFuture[]::new));
            while (!all.isDone()) {
                peakThreads.accumulateAndGet(Thread.activeCount(), Math::max);
                Thread.sleep(20);
            }
            all.get(30, TimeUnit.SECONDS);
            assertThat(model.openStreams()).as("the idle streams are still open").isEqualTo(IDLE_CLIENTS);
            idle.forEach(SseTestClient.Stream::close);
            long idleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (model.openStreams() > 0 && System.nanoTime() < idleDeadline) {
                Thread.sleep(20);
            }
            assertThat(model.openStreams()).as("model connections left open after the idle clients left").isZero();

            List<Long> firstGroupMillis = new ArrayList<>();
            List<Long> worstGapMillis = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                SseTestClient.Stream stream = streams.get(i);
                assertThat(stream.last().event()).as("stream of client-%d ended", i).isEqualTo("end");
                assertThat(stream.text()).as("text of client-%d", i).isEqualTo(model.answer());
                Long modelFirst = model.firstDeltaNanos("client-" + i);
                List<SseTestClient.Event> deltas = stream.deltas();
                firstGroupMillis.add(TimeUnit.NANOSECONDS.toMillis(deltas.get(0).nanos() - modelFirst));
                long worst = 0;
                for (int d = 1; d < deltas.size(); d++) {
                    worst = Math.max(worst, deltas.get(d).nanos() - deltas.get(d - 1).nanos());
                }
                worstGapMillis.add(TimeUnit.NANOSECONDS.toMillis(worst));
            }
            Collections.sort(firstGroupMillis);
            Collections.sort(worstGapMillis);
            System.out.println("First group after the model's first word, " + CLIENTS + " concurrent streams (ms): "
                               + distribution(firstGroupMillis));
            System.out.println("Longest gap between two events of a stream, model pace " + WORD_MILLIS + " ms, bufferTimeout "
                               + BUFFER_TIMEOUT_MILLIS + " ms (ms): "
                               + distribution(worstGapMillis));
            System.out.println("Threads: " + threadsBefore + " before, " + peakThreads.get() + " at most while "
                               + CLIENTS + " streams and " + IDLE_CLIENTS + " idle ones were open");

            assertThat(firstGroupMillis.get(firstGroupMillis.size() - 1)).isLessThan(FIRST_GROUP_BOUND_MILLIS);
            assertThat(worstGapMillis.get(worstGapMillis.size() - 1))
                    .isLessThan(BUFFER_TIMEOUT_MILLIS + WORD_MILLIS + STARVATION_SLACK_MILLIS);
            assertThat(peakThreads.get() - threadsBefore).isLessThan(THREAD_GROWTH_BOUND);
        } finally {
            clientThreads.shutdownNow();
        }
    }

    private static String distribution(List<Long> sorted) {
        return "min " + sorted.get(0) + ", p50 " + percentile(sorted, 50) + ", p90 " + percentile(sorted, 90)
               + ", p99 " + percentile(sorted, 99) + ", max " + sorted.get(sorted.size() - 1);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
