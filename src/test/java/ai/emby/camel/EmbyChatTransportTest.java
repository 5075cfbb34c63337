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

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves transport behaviour: a gzip-encoded stream is decoded, a redirect is never followed (it could carry the
 * Authorization header to another host), and a delta route that blocks its thread (as a
 * synchronous file: or jms: producer does) does not hold up another stream, because routing never runs on the
 * HTTP client's I/O threads.
 */
class EmbyChatTransportTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    private final CountDownLatch releaseBlockedRoute = new CountDownLatch(1);

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:blocking").process(e -> releaseBlockedRoute.await(30, TimeUnit.SECONDS));
            }
        };
    }

    @Test
    void gzipEncodedStreamIsDecoded() throws Exception {
        byte[] plain = String.join("", Chunks.answer("compressed ", "answer")).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        server.enqueue(exchange -> {
            String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            if (accepted != null && accepted.contains("gzip")) {
                exchange.getResponseHeaders().add("Content-Encoding", "gzip");
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                byte[] bytes = gz.toByteArray();
                // two writes: the decoder must carry its state across reads
                body.write(bytes, 0, bytes.length / 2);
                body.flush();
                Thread.sleep(20);
                body.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
            } else {
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write(plain);
            }
        });

        Exchange result = template.request(
                String.format("emby:chat?model=m&apiKey=k&baseUrl=%s", server.baseUrl()), e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("compressed answer");
        assertThat(server.lastRequest().header("Accept-Encoding")).contains("gzip");
    }

    @Test
    void redirectIsNotFollowedSoTheKeyNeverReachesAnotherHost() throws Exception {
        LlmServer otherHost = new LlmServer();
        otherHost.start();
        try {
            otherHost.always(Responses.sse(Chunks.answer("should not be reached")));
            server.enqueue(Responses.body(307, "text/plain", "moved", "Location",
                    otherHost.baseUrl() + "/chat/completions"));

            Exchange result = template.request(
                    String.format("emby:chat?model=m&apiKey=sk-redirect&baseUrl=%s", server.baseUrl()),
                    e -> e.getIn().setBody("hi"));

            EmbyApiException e = result.getException(EmbyApiException.class);
            assertThat(e).isNotNull();
            assertThat(e.getStatusCode()).isEqualTo(307);
            assertThat(e.getResponseHeaders()).containsKey("Location");
            assertThat(otherHost.requests()).isEmpty();
        } finally {
            otherHost.stop();
        }
    }

    @Test
    void blockingDeltaRouteDoesNotHoldUpOtherStreams() throws Exception {
        server.always(Responses.sse(Chunks.answer("one", "two")));
        String blocked = String.format("emby:chat?model=m&apiKey=k&baseUrl=%s&deltaUri=direct:blocking", server.baseUrl());
        String free = String.format("emby:chat?model=m&apiKey=k&baseUrl=%s", server.baseUrl());

        var stuck = template.asyncRequestBody(blocked, "first");
        server.awaitRequests(1, 10_000);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(template.requestBody(free, "next", String.class)).isEqualTo("onetwo");
            }
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            assertThat(stuck.isDone()).isFalse();
        } finally {
            releaseBlockedRoute.countDown();
        }
        assertThat(stuck.get(30, TimeUnit.SECONDS)).isEqualTo("onetwo");
    }
}
