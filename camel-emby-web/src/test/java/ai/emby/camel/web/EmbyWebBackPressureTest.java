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

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that reads slowly is back-pressure, not memory: the model writes {@value #DELTAS} deltas of
 * {@value #DELTA_CHARS} characters as fast as its socket takes them, the browser reads nothing for a while. The
 * model's writes must stall well before the end (the bridge completes a delta exchange only once the browser's write
 * queue drained, camel-emby then stops reading the model), and once the browser reads, everything arrives, in order.
 */
class EmbyWebBackPressureTest extends CamelTestSupport {

    private static final int DELTAS = 40_000;
    private static final int DELTA_CHARS = 1_000;
    private static final long STALL_WAIT_MILLIS = 2_000;

    private final Vertx modelVertx = Vertx.vertx();
    private final AtomicInteger written = new AtomicInteger();
    private HttpServer model;

    @Override
    protected void doPreSetup() throws Exception {
        model = modelVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(b -> {
            HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            writeAsFastAsAllowed(response);
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeModel() throws Exception {
        modelVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void writeAsFastAsAllowed(HttpServerResponse response) {
        String text = "x".repeat(DELTA_CHARS - 1) + " ";
        while (written.get() < DELTAS) {
            response.write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
                           + "\"},\"finish_reason\":null}]}\n\n");
            written.incrementAndGet();
            if (response.writeQueueFull()) {
                response.drainHandler(v -> writeAsFastAsAllowed(response));
                return;
            }
        }
        response.end("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("emby-web:chat?port=0&host=127.0.0.1&chatUri=RAW(emby:chat?model=fast&apiKey=test-key"
                     + "&maxAnswerChars=100000000&baseUrl=http://127.0.0.1:" + model.actualPort() + "/v1)")
                        .routeId("web")
                        .to("mock:finished");
            }
        };
    }

    @Test
    void aSlowBrowserStallsTheModelInsteadOfFillingMemory() throws Exception {
        int port = ((EmbyWebConsumer) context.getRoute("web").getConsumer()).getLocalPort();
        String id = new SseTestClient("http://127.0.0.1:" + port, null).post("flood me", "tab-1").id();
        try (Socket browser = new Socket()) {
            browser.setReceiveBufferSize(4096);
            browser.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = browser.getOutputStream();
            out.write(("GET /chat/streams/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            Thread.sleep(STALL_WAIT_MILLIS);
            int stalledAt = written.get();
            Thread.sleep(STALL_WAIT_MILLIS / 2);
            int stillAt = written.get();
            long heldMb = (long) stalledAt * DELTA_CHARS / 1_000_000;
            System.out.println("Browser not reading: the model could write " + stalledAt + " of " + DELTAS
                               + " deltas (~" + heldMb + " MB, socket buffers included), then " + (stillAt - stalledAt)
                               + " more in the next " + STALL_WAIT_MILLIS / 2 + " ms");
            assertThat(stalledAt).isLessThan(DELTAS / 2);
            assertThat(stillAt).isEqualTo(stalledAt);

            // now the browser reads: every delta arrives, then the end event
            InputStream in = browser.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long deltaEvents = 0;
            StringBuilder tail = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                String scan = tail + chunk;
                deltaEvents += count(scan, "event: delta") - count(tail.toString(), "event: delta");
                tail.setLength(0);
                tail.append(scan, Math.max(0, scan.length() - 64), scan.length());
                if (scan.contains("event: end")) {
                    break;
                }
            }
            assertThat(deltaEvents).isEqualTo(DELTAS);
            assertThat(tail.toString()).contains("finishReason");
        }
    }

    private static long count(String text, String what) {
        long count = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            count++;
        }
        return count;
    }
}
