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
package ai.emby.camel.call;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ai.emby.camel.chat.ChatProtocol;
import ai.emby.camel.http.PostRequest.RequestHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChatCall}'s lifecycle without Camel, sockets or sleeps: a scripted transport plays the server, a manual clock
 * and timer stand for time, and a manual worker pool runs deliveries and the completion when the test says so. Each
 * test moves time in milliseconds of test time and checks what the call did: retries and their waits, cancels during
 * a wait, the first-delta and idle timeouts, the overall deadline while a slow delivery holds the input window, and a
 * completion that happens exactly once however a cancel races the end of the stream.
 */
class ChatCallTest {

    private static final long FIRST_DELTA_TIMEOUT_MILLIS = 10_000;
    private static final long IDLE_TIMEOUT_MILLIS = 1_000;
    private static final long REQUEST_TIMEOUT_MILLIS = 5_000;

    private final ManualTime time = new ManualTime();
    private final ManualExecutor workers = new ManualExecutor();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingOwner owner = new RecordingOwner();
    private final AtomicInteger ids = new AtomicInteger();

    // ---- retries -------------------------------------------------------------------------------------------------

    @Test
    void aRetryWaitsExactlyAsLongAsRetryAfterAsks() {
        ChatCall call = start(plan(deadlines(0, 0, 0), 2, null), null);

        transport.last().error(429, "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit\"}}", "Retry-After", "3");
        time.advance(2_999);
        assertThat(transport.requests()).as("requests before the server's wait is over").isEqualTo(1);
        time.advance(1);
        assertThat(transport.requests()).as("requests once it is over").isEqualTo(2);

        transport.last().streamHead().content("hi").finish("stop").done().end();
        workers.runAll();

        assertThat(owner.completions).hasValue(1);
        assertThat(owner.outcome.isSuccess()).isTrue();
        assertThat(owner.outcome.answer().getContent()).isEqualTo("hi");
        assertThat(owner.outcome.attempts()).isEqualTo(2);
        assertThat(owner.streamIds).as("a new stream id per attempt").hasSize(2).doesNotHaveDuplicates();
        assertThat(call.owner()).isSameAs(owner);
    }

    @Test
    void aWaitLongerThanMaxRetryDelayFailsAtOnceWithTheServersWait() {
        start(new CallPlan("http://scripted/v1/chat/completions", chatProtocol(), transport, 0, deadlines(0, 0, 0), new RetryPolicy(2, 1_000), null, runtime()), null);

        transport.last().error(503, "{\"error\":{\"message\":\"busy\"}}", "Retry-After", "30");
        workers.runAll();

        assertThat(transport.requests()).isEqualTo(1);
        CallFailure failure = owner.outcome.failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.HTTP_ERROR);
        assertThat(failure.httpError().status()).isEqualTo(503);
        assertThat(failure.httpError().retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void cancellingDuringARetryWaitEndsTheCallAndNoRequestFollows() {
        ChatCall call = start(plan(deadlines(0, 0, 0), 2, null), null);

        transport.last().fail(new ConnectException("Connection refused"));
        assertThat(time.pending()).as("the retry waiting on the timer").isEqualTo(1);
        call.cancel(FailureKind.CANCELLED, "the producer was stopped");
        workers.runAll();
        time.advance(60_000);

        assertThat(transport.requests()).isEqualTo(1);
        assertThat(owner.completions).hasValue(1);
        assertThat(owner.outcome.failure().kind()).isEqualTo(FailureKind.CANCELLED);
        assertThat(time.pending()).as("timer tasks left").isZero();
    }

    @Test
    void aStreamThatStartedIsNeverRetried() {
        start(plan(deadlines(0, 0, 0), 2, null), null);

        ScriptedTransport.Exchange first = transport.last().streamHead().content("par");
        first.fail(new IOException("Connection reset"));
        workers.runAll();
        time.advance(60_000);

        assertThat(transport.requests()).isEqualTo(1);
        CallFailure failure = owner.outcome.failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.TRANSPORT);
        assertThat(failure.partialContent()).isEqualTo("par");
        assertThat(failure.deltaCount()).isEqualTo(1);
    }

    // ---- timeouts ------------------------------------------------------------------------------------------------

    @Test
    void noDeltaWithinFirstDeltaTimeoutFailsEvenWhileRoleChunksAndCommentsArrive() {
        start(plan(deadlines(FIRST_DELTA_TIMEOUT_MILLIS, IDLE_TIMEOUT_MILLIS, 0), 2, null), null);
        ScriptedTransport.Exchange exchange = transport.last().streamHead()
                .event("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");

        time.advance(FIRST_DELTA_TIMEOUT_MILLIS - 1);
        workers.runAll();
        assertThat(owner.completions).as("completions before the timeout").hasValue(0);
        time.advance(1);
        workers.runAll();

        CallFailure failure = owner.outcome.failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.IDLE_TIMEOUT);
        assertThat(failure.message()).contains("firstDeltaTimeout");
        assertThat(exchange.cancelled()).as("the HTTP exchange was aborted").isTrue();
        assertThat(transport.requests()).as("a timeout is not retried").isEqualTo(1);
    }

    @Test
    void aSilenceLongerThanIdleTimeoutAfterTheFirstDeltaFails() {
        start(plan(deadlines(FIRST_DELTA_TIMEOUT_MILLIS, IDLE_TIMEOUT_MILLIS, 0), 2, null), null);
        ScriptedTransport.Exchange exchange = transport.last().streamHead().content("one");
        time.advance(600);
        exchange.content(" two");
        time.advance(900);
        assertThat(owner.completions).as("data 900 ms ago is not idle yet").hasValue(0);

        time.advance(100);
        workers.runAll();

        CallFailure failure = owner.outcome.failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.IDLE_TIMEOUT);
        assertThat(failure.message()).contains("idleTimeout");
        assertThat(failure.partialContent()).isEqualTo("one two");
        assertThat(exchange.cancelled()).isTrue();
    }

    @Test
    void theDeadlinePassesWhileASlowDeliveryHoldsTheWindowAndIdleTimeDoesNotCount() {
        HeldSink sink = new HeldSink();
        start(plan(deadlines(FIRST_DELTA_TIMEOUT_MILLIS, IDLE_TIMEOUT_MILLIS, REQUEST_TIMEOUT_MILLIS), 2,
                new Delivery(Grouping.NONE, false, false)), sink);
        ScriptedTransport.Exchange exchange = transport.last().streamHead().content("held");
        AtomicInteger resumed = new AtomicInteger();
        exchange.listener.onWindowExhausted(resumed::incrementAndGet);
        workers.runAll();
        assertThat(sink.deltas).as("the delivery in flight").hasSize(1);

        time.advance(REQUEST_TIMEOUT_MILLIS - 1);
        assertThat(exchange.cancelled()).as("no idle timeout while the window is held").isFalse();
        time.advance(1);

        assertThat(exchange.cancelled()).as("the deadline aborted the HTTP exchange").isTrue();
        sink.completeHeld(null);
        workers.runAll();
        CallFailure failure = owner.outcome.failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.DEADLINE);
        assertThat(failure.partialContent()).isEqualTo("held");
        assertThat(owner.outcome.emittedCount()).isEqualTo(1);
        assertThat(owner.completions).hasValue(1);
    }

    @Test
    void theDeadlineEndsACompleteAnswerWhoseDeltasAreStillBeingDeliveredAndDropsTheRest() {
        HeldSink sink = new HeldSink();
        start(plan(deadlines(0, 0, REQUEST_TIMEOUT_MILLIS), 2, new Delivery(Grouping.NONE, false, true)), sink);
        transport.last().streamHead().content("a").content("b").content("c").finish("stop").done().end();
        workers.runAll();
        assertThat(sink.deltas).as("the delivery in flight").hasSize(1);
        assertThat(time.pending()).as("the deadline still runs after the body ended").isEqualTo(1);

        time.advance(REQUEST_TIMEOUT_MILLIS);
        workers.runAll();

        assertThat(owner.completions).as("completed without waiting for the delivery in flight").hasValue(1);
        CallFailure failure = owner.outcome.failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.DEADLINE);
        assertThat(failure.partialContent()).isEqualTo("abc");
        assertThat(owner.outcome.emittedCount()).isEqualTo(1);
        assertThat(owner.outcome.droppedCount()).isEqualTo(2);

        sink.completeHeld(null);
        workers.runAll();
        assertThat(sink.deltas).as("no delta after the deadline").hasSize(1);
        assertThat(sink.ends).as("the error end marker still goes out").hasValue(1);
        assertThat(owner.completions).hasValue(1);
        assertThat(time.pending()).as("timer tasks left").isZero();
    }

    @Test
    void aCancelWhileDeltasAreBehindCompletesAtOnceAndAnEarlierFailureStays() {
        HeldSink sink = new HeldSink();
        ChatCall call = start(plan(deadlines(0, 0, 0), 2, new Delivery(Grouping.NONE, false, false)), sink);
        transport.last().streamHead().content("a").content("b").event("{\"error\":{\"message\":\"boom\"}}").end();
        workers.runAll();
        assertThat(sink.deltas).hasSize(1);

        call.cancel(FailureKind.CANCELLED, "the producer was stopped");
        workers.runAll();

        assertThat(owner.completions).hasValue(1);
        assertThat(owner.outcome.failure().kind()).as("how the stream ended").isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(owner.outcome.droppedCount()).isEqualTo(1);
        sink.completeHeld(null);
        workers.runAll();
        assertThat(sink.deltas).hasSize(1);
    }

    // ---- finishing exactly once ------------------------------------------------------------------------------------

    @Test
    void aCancelAfterTheStreamEndedChangesNothing() {
        ChatCall call = start(plan(deadlines(0, 0, 0), 2, null), null);
        transport.last().streamHead().content("done").finish("stop").end();

        call.cancel(FailureKind.CANCELLED, "late");
        workers.runAll();

        assertThat(owner.completions).hasValue(1);
        assertThat(owner.outcome.isSuccess()).isTrue();
    }

    @Test
    void theEndOfAStreamAfterACancelChangesNothing() {
        ChatCall call = start(plan(deadlines(0, 0, 0), 2, null), null);
        ScriptedTransport.Exchange exchange = transport.last().streamHead().content("part");

        call.cancel(FailureKind.CANCELLED, "stop");
        exchange.finish("stop").end();
        workers.runAll();

        assertThat(owner.completions).hasValue(1);
        assertThat(owner.outcome.failure().kind()).isEqualTo(FailureKind.CANCELLED);
        assertThat(owner.outcome.failure().partialContent()).isEqualTo("part");
    }

    @Test
    void aCancelRacingTheEndOfTheStreamCompletesTheOwnerExactlyOnce() throws Exception {
        for (int round = 0; round < 500; round++) {
            RecordingOwner racing = new RecordingOwner();
            ScriptedTransport racingTransport = new ScriptedTransport();
            CallPlan plan = new CallPlan("http://scripted/v1/chat/completions", chatProtocol(), racingTransport, 0,
                    deadlines(0, 0, 0), new RetryPolicy(2), null,
                    new CallPlan.Runtime(Runnable::run, time, time, () -> "s" + ids.incrementAndGet(),
                            CallListener.NONE));
            ChatCall call = new ChatCall(plan, chatProtocol().request(body()), headers(), null, racing);
            call.start();
            ScriptedTransport.Exchange exchange = racingTransport.last().streamHead().content("x").finish("stop");
            CyclicBarrier barrier = new CyclicBarrier(2);
            Thread canceller = new Thread(() -> {
                await(barrier);
                call.cancel(FailureKind.CANCELLED, "race");
            });
            canceller.start();
            await(barrier);
            exchange.end();
            canceller.join();

            assertThat(racing.completions).as("completions in round " + round).hasValue(1);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private ChatCall start(CallPlan plan, DeltaSink sink) {
        ChatCall call = new ChatCall(plan, chatProtocol().request(body()), headers(), sink, owner);
        call.start();
        assertThat(transport.requests()).isEqualTo(1);
        return call;
    }

    private CallPlan plan(Deadlines deadlines, int maxRetries, Delivery delivery) {
        return new CallPlan("http://scripted/v1/chat/completions", chatProtocol(), transport, 0, deadlines,
                new RetryPolicy(maxRetries), delivery, runtime());
    }

    private CallPlan.Runtime runtime() {
        Executor executor = workers;
        return new CallPlan.Runtime(executor, time, time, () -> "stream-" + ids.incrementAndGet(), CallListener.NONE);
    }

    private static ChatProtocol chatProtocol() {
        return new ChatProtocol(new AtomicBoolean());
    }

    private static Deadlines deadlines(long firstDeltaMillis, long idleMillis, long overallMillis) {
        return new Deadlines(Duration.ofMillis(firstDeltaMillis), Duration.ofMillis(idleMillis),
                Duration.ofMillis(overallMillis));
    }

    private static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "m");
        body.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        body.put("stream", true);
        return body;
    }

    private static List<RequestHeader> headers() {
        return List.of(new RequestHeader("Authorization", "Bearer k", true));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sink whose deliveries stay in flight until the test completes them: a slow delta route. */
    private static final class HeldSink implements DeltaSink {
        final List<Delta> deltas = new ArrayList<>();
        final AtomicLong ends = new AtomicLong();
        private Delivered held;

        @Override
        public void send(Delta delta, Delivered done) {
            deltas.add(delta);
            held = done;
        }

        @Override
        public void sendEnd(CallOutcome outcome, String streamId, int index, Delivered done) {
            ends.incrementAndGet();
            done.delivered(null);
        }

        void completeHeld(Exception failure) {
            Delivered done = held;
            held = null;
            done.delivered(failure);
        }
    }
}
