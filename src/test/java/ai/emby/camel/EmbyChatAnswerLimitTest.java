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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import com.sun.net.httpserver.HttpExchange;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that the assembled answer is bounded: a server that streams content without end, as fast as loopback allows,
 * fails the exchange with reason {@code ANSWER_TOO_LARGE} once the answer passes {@code maxAnswerChars} (the default
 * when not set), with the text received as the partial content, in aggregate and in emit mode, and the heap stays
 * bounded. Without the limit such a stream grows the heap by about a gigabyte in five seconds.
 */
class EmbyChatAnswerLimitTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    private static final String TEXT = "0123456789".repeat(100);
    /** The option's default. */
    private static final int DEFAULT_LIMIT = 2_000_000;
    /** How long the endless server writes if nobody stops it (far longer than the test waits). */
    private static final long SERVER_GIVES_UP_MILLIS = 120_000;
    /** Generous: the limit is reached in well under a second on loopback. */
    private static final long WAIT_SECONDS = 30;
    /** Generous: the answer at the limit is 2 M characters (2 to 4 MB), the endless stream would be gigabytes. */
    private static final long HEAP_BOUND_BYTES = 96L * 1024 * 1024;

    private final AtomicInteger deltas = new AtomicInteger();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deltas").process(e -> deltas.incrementAndGet());
            }
        };
    }

    @Test
    void anEndlessStreamFailsAtTheDefaultLimitInAggregateMode() throws Exception {
        EmbyStreamException failure = endlessStream("", DEFAULT_LIMIT);

        assertThat(failure.getEmittedCount()).isZero();
    }

    @Test
    void anEndlessStreamFailsAtTheDefaultLimitInEmitMode() throws Exception {
        EmbyStreamException failure = endlessStream("&deltaUri=direct:deltas", DEFAULT_LIMIT);

        // every delta received before the failure was emitted: nothing received is dropped
        assertThat(failure.getEmittedCount()).isEqualTo(failure.getDeltaCount());
        assertThat(deltas.get()).isEqualTo(failure.getDeltaCount());
    }

    @Test
    void aLowerLimitIsHonoured() throws Exception {
        endlessStream("&maxAnswerChars=50000", 50_000);
    }

    private EmbyStreamException endlessStream(String options, int limit) throws Exception {
        server.enqueue(exchange -> endless(exchange.getResponseBody(), exchange));
        long heapBefore = usedHeapAfterGc();

        CompletableFuture<Exchange> future = template.asyncSend(
                String.format("emby:chat?model=m&apiKey=k&baseUrl=%s%s", server.baseUrl(), options),
                e -> e.getIn().setBody("count forever"));
        Exchange result = future.get(WAIT_SECONDS, TimeUnit.SECONDS);

        long heapGrowth = usedHeapAfterGc() - heapBefore;
        assertThat(result.getException()).as("the exchange's exception").isInstanceOf(EmbyStreamException.class);
        EmbyStreamException failure = (EmbyStreamException) result.getException();
        assertThat(failure.getReason().name()).as("reason of: %s", failure.getMessage()).isEqualTo("ANSWER_TOO_LARGE");
        assertThat(failure.getMessage()).contains("maxAnswerChars").contains(String.valueOf(limit));
        // the text received is kept: up to the limit plus the chunk that passed it
        assertThat(failure.getPartialContent().length()).isGreaterThan(limit).isLessThanOrEqualTo(limit + TEXT.length());
        assertThat(failure.getPartialContent()).startsWith(TEXT);
        assertThat(failure.getDeltaCount()).isEqualTo(failure.getPartialContent().length() / TEXT.length());
        assertThat(heapGrowth).as("heap growth with the failed exchange still held").isLessThan(HEAP_BOUND_BYTES);
        return failure;
    }

    /** Content deltas as fast as the socket takes them, until the client goes away. */
    private static void endless(OutputStream out, HttpExchange exchange) throws Exception {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        byte[] event = Chunks.content(TEXT).getBytes(StandardCharsets.UTF_8);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVER_GIVES_UP_MILLIS);
        try {
            for (int i = 0; System.nanoTime() < until; i++) {
                out.write(event);
                if (i % 16 == 15) {
                    out.flush();
                }
            }
        } catch (IOException clientWentAway) {
            // what the failed exchange looks like from here
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
