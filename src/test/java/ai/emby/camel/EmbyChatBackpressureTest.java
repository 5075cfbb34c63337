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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Wire;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves back-pressure: while the delta route is slow, the component stops reading the socket instead of buffering, so
 * the server's writes block and the client's heap stays bounded; once the route speeds up every delta arrives, in order.
 * <p>
 * One server writes 2,000 deltas of 4,000 characters a second (8 MB/s), far faster than any model; the other writes
 * them without ever pausing (a loopback firehose, whose socket never runs dry), which HttpCore's HTTP/1.1 decoder alone
 * would read on without limit within one read event (see {@code ReadPausingSession}). Both on every Camel version
 * the component supports.
 */
class EmbyChatBackpressureTest extends CamelTestSupport {

    /** The wire protocol these tests run against; a subclass runs every one of them for another operation. */
    /** More options (each after an {@code &}) for the endpoint; a subclass turns a tool loop on. */
    protected String extraOptions() {
        return "";
    }

    /** Answers the server gives before the big stream; a subclass makes the model call a tool first. */
    protected void enqueueBeforeTheStream(LlmServer server) {
    }

    protected Wire wire() {
        return Wire.CHAT;
    }

    @RegisterExtension
    static LlmServer server = new LlmServer();

    private static final int DELTAS = 20_000;
    /** 4,000 characters per delta: 20,000 deltas are ~80 MB on the wire, far more than the kernel socket buffers. */
    private static final String TEXT = "0123456789".repeat(400);
    private static final long SLOW_PHASE_MILLIS = 3000;
    /** Less than half of what the unthrottled server writes in the watched second. */
    private static final long MAX_PROGRESS_WHILE_BLOCKED = 3L * 1024 * 1024;
    /** How long the blocked server is watched for progress. */
    private static final long WATCH_MILLIS = 1000;
    /** Deltas the server writes between two 1 ms pauses (about 2,000 deltas a second). */
    private static final int BURST = 2;
    /** Heap growth allowed during the stall; buffering the whole stream as deltas would take over 40 MB. */
    private static final long HEAP_BOUND_BYTES = 16L * 1024 * 1024;

    private final AtomicBoolean slow = new AtomicBoolean(true);
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
                    if (slow.get()) {
                        Thread.sleep(100);
                    }
                });
            }
        };
    }

    @Test
    void slowDeltaRouteBlocksTheServerInsteadOfFillingTheHeap() throws Exception {
        assertBackPressure(BURST);
    }

    @Test
    void aFirehoseServerThatNeverPausesIsBlockedToo() throws Exception {
        assertBackPressure(DELTAS);
    }

    /** The server writes the deltas, flushing and pausing 1 ms after every {@code burst} of them. */
    private void assertBackPressure(int burst) throws Exception {
        AtomicLong written = new AtomicLong();
        byte[] event = wire().content(TEXT).getBytes(StandardCharsets.UTF_8);
        long total = (long) event.length * DELTAS;
        enqueueBeforeTheStream(server);
        server.enqueue(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < DELTAS; i++) {
                out.write(event);
                written.addAndGet(event.length);
                if (i % burst == burst - 1) {
                    out.flush();
                    Thread.sleep(1);
                }
            }
            for (String end : wire().end()) {
                out.write(end.getBytes(StandardCharsets.UTF_8));
            }
        });
        long heapBefore = usedHeapAfterGc();

        var future = template.asyncRequestBody(String.format(
                wire().uri() + "?model=m&apiKey=k&baseUrl=%s&deltaUri=direct:deltas&idleTimeout=60s&maxAnswerChars=0", server.baseUrl())
                + extraOptions(), "hi");

        Thread.sleep(SLOW_PHASE_MILLIS);
        long heapDuringStall = usedHeapAfterGc();
        long writtenDuringStall = written.get();
        Thread.sleep(WATCH_MILLIS);
        // unthrottled, the server writes 8 MB a second; blocked, it moves only by the input window the component
        // grants after the slow route emptied its queue (64 KB at a time)
        assertThat(written.get() - writtenDuringStall).as("bytes the blocked server wrote in a second")
                .isLessThan(MAX_PROGRESS_WHILE_BLOCKED);
        assertThat(writtenDuringStall).as("bytes the server could write while the route was slow").isLessThan(total / 4);
        assertThat(heapDuringStall - heapBefore).as("heap growth while the route was slow").isLessThan(HEAP_BOUND_BYTES);

        slow.set(false);
        Object body = future.get(60, TimeUnit.SECONDS);

        assertThat(received.get()).isEqualTo(DELTAS);
        assertThat(outOfOrder.get()).isZero();
        assertThat(body).isInstanceOf(String.class);
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
