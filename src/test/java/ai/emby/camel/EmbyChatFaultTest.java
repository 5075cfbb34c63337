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
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.RawServer;
import ai.emby.camel.support.Wire;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.causeChain;
import static ai.emby.camel.support.Faults.hasCause;
import static ai.emby.camel.support.Faults.millisSince;
import static ai.emby.camel.support.Faults.streamFailure;
import static ai.emby.camel.support.RawServer.awaitClientClose;
import static ai.emby.camel.support.RawServer.chunk;
import static ai.emby.camel.support.RawServer.closeDelimitedHead;
import static ai.emby.camel.support.RawServer.head;
import static ai.emby.camel.support.RawServer.lastChunk;
import static ai.emby.camel.support.RawServer.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves what a misbehaving server does to one exchange after the request was sent (SPEC "Stream rules", "Errors",
 * "Wire details"): a server that never answers at all ends in {@code CONNECT} after the firstDeltaTimeout, and is not
 * asked again (it may be working on the request); a server that stalls after the headers, after some events, or
 * sends only keep-alive comments ends in {@code IDLE_TIMEOUT} (comments never reset the idle timer); a requestTimeout
 * shorter than the idle timeout ends in {@code DEADLINE}; a reset or a close in the middle of a chunk, or a close
 * between chunks that the client reads together with the events before it, is {@code TRANSPORT} with the I/O
 * exception in the cause chain; garbage JSON, an HTML captive portal page and an oversized event are
 * {@code MALFORMED}; an empty 200, a body that ends without a finish, and a body (chunked or ended by the close) that
 * ends in the middle of a line are {@code TRUNCATED}: the cut line is discarded, even when its JSON is whole, and a
 * body cut after every choice finished is complete; a last event without its blank line still counts; an in-stream
 * error is {@code SERVER_ERROR}. A server that drips one byte per 50 ms, or answers a streaming request with one JSON
 * completion, succeeds. Every failure carries the text received before it ({@code getPartialContent()}); a timeout
 * ends the exchange within the timeout plus {@link #TIMEOUT_GRACE_MS} (one second), any other failure within
 * {@link #SLACK_MS}; after a timeout the client has closed the connection.
 */
class EmbyChatFaultTest extends CamelTestSupport {

    /** The wire protocol these tests run against; a subclass runs every one of them for another operation. */
    protected Wire wire() {
        return Wire.CHAT;
    }

    /** firstDeltaTimeout where it is the timer under test. */
    private static final long FIRST_DELTA_TIMEOUT_MS = 600;
    /** idleTimeout where it is the timer under test. */
    private static final long IDLE_TIMEOUT_MS = 500;
    /** requestTimeout where it is the timer under test. */
    private static final long REQUEST_TIMEOUT_MS = 800;
    /** A timeout that must not be the one that fires. */
    private static final long LONG_TIMEOUT_MS = 10_000;
    /** Upper bound on the time from "should end now" to "has ended": generous, so timing never flakes. */
    private static final long SLACK_MS = 2_000;
    /** The bound on a timeout itself: a stalled socket must end the exchange within its timeout plus this. */
    private static final long TIMEOUT_GRACE_MS = 1_000;
    /** How long a stalling script stalls at most. */
    private static final long STALL_MS = 10_000;
    /** How long the server waits to see the client close the connection after a failure. */
    private static final long CLOSE_SEEN_MS = 5_000;
    /** Interval of the keep-alive comments of a server that sends nothing else. */
    private static final long KEEP_ALIVE_EVERY_MS = 100;
    /** Pause between the bytes of a dripping server. */
    private static final long DRIP_PAUSE_MS = 50;
    /** Time a server lets pass after writing, so the client has read the bytes before the connection breaks. */
    private static final long LET_CLIENT_READ_MS = 500;

    @RegisterExtension
    RawServer server = new RawServer();

    private String uri(String options) {
        return wire().uri() + "?model=test-model&apiKey=sk-test&maxRetries=0&baseUrl=" + server.baseUrl()
               + (options.isEmpty() ? "" : "&" + options);
    }

    private Exchange call(String options) {
        return template.request(uri(options), e -> e.getIn().setBody("hi"));
    }

    /**
     * Asserts the exchange took at least the timeout (measured from before the request) and ended within the timeout
     * plus {@link #TIMEOUT_GRACE_MS} of the server receiving the request: the upper bound leaves out endpoint creation and
     * class loading before the request, which can take a second on a cold JVM.
     */
    private void assertEndedAfter(long tookMillis, long timeoutMillis) {
        assertThat(tookMillis).as("time from sending the exchange").isGreaterThanOrEqualTo(timeoutMillis);
        assertThat(sinceRequest()).as("time from the server receiving the request")
                .isLessThanOrEqualTo(timeoutMillis + TIMEOUT_GRACE_MS);
    }

    /** Milliseconds since the server received the (first) request. */
    private long sinceRequest() {
        return millisSince(server.requests().get(0).receivedNanos);
    }

    /** Writes the 200 event-stream head and the events, each as its own chunk. */
    private static void stream(OutputStream out, String... events) throws IOException {
        head(out, 200, "text/event-stream");
        for (String event : events) {
            chunk(out, event);
        }
    }

    // ---- timeouts -------------------------------------------------------------------------------------------------

    @Test
    void stallAfterHeadersEndsWithFirstDeltaTimeout() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            if (awaitClientClose(socket, STALL_MS)) {
                clientClosed.countDown();
            }
        });

        long start = System.nanoTime();
        Exchange result = call("firstDeltaTimeout=" + FIRST_DELTA_TIMEOUT_MS + "&idleTimeout=" + LONG_TIMEOUT_MS);
        long took = millisSince(start);

        EmbyStreamException failure = streamFailure(result, Reason.IDLE_TIMEOUT);
        assertThat(failure.getMessage()).contains("firstDeltaTimeout");
        assertThat(failure.getPartialContent()).isEmpty();
        assertThat(failure.getDeltaCount()).isZero();
        assertEndedAfter(took, FIRST_DELTA_TIMEOUT_MS);
        assertThat(clientClosed.await(CLOSE_SEEN_MS, TimeUnit.MILLISECONDS)).as("client closed the connection").isTrue();
    }

    @Test
    void aServerThatNeverAnswersEndsInConnectWithoutARetry() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        server.always((socket, out) -> {
            // reads the request, then sends nothing at all, not even a status line
            if (awaitClientClose(socket, STALL_MS)) {
                clientClosed.countDown();
            }
        });

        long start = System.nanoTime();
        Exchange result = template.request(uri("firstDeltaTimeout=" + FIRST_DELTA_TIMEOUT_MS + "&idleTimeout="
                                               + LONG_TIMEOUT_MS).replace("maxRetries=0", "maxRetries=2"),
                e -> e.getIn().setBody("hi"));
        long took = millisSince(start);

        EmbyStreamException failure = streamFailure(result, Reason.CONNECT);
        assertThat(failure.getMessage()).contains("no response").contains("firstDeltaTimeout");
        assertThat(failure.getPartialContent()).isEmpty();
        assertEndedAfter(took, FIRST_DELTA_TIMEOUT_MS);
        assertThat(server.requests()).as("the server may be working on it: not sent again").hasSize(1);
        assertThat(clientClosed.await(CLOSE_SEEN_MS, TimeUnit.MILLISECONDS)).as("client closed the connection").isTrue();
    }

    @Test
    void roleOnlyChunkAndCommentsDoNotEndTheFirstDeltaPhase() throws Exception {
        server.enqueue((socket, out) -> {
            stream(out, wire().start());
            keepAlives(out);
        });

        long start = System.nanoTime();
        Exchange result = call("firstDeltaTimeout=" + FIRST_DELTA_TIMEOUT_MS + "&idleTimeout=" + IDLE_TIMEOUT_MS);
        long took = millisSince(start);

        EmbyStreamException failure = streamFailure(result, Reason.IDLE_TIMEOUT);
        assertThat(failure.getMessage()).contains("firstDeltaTimeout");
        assertThat(failure.getPartialContent()).isEmpty();
        assertEndedAfter(took, FIRST_DELTA_TIMEOUT_MS);
    }

    @Test
    void stallAfterThreeEventsEndsWithIdleTimeout() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        long[] lastWrite = new long[1];
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"), wire().content("lo"));
            lastWrite[0] = System.nanoTime();
            if (awaitClientClose(socket, STALL_MS)) {
                clientClosed.countDown();
            }
        });

        Exchange result = call("firstDeltaTimeout=" + LONG_TIMEOUT_MS + "&idleTimeout=" + IDLE_TIMEOUT_MS);
        long sinceLastData = millisSince(lastWrite[0]);

        EmbyStreamException failure = streamFailure(result, Reason.IDLE_TIMEOUT);
        assertThat(failure.getMessage()).contains("idleTimeout");
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
        assertThat(failure.getDeltaCount()).isEqualTo(2);
        assertThat(sinceLastData).isBetween(IDLE_TIMEOUT_MS, IDLE_TIMEOUT_MS + TIMEOUT_GRACE_MS);
        assertThat(clientClosed.await(CLOSE_SEEN_MS, TimeUnit.MILLISECONDS)).as("client closed the connection").isTrue();
    }

    @Test
    void keepAliveCommentsDoNotResetTheIdleTimeout() throws Exception {
        long[] lastData = new long[1];
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"), wire().content("lo"));
            lastData[0] = System.nanoTime();
            keepAlives(out);
        });

        Exchange result = call("firstDeltaTimeout=" + LONG_TIMEOUT_MS + "&idleTimeout=" + IDLE_TIMEOUT_MS);
        long sinceLastData = millisSince(lastData[0]);

        EmbyStreamException failure = streamFailure(result, Reason.IDLE_TIMEOUT);
        assertThat(failure.getMessage()).contains("idleTimeout");
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
        assertThat(sinceLastData).isBetween(IDLE_TIMEOUT_MS, IDLE_TIMEOUT_MS + TIMEOUT_GRACE_MS);
    }

    @Test
    void requestTimeoutShorterThanIdleTimeoutEndsWithDeadline() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"));
            if (awaitClientClose(socket, STALL_MS)) {
                clientClosed.countDown();
            }
        });

        long start = System.nanoTime();
        Exchange result = call("requestTimeout=" + REQUEST_TIMEOUT_MS + "&firstDeltaTimeout=" + LONG_TIMEOUT_MS
                               + "&idleTimeout=" + LONG_TIMEOUT_MS);
        long took = millisSince(start);

        EmbyStreamException failure = streamFailure(result, Reason.DEADLINE);
        assertThat(failure.getMessage()).contains("requestTimeout");
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
        assertEndedAfter(took, REQUEST_TIMEOUT_MS);
        assertThat(clientClosed.await(CLOSE_SEEN_MS, TimeUnit.MILLISECONDS)).as("client closed the connection").isTrue();
    }

    /** Sends a keep-alive comment every {@link #KEEP_ALIVE_EVERY_MS} until the client goes away or the stall ends. */
    private static void keepAlives(OutputStream out) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MS);
        while (System.nanoTime() < end) {
            chunk(out, ": keep-alive\n\n");
            Thread.sleep(KEEP_ALIVE_EVERY_MS);
        }
    }

    // ---- slow but healthy -------------------------------------------------------------------------------------------

    @Test
    void aServerDrippingOneBytePer50msSucceeds() {
        // multi-byte characters: every UTF-8 sequence is split over several reads
        String text = "H\u00e9\u2713";
        String body = wire() == Wire.CHAT
                ? "data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]}\n\n"
                : wire().content(text) + wire().end()[0];
        long dripMillis = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length * DRIP_PAUSE_MS;
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            RawServer.drip(out, body, DRIP_PAUSE_MS);
            lastChunk(out);
        });

        // the timers only watch data events: the one event here takes the whole drip to arrive
        Exchange result = call("firstDeltaTimeout=" + (dripMillis + LONG_TIMEOUT_MS));
        long took = sinceRequest();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(text);
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(took).isLessThan(dripMillis + SLACK_MS);
    }

    // ---- broken connections -------------------------------------------------------------------------------------

    @Test
    void aConnectionResetMidStreamIsTransport() {
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"), wire().content("lo"));
            Thread.sleep(LET_CLIENT_READ_MS);
            RawServer.rst(socket);
        });

        Exchange result = call("");
        long took = sinceRequest();

        EmbyStreamException failure = streamFailure(result, Reason.TRANSPORT);
        assertThat(hasCause(failure, IOException.class)).as("an IOException in %s", causeChain(failure)).isTrue();
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
        assertThat(failure.getDeltaCount()).isEqualTo(2);
        assertThat(took).isLessThan(LET_CLIENT_READ_MS + SLACK_MS);
    }

    @Test
    void aCloseInTheMiddleOfAChunkIsTransport() {
        String next = wire().content("lo");
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"));
            // the chunk announces the whole event but only half of it is written before the FIN
            int half = next.length() / 2;
            RawServer.partialChunk(out, next.substring(0, half), next.length() - half);
            Thread.sleep(LET_CLIENT_READ_MS);
            RawServer.fin(socket);
        });

        Exchange result = call("");
        long took = sinceRequest();

        EmbyStreamException failure = streamFailure(result, Reason.TRANSPORT);
        assertThat(hasCause(failure, IOException.class)).as("an IOException in %s", causeChain(failure)).isTrue();
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
        assertThat(took).isLessThan(LET_CLIENT_READ_MS + SLACK_MS);
    }

    @Test
    void aFinRightAfterCompleteEventsThatArrivesWithThemKeepsTheirText() {
        // one write and then the FIN: the client reads the events and the end of the stream together, and the chunks
        // HttpCore decoded in that read must reach the stream before the failure does
        server.enqueue((socket, out) -> {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            stream(response, wire().content("Hel"), wire().content("lo"), wire().content(", "), wire().content("wor"),
                    wire().content("ld"));
            out.write(response.toByteArray());
            out.flush();
            socket.shutdownOutput();
            awaitClientClose(socket, CLOSE_SEEN_MS);
        });

        Exchange result = call("");
        long took = sinceRequest();

        EmbyStreamException failure = streamFailure(result, Reason.TRANSPORT);
        assertThat(hasCause(failure, IOException.class)).as("an IOException in %s", causeChain(failure)).isTrue();
        assertThat(failure.getPartialContent()).isEqualTo("Hello, world");
        assertThat(failure.getDeltaCount()).isEqualTo(5);
        assertThat(took).isLessThan(SLACK_MS);
    }

    @Test
    void aBodyThatEndsCleanlyInTheMiddleOfAnEventsJsonIsTruncated() {
        // SPEC "End of body": the line the end cut off is discarded, so half a JSON object is never parsed
        String next = wire().content("lo");
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"), next.substring(0, next.length() / 2));
            lastChunk(out);
        });

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.TRUNCATED);
        assertThat(failure.getMessage()).contains("cut off");
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
        assertThat(failure.getDeltaCount()).isEqualTo(1);
    }

    @Test
    void aCloseDelimitedBodyThatEndsMidLineIsTruncated() {
        // no chunked framing: the FIN is the end of the body, and the cut is seen by the event-stream reader only
        server.enqueue((socket, out) -> {
            closeDelimitedHead(out, 200, "text/event-stream");
            write(out, wire().start() + wire().content("Hel") + wire().content("lo"));
            write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel");
            finAndWait(socket);
        });

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.TRUNCATED);
        assertThat(failure.getMessage()).contains("cut off");
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
        assertThat(failure.getDeltaCount()).isEqualTo(2);
    }

    @Test
    void aCloseDelimitedBodyWhoseLastLineNeverEndsIsTruncatedEvenWhenItsJsonIsWhole() {
        // the finish chunk is complete JSON, but its line never ended: it is discarded like any cut line
        String finish = wire().end()[0];
        server.enqueue((socket, out) -> {
            closeDelimitedHead(out, 200, "text/event-stream");
            write(out, wire().start() + wire().content("Hel") + wire().content("lo"));
            write(out, finish.substring(0, finish.indexOf('\n')));
            finAndWait(socket);
        });

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.TRUNCATED);
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
        assertThat(failure.getDeltaCount()).isEqualTo(2);
    }

    @Test
    void aCloseDelimitedBodyCutAfterEveryChoiceFinishedIsComplete() {
        // SPEC "Stream rules": the body ended after every choice seen has a finish_reason; the cut usage line is lost
        String usage = Chunks.usage(10, 2);
        server.enqueue((socket, out) -> {
            closeDelimitedHead(out, 200, "text/event-stream");
            write(out, wire().start() + wire().content("Hel") + wire().content("lo") + wire().end()[0]);
            write(out, usage.substring(0, usage.length() / 2));
            finAndWait(socket);
        });

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isNull();
    }

    /** Ends a close-delimited body (FIN) and waits for the client to close, so the socket is never reset under it. */
    private static void finAndWait(Socket socket) throws IOException {
        socket.shutdownOutput();
        awaitClientClose(socket, CLOSE_SEEN_MS);
    }

    @Test
    void aBodyThatEndsWithoutAFinishIsTruncated() {
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"), wire().content("lo"));
            lastChunk(out);
        });

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.TRUNCATED);
        assertThat(failure.getMessage()).contains(wire() == Wire.CHAT ? "finish_reason" : "response.completed");
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
    }

    @Test
    void aLastEventWithoutItsBlankLineIsStillDispatched() {
        // SPEC "Wire details": an event pending when the body ends is dispatched, as openai-node does
        String finish = wire().end()[0];
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hello"), finish.substring(0, finish.length() - 1));
            lastChunk(out);
        });

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
    }

    // ---- bodies that are not what they should be ----------------------------------------------------------------

    @Test
    void garbageJsonIsMalformed() {
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"), "data: {not json\n\n", wire().content("never"));
            lastChunk(out);
        });

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.MALFORMED);
        assertThat(failure.getMessage()).containsIgnoringCase("json");
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
        assertThat(failure.getDeltaCount()).isEqualTo(1);
    }

    @Test
    void anHtmlCaptivePortalPageIsMalformed() {
        server.enqueue((socket, out) -> RawServer.response(out, 200, "text/html; charset=utf-8",
                "<html><body><h1>Welcome to Airport Wi-Fi</h1><a href=\"/login\">Log in</a></body></html>"));

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.MALFORMED);
        assertThat(failure.getMessage()).contains("text/html").contains("Airport Wi-Fi");
        assertThat(failure.getPartialContent()).isEmpty();
    }

    @Test
    void aJsonCompletionAnsweringAStreamingRequestSucceeds() {
        server.enqueue((socket, out) -> RawServer.response(out, 200, "application/json",
                "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\","
                                                                             + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from JSON\"},"
                                                                             + "\"finish_reason\":\"stop\"}],"
                                                                             + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}"));

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello from JSON");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(8);
    }

    @Test
    void anEmpty200IsTruncated() {
        server.enqueue((socket, out) -> RawServer.response(out, 200, "text/event-stream", ""));

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.TRUNCATED);
        assertThat(failure.getMessage()).contains("empty");
        assertThat(failure.getPartialContent()).isEmpty();
    }

    @Test
    void anEventLargerThanMaxEventSizeIsMalformed() {
        int maxEventSize = 1024;
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"), wire().content("x".repeat(2 * maxEventSize)));
            lastChunk(out);
        });

        Exchange result = call("maxEventSize=" + maxEventSize);

        EmbyStreamException failure = streamFailure(result, Reason.MALFORMED);
        assertThat(failure.getMessage()).contains("maxEventSize");
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
    }

    @Test
    void anErrorInsideTheStreamIsServerError() {
        server.enqueue((socket, out) -> {
            stream(out, wire().start(), wire().content("Hel"),
                    "data: {\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n");
            lastChunk(out);
        });

        Exchange result = call("");

        EmbyStreamException failure = streamFailure(result, Reason.SERVER_ERROR);
        assertThat(failure.getMessage()).contains("model overloaded");
        assertThat(failure.getErrorCode()).isEqualTo("overloaded");
        assertThat(failure.getErrorType()).isEqualTo("server_error");
        assertThat(failure.getPartialContent()).isEqualTo("Hel");
    }
}
