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

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
 * Proves that an HTTP client (a connection pool and its I/O threads) lives only as long as an endpoint uses it (issue
 * 13, defect 8): {@code toD} endpoints with 40 distinct connect timeouts create 40 clients, endpoints with the same
 * settings share one, and removing the endpoints closes every client and ends its threads; a {@code toD} that does not
 * cache its endpoints ({@code cacheSize=-1}) never keeps one at all.
 */
class EmbyChatHttpClientReleaseTest extends CamelTestSupport {

    private static final int ENDPOINTS = 40;
    private static final long SETTLE_MS = 10_000;

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String emby = "emby:chat?model=m&apiKey=sk-test&maxRetries=0&baseUrl=" + server.baseUrl();
                from("direct:cached").toD(emby + "&connectTimeout=${header.timeout}");
                from("direct:uncached").toD(emby + "&connectTimeout=${header.timeout}", -1);
            }
        };
    }

    @Test
    void removingTheEndpointsClosesTheirClientsAndThreads() throws Exception {
        server.always(Responses.sse(Chunks.answer("ok")));
        EmbyComponent emby = context.getComponent("emby", EmbyComponent.class);
        int threadsBefore = httpClientThreads();

        for (int i = 0; i < ENDPOINTS; i++) {
            send("direct:cached", 1000 + i);
        }
        // the same settings again share the clients
        send("direct:cached", 1000);
        assertThat(emby.httpClientCount()).isEqualTo(ENDPOINTS);
        assertThat(httpClientThreads()).isGreaterThanOrEqualTo(threadsBefore + ENDPOINTS);

        context.removeEndpoints("emby:*");

        await(() -> emby.httpClientCount() == 0 && httpClientThreads() <= threadsBefore);
        assertThat(emby.httpClientCount()).isZero();
        assertThat(httpClientThreads()).isLessThanOrEqualTo(threadsBefore);
    }

    @Test
    void anUncachedToDKeepsNoClient() throws Exception {
        server.always(Responses.sse(Chunks.answer("ok")));
        EmbyComponent emby = context.getComponent("emby", EmbyComponent.class);

        for (int i = 0; i < 10; i++) {
            send("direct:uncached", 2000 + i);
        }

        await(() -> emby.httpClientCount() == 0);
        assertThat(emby.httpClientCount()).isZero();
    }

    private void send(String route, int connectTimeout) {
        Exchange result = template.request(route, e -> {
            e.getIn().setBody("hi");
            e.getIn().setHeader("timeout", connectTimeout);
        });
        assertThat(result.getException()).isNull();
    }

    /** Live threads of HttpClient's I/O reactors: each client has its own. */
    private static int httpClientThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("httpclient-")).count();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
