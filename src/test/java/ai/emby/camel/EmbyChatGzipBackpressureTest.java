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

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that back-pressure bounds decoded bytes, not compressed ones: a gzip stream that compresses about a thousand
 * to one, against a delta route that blocks, leaves the client holding no more than the input window of decoded text
 * (64 KB plus one group), where a window of 64 KB of compressed bytes would hold some 64 MB of deltas.
 * <p>
 * The compressed stream is small enough for the kernel's socket buffers, so the server's writes are no measure here:
 * the heap is. Once the route is released every delta arrives, in order.
 */
class EmbyChatGzipBackpressureTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    private static final int DELTAS = 20_000;
    /** 4,000 characters per delta, the same each time: 80 MB of text that gzip makes about 100 KB. */
    private static final String TEXT = "a".repeat(4000);
    /** How long the route stays blocked: the whole compressed stream arrives in far less. */
    private static final long BLOCKED_MILLIS = 3000;
    /** Generous: the window holds 64 KB of text; 64 KB of compressed bytes would hold some 64 MB of deltas. */
    private static final long HEAP_BOUND_BYTES = 16L * 1024 * 1024;
    /** Generous: the stream takes a second or two once the route is released. */
    private static final long WAIT_SECONDS = 120;

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger outOfOrder = new AtomicInteger();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deltas").process(e -> {
                    int index = e.getIn().getHeader(EmbyConstants.DELTA_INDEX, Integer.class);
                    if (index != received.getAndIncrement()) {
                        outOfOrder.incrementAndGet();
                    }
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                });
            }
        };
    }

    @AfterEach
    void releaseTheRoute() {
        release.countDown();
    }

    @Test
    void aBlockedRouteHoldsAWindowOfDecodedTextNotOfCompressedBytes() throws Exception {
        AtomicLong decodedWritten = new AtomicLong();
        byte[] event = Chunks.content(TEXT).getBytes(StandardCharsets.UTF_8);
        server.enqueue(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            // sync flush: every burst reaches the socket at once, as a streaming server's would
            try (GZIPOutputStream out = new GZIPOutputStream(body, 8192, true)) {
                for (int i = 0; i < DELTAS; i++) {
                    out.write(event);
                    decodedWritten.addAndGet(event.length);
                    if (i % 100 == 99) {
                        out.flush();
                    }
                }
                out.write(Chunks.finish("stop").getBytes(StandardCharsets.UTF_8));
                out.write(Chunks.DONE.getBytes(StandardCharsets.UTF_8));
            }
        });
        long heapBefore = usedHeapAfterGc();

        var future = template.asyncRequestBody(String.format(
                "emby:chat?model=m&apiKey=k&baseUrl=%s&deltaUri=direct:deltas&idleTimeout=120s&maxAnswerChars=0", server.baseUrl()), "hi");

        Thread.sleep(BLOCKED_MILLIS);
        long heapWhileBlocked = usedHeapAfterGc() - heapBefore;
        long writtenWhileBlocked = decodedWritten.get();
        assertThat(received.get()).as("deltas the blocked route took").isEqualTo(1);
        assertThat(heapWhileBlocked).as("heap growth while the route was blocked (the server wrote %d bytes of text)",
                writtenWhileBlocked).isLessThan(HEAP_BOUND_BYTES);

        release.countDown();
        Object body = future.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(received.get()).isEqualTo(DELTAS);
        assertThat(outOfOrder.get()).isZero();
        assertThat(((String) body).length()).isEqualTo(DELTAS * TEXT.length());
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
