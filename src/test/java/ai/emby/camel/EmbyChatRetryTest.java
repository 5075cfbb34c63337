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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.LogCapture;
import ai.emby.camel.support.RawServer;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.Wire;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.apiFailure;
import static ai.emby.camel.support.Faults.causeChain;
import static ai.emby.camel.support.Faults.hasCause;
import static ai.emby.camel.support.Faults.millisSince;
import static ai.emby.camel.support.Faults.streamFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves SPEC "Retries" against a real server: 429 (waiting at least its {@code Retry-After} / {@code retry-after-ms})
 * and 503 (also with a {@code Retry-After} HTTP date) are retried and then succeed; 401, 429 {@code insufficient_quota} and a 503 with {@code x-should-retry:
 * false} are sent exactly once, while {@code x-should-retry: true} forces a retry of a 400; a {@code Retry-After}
 * longer than maxRetryDelay fails at once with {@code getRetryAfter()} set; a refused connection, a connect timeout and a
 * reset before any response are retried maxRetries times and then end in {@code CONNECT}; a retry wait that would pass the
 * requestTimeout ends in {@code DEADLINE}; and a 400 that rejects {@code stream_options} makes the request go once
 * more without it (not counted as a retry, logged once at WARN), after which the endpoint no longer sends it.
 */
class EmbyChatRetryTest extends CamelTestSupport {

    /** The wire protocol these tests run against; a subclass runs every one of them for another operation. */
    protected Wire wire() {
        return Wire.CHAT;
    }

    /** Upper bound on the time beyond what the server asked for or the backoff allows: generous, never flaky. */
    private static final long SLACK_MS = 2_000;
    /** RetryPolicy's largest backoff before retry n (1-based) is BASE << (n - 1): 500 ms, then 1 s. */
    private static final long MAX_BACKOFF_FIRST_RETRY_MS = 500;
    private static final long MAX_BACKOFF_SECOND_RETRY_MS = 1_000;
    /** RetryPolicy's smallest backoff: half of the largest (jitter in the upper half). */
    private static final long MIN_BACKOFF_FIRST_RETRY_MS = 250;
    private static final long MIN_BACKOFF_SECOND_RETRY_MS = 500;
    /** A Retry-After that must not be waited because the status is not retried. */
    private static final int RETRY_AFTER_NOT_WAITED_SECONDS = 5;
    /** A Retry-After in seconds that the component waits (below maxRetryDelay). */
    private static final int RETRY_AFTER_SECONDS = 1;
    /** A retry-after-ms the component waits. */
    private static final long RETRY_AFTER_MS = 700;
    /** A Retry-After far beyond the default maxRetryDelay of 60 s. */
    private static final int RETRY_AFTER_TOO_LONG_SECONDS = 120;
    /** A Retry-After below maxRetryDelay but far beyond the requestTimeout. */
    private static final int RETRY_AFTER_PAST_DEADLINE_SECONDS = 30;
    private static final long REQUEST_TIMEOUT_MS = 800;
    private static final long CONNECT_TIMEOUT_MS = 300;

    @RegisterExtension
    LlmServer server = new LlmServer();

    @RegisterExtension
    RawServer raw = new RawServer();

    private Exchange call(String baseUrl, String options) {
        String uri = wire().uri() + "?model=test-model&apiKey=sk-test&baseUrl=" + baseUrl + (options.isEmpty() ? "" : "&" + options);
        return template.request(uri, e -> e.getIn().setBody("hi"));
    }

    private Exchange call(String options) {
        return call(server.baseUrl(), options);
    }

    private static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":" + (code == null
                ? "null" : "\"" + code + "\"") + "}}";
    }

    private long gapBetweenRequestsMillis(int first, int second) {
        List<LlmServer.Request> requests = server.requests();
        return (requests.get(second).receivedNanos - requests.get(first).receivedNanos) / 1_000_000;
    }

    // ---- retried, then success ------------------------------------------------------------------------------------

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() {
        server.enqueue(Responses.json(429, error("Rate limit reached", "requests", "rate_limit_exceeded"),
                "Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
        server.enqueue(Responses.sse(wire().answer("Hi")));

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hi");
        assertThat(server.requests()).hasSize(2);
        assertThat(gapBetweenRequestsMillis(0, 1)).isBetween(RETRY_AFTER_SECONDS * 1000L,
                RETRY_AFTER_SECONDS * 1000L + SLACK_MS);
    }

    @Test
    void aRetryAfterHttpDateIsTheMinimumWait() {
        // whole seconds: the server means "not before this second", between one and two seconds from now
        ZonedDateTime notBefore = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2);
        server.enqueue(Responses.json(503, error("Service unavailable", "server_error", null),
                "Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(notBefore)));
        server.enqueue(Responses.sse(wire().answer("Hi")));

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).receivedWallMillis)
                .isGreaterThanOrEqualTo(notBefore.toInstant().toEpochMilli() - 1_000);
        assertThat(gapBetweenRequestsMillis(0, 1)).isBetween(1_000L - 50, 2_000L + SLACK_MS);
    }

    @Test
    void retryAfterMsIsTheMinimumWait() {
        server.enqueue(Responses.json(429, error("Rate limit reached", "requests", null),
                "retry-after-ms", String.valueOf(RETRY_AFTER_MS)));
        server.enqueue(Responses.sse(wire().answer("Hi")));

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(server.requests()).hasSize(2);
        assertThat(gapBetweenRequestsMillis(0, 1)).isBetween(RETRY_AFTER_MS, RETRY_AFTER_MS + SLACK_MS);
    }

    @Test
    void a503IsRetriedAfterABackoff() {
        server.enqueue(Responses.json(503, error("Service unavailable", "server_error", null)));
        server.enqueue(Responses.sse(wire().answer("Hi")));

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hi");
        assertThat(server.requests()).hasSize(2);
        assertThat(gapBetweenRequestsMillis(0, 1)).isBetween(MIN_BACKOFF_FIRST_RETRY_MS,
                MAX_BACKOFF_FIRST_RETRY_MS + SLACK_MS);
    }

    @Test
    void xShouldRetryTrueForcesARetryOfAnOtherwiseFinalStatus() {
        server.enqueue(Responses.json(400, error("try again", "invalid_request_error", null), "x-should-retry", "true"));
        server.enqueue(Responses.sse(wire().answer("Hi")));

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(server.requests()).hasSize(2);
    }

    // ---- never retried --------------------------------------------------------------------------------------------

    @Test
    void a401IsSentExactlyOnce() {
        server.enqueue(Responses.json(401, error("Invalid API key provided", "invalid_request_error", "invalid_api_key"),
                "x-request-id", "req-401"));

        Exchange result = call("");
        long sinceRequest = millisSince(server.requests().get(0).receivedNanos);

        EmbyApiException failure = apiFailure(result, 401);
        assertThat(failure.getMessage()).contains("Invalid API key provided");
        assertThat(failure.getErrorCode()).isEqualTo("invalid_api_key");
        assertThat(failure.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(failure.getRequestId()).isEqualTo("req-401");
        assertThat(failure.getResponseBody()).contains("invalid_api_key");
        assertThat(failure.getRetryAfter()).isNull();
        assertThat(failure.getCause()).isNull();
        assertThat(server.requests()).hasSize(1);
        assertThat(sinceRequest).isLessThan(MIN_BACKOFF_FIRST_RETRY_MS + SLACK_MS);
    }

    @Test
    void a429InsufficientQuotaIsSentExactlyOnceWhateverItsRetryAfter() {
        server.enqueue(Responses.json(429, error("You exceeded your current quota", "insufficient_quota",
                "insufficient_quota"), "Retry-After", String.valueOf(RETRY_AFTER_NOT_WAITED_SECONDS)));

        Exchange result = call("");
        long sinceRequest = millisSince(server.requests().get(0).receivedNanos);

        EmbyApiException failure = apiFailure(result, 429);
        assertThat(failure.getErrorCode()).isEqualTo("insufficient_quota");
        assertThat(failure.getMessage()).contains("You exceeded your current quota");
        assertThat(server.requests()).hasSize(1);
        assertThat(sinceRequest).isLessThan(RETRY_AFTER_NOT_WAITED_SECONDS * 1000L);
    }

    @Test
    void xShouldRetryFalseForbidsRetryingA503() {
        server.enqueue(Responses.json(503, error("Service unavailable", "server_error", null), "x-should-retry", "false"));

        Exchange result = call("");

        apiFailure(result, 503);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aRetryAfterLongerThanMaxRetryDelayFailsAtOnce() {
        server.enqueue(Responses.json(429, error("Rate limit reached", "requests", "rate_limit_exceeded"),
                "Retry-After", String.valueOf(RETRY_AFTER_TOO_LONG_SECONDS)));

        Exchange result = call("");
        long sinceRequest = millisSince(server.requests().get(0).receivedNanos);

        EmbyApiException failure = apiFailure(result, 429);
        assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(RETRY_AFTER_TOO_LONG_SECONDS));
        assertThat(failure.getErrorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(server.requests()).hasSize(1);
        assertThat(sinceRequest).isLessThan(SLACK_MS);
    }

    // ---- connection failures --------------------------------------------------------------------------------------

    @Test
    void aRefusedConnectionIsRetriedThenEndsInConnect() throws IOException {
        String nothingListening = "http://127.0.0.1:" + freePort() + "/v1";
        int maxRetries = 2;

        try (LogCapture log = LogCapture.start(Level.DEBUG)) {
            Exchange result = call(nothingListening, "maxRetries=" + maxRetries);

            EmbyStreamException failure = streamFailure(result, Reason.CONNECT);
            assertThat(hasCause(failure, IOException.class)).as("an IOException in %s", causeChain(failure)).isTrue();
            assertThat(failure.getPartialContent()).isEmpty();
            assertThat(failure.getDeltaCount()).isZero();
            String finished = log.containing("Stream finished").get(0);
            // the call's own duration: two backoffs were waited, at least their minimum, at most their maximum + slack
            long callMillis = Long.parseLong(finished.replaceAll("(?s).*durationMs=(\\d+).*", "$1"));
            assertThat(callMillis).isBetween(MIN_BACKOFF_FIRST_RETRY_MS + MIN_BACKOFF_SECOND_RETRY_MS,
                    MAX_BACKOFF_FIRST_RETRY_MS + MAX_BACKOFF_SECOND_RETRY_MS + SLACK_MS);
            assertThat(log.containing("Retrying")).hasSize(maxRetries);
            assertThat(log.containing("Stream finished")).singleElement().asString()
                    .contains("attempts=" + (maxRetries + 1)).contains("outcome=CONNECT");
        }
    }

    @Test
    void aConnectTimeoutIsRetriedThenEndsInConnect() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // never accepts: once its accept queue is full, the kernel drops new SYNs and a connect hangs
            List<Socket> fillers = new ArrayList<>();
            try {
                boolean hangs = false;
                for (int i = 0; i < 8 && !hangs; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                    } catch (SocketTimeoutException e) {
                        hangs = true;
                    }
                }
                assumeTrue(hangs, "this OS does not drop connects to a full accept queue");
                int maxRetries = 1;
                String baseUrl = "http://127.0.0.1:" + full.getLocalPort() + "/v1";

                long start = System.nanoTime();
                Exchange result = call(baseUrl, "maxRetries=" + maxRetries + "&connectTimeout=" + CONNECT_TIMEOUT_MS);
                long took = millisSince(start);

                EmbyStreamException failure = streamFailure(result, Reason.CONNECT);
                assertThat(hasCause(failure, ConnectTimeoutException.class)).as("a connect timeout in %s",
                        causeChain(failure)).isTrue();
                assertThat(failure.getPartialContent()).isEmpty();
                // two attempts, each ending at the connect timeout, and one backoff between them
                assertThat(took).isBetween(2 * CONNECT_TIMEOUT_MS + MIN_BACKOFF_FIRST_RETRY_MS,
                        2 * CONNECT_TIMEOUT_MS + MAX_BACKOFF_FIRST_RETRY_MS + SLACK_MS);
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aResetBeforeAnyResponseIsRetriedThenEndsInConnect() {
        int maxRetries = 2;
        raw.always((socket, out) -> RawServer.rst(socket));

        Exchange result = call(raw.baseUrl(), "maxRetries=" + maxRetries);

        EmbyStreamException failure = streamFailure(result, Reason.CONNECT);
        assertThat(hasCause(failure, IOException.class)).as("an IOException in %s", causeChain(failure)).isTrue();
        assertThat(raw.requests()).hasSize(maxRetries + 1);
    }

    @Test
    void aRetryWaitPastTheRequestTimeoutEndsInDeadline() {
        server.enqueue(Responses.json(503, error("Service unavailable", "server_error", null),
                "Retry-After", String.valueOf(RETRY_AFTER_PAST_DEADLINE_SECONDS)));

        long start = System.nanoTime();
        Exchange result = call("requestTimeout=" + REQUEST_TIMEOUT_MS);
        long took = millisSince(start);

        EmbyStreamException failure = streamFailure(result, Reason.DEADLINE);
        assertThat(failure.getMessage()).contains("requestTimeout");
        assertThat(server.requests()).hasSize(1);
        assertThat(took).isGreaterThanOrEqualTo(REQUEST_TIMEOUT_MS);
        assertThat(millisSince(server.requests().get(0).receivedNanos)).isLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
    }

    // ---- stream_options rejection ---------------------------------------------------------------------------------

    @Test
    void aRejectedStreamOptionsIsDroppedOnceAndForAllOnThatEndpoint() {
        server.enqueue(Responses.json(400, error("Unrecognized request argument supplied: stream_options",
                "invalid_request_error", null)));
        server.enqueue(Responses.sse(wire().answer("Hi")));
        server.enqueue(Responses.sse(wire().answer("again")));

        try (LogCapture log = LogCapture.start(Level.INFO)) {
            // maxRetries=0: the resend without stream_options is not a retry
            Exchange first = call("maxRetries=0");
            Exchange second = call("maxRetries=0");

            assertThat(first.getException()).isNull();
            assertThat(first.getMessage().getBody(String.class)).isEqualTo("Hi");
            assertThat(second.getException()).isNull();
            assertThat(second.getMessage().getBody(String.class)).isEqualTo("again");
            assertThat(log.containing("stream_options")).singleElement().asString().startsWith("WARN");
        }
        List<LlmServer.Request> requests = server.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).json()).containsKey("stream_options");
        assertThat(requests.get(1).json()).doesNotContainKey("stream_options");
        assertThat(requests.get(2).json()).doesNotContainKey("stream_options");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
