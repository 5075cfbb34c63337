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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyStreamException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the tab stops the model: a browser connection that closes while the model is silent (no delta flowing,
 * before or after the first word) makes the bridge cancel the call, and the model server sees its socket closed
 * within a second, the original exchange ending CANCELLED in the route. The Stop button (POST .../cancel) does the
 * same at once. The model here is a raw socket that never sends another byte, so only the client closing the
 * connection can end its stream, and the test reads the close off that socket.
 */
class EmbyWebCancelTest extends CamelTestSupport {

    /** Issue 15's bound: from the tab closing to the model's connection closing, and to the exchange ending. */
    private static final long CLOSE_BOUND_MILLIS = 1000;
    private static final long SETUP_TIMEOUT_SECONDS = 10;

    @RegisterExtension
    final SilentModelSocketServer model = new SilentModelSocketServer();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the model's own timeouts are far away: only the browser's close may end the call
                from("emby-web:chat?port=0&host=127.0.0.1&chatUri=RAW(emby:chat?model=silent&apiKey=test-key"
                     + "&firstDeltaTimeout=60000&idleTimeout=60000&maxRetries=0&baseUrl=" + model.baseUrl() + ")")
                        .routeId("web")
                        .to("mock:finished");
            }
        };
    }

    private int port() {
        return ((EmbyWebConsumer) context.getRoute("web").getConsumer()).getLocalPort();
    }

    @Test
    void closingTheTabWhileTheModelIsSilentClosesItsConnection() throws Exception {
        closeBrowserAndMeasure(null);
    }

    @Test
    void closingTheTabAfterAWordWhileTheModelIsSilentClosesItsConnection() throws Exception {
        model.firstWord = "Hello ";
        closeBrowserAndMeasure("Hello ");
    }

    private void closeBrowserAndMeasure(String expectWord) throws Exception {
        MockEndpoint finished = getMockEndpoint("mock:finished");
        finished.expectedMessageCount(1);
        SseTestClient http = new SseTestClient("http://127.0.0.1:" + port(), null);
        String id = http.post("Say something", "tab-1").id();

        long closedBrowserAt;
        try (Socket browser = new Socket("127.0.0.1", port())) {
            OutputStream out = browser.getOutputStream();
            out.write(("GET /chat/streams/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(model.requested().await(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the model got the request").isTrue();
            if (expectWord != null) {
                readUntil(browser.getInputStream(), expectWord);
            }
            // the model is silent now; the tab closes
            closedBrowserAt = System.nanoTime();
        }

        assertThat(model.closed().await(5, TimeUnit.SECONDS)).as("the model's connection was closed").isTrue();
        long modelClosedMillis = TimeUnit.NANOSECONDS.toMillis(model.closedAtNanos() - closedBrowserAt);
        System.out.println("Tab closed -> model connection closed in " + modelClosedMillis + " ms");
        assertThat(modelClosedMillis).isLessThan(CLOSE_BOUND_MILLIS);

        finished.assertIsSatisfied(CLOSE_BOUND_MILLIS);
        assertCancelled(finished.getExchanges().get(0));
        assertThat(finished.getExchanges().get(0).getIn().getHeader(EmbyWebConstants.CANCEL_REASON, String.class))
                .contains("the browser disconnected");
    }

    @Test
    void stopButtonCancelsAtOnce() throws Exception {
        MockEndpoint finished = getMockEndpoint("mock:finished");
        finished.expectedMessageCount(1);
        SseTestClient http = new SseTestClient("http://127.0.0.1:" + port(), null);
        String id = http.post("Say something", "tab-1").id();
        SseTestClient.Stream stream = http.open(id, null);
        assertThat(model.requested().await(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

        long stopAt = System.nanoTime();
        assertThat(http.cancel(id)).isEqualTo(202);
        assertThat(model.closed().await(5, TimeUnit.SECONDS)).isTrue();
        long modelClosedMillis = TimeUnit.NANOSECONDS.toMillis(model.closedAtNanos() - stopAt);
        System.out.println("Stop -> model connection closed in " + modelClosedMillis + " ms");
        assertThat(modelClosedMillis).isLessThan(CLOSE_BOUND_MILLIS);

        stream.done.get(5, TimeUnit.SECONDS);
        assertThat(stream.last().event()).isEqualTo("error");
        assertThat(stream.last().json().path("reason").asText()).isEqualTo("CANCELLED");
        finished.assertIsSatisfied(CLOSE_BOUND_MILLIS);
        assertCancelled(finished.getExchanges().get(0));
        assertThat(finished.getExchanges().get(0).getIn().getHeader(EmbyWebConstants.CANCEL_REASON, String.class))
                .isEqualTo("the page pressed Stop");
    }

    private static void assertCancelled(Exchange exchange) {
        assertThat(exchange.getIn().getHeader(EmbyWebConstants.OUTCOME)).isEqualTo("cancelled");
        assertThat(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, EmbyStreamException.class).getReason())
                .isEqualTo(EmbyStreamException.Reason.CANCELLED);
    }

    private static void readUntil(InputStream in, String text) throws Exception {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!seen.toString().contains(text)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the event stream ended before '" + text + "': " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }
}
