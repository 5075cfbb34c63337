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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.emby.camel.http.PostRequest.RequestHeader;
import ai.emby.camel.protocol.Answer;
import ai.emby.camel.protocol.WireRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call: sends the request, retries it while no stream has started, hands each attempt's deltas to the
 * {@link DeliveryPump}, and completes its {@link CallOwner} exactly once.
 * <p>
 * A small state machine — started, attempting, waiting to retry, finished — whose every transition holds the call's
 * monitor. HttpClient calls in once per network read, so the lock is taken once per read, never per delta, and is
 * uncontended but for timer and stop events. Time comes from the plan's {@link Clock} and {@link Timer}.
 */
public final class ChatCall implements CallCompletion, DeliveryFailureListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCall.class);

    private final CallPlan plan;
    private final List<RequestHeader> headers;
    private final CallOwner owner;
    private final DeliveryPump pump;
    private final long startNanos;
    private final AtomicBoolean ownerCompleted = new AtomicBoolean();
    private final CountDownLatch completed = new CountDownLatch(1);

    // guarded by this
    private WireRequest request;
    private CallAttempt attempt;
    private int attempts;
    private int retries;
    private boolean finished;
    private Timer.Scheduled retryTask;
    private Timer.Scheduled deadlineTask;
    private long firstDeltaNanos;
    private CallOutcome finishedOutcome;

    /**
     * @param sink where deltas go in emit mode (the plan has a delivery), else null
     */
    public ChatCall(CallPlan plan, WireRequest request, List<RequestHeader> headers, DeltaSink sink, CallOwner owner) {
        this.plan = plan;
        this.request = request;
        this.headers = List.copyOf(headers);
        this.owner = owner;
        this.startNanos = plan.runtime().clock().nanoTime();
        this.pump = new DeliveryPump(plan.runtime(), plan.delivery(), plan.emits() ? sink : null, this, this);
    }

    /** Sends the first request. Call once, after the caller returned false from its async process. */
    public synchronized void start() {
        plan.runtime().listener().started(this);
        try {
            long overall = plan.deadlines().overallMillis();
            if (overall > 0) {
                deadlineTask = plan.runtime().timer().schedule(
                        () -> cancel(FailureKind.DEADLINE, "requestTimeout of " + overall + " ms passed"), overall);
            }
            startAttempt();
        } catch (RuntimeException e) {
            // the caller already returned false: the failure must travel through the owner like any other
            failToStart(e);
        }
    }

    private void failToStart(RuntimeException e) {
        String message = "could not start the request: " + e;
        if (attempt != null && !attempt.isTerminal()) {
            attempt.fail(FailureKind.CONNECT, message, e);
        } else if (!finished) {
            finish(CallFailure.of(FailureKind.CONNECT, message, e), null);
        }
    }

    /**
     * Ends the call from outside (deadline, producer stop) with the given kind; no-op once the owner was told. While
     * the stream runs, it is aborted. Once it ended, deliveries may still be behind (emit mode): the owner is told at
     * once, with a success turned into this kind's failure, and the deltas not yet delivered are dropped.
     */
    public synchronized void cancel(FailureKind kind, String message) {
        if (pump.isCompleted()) {
            return;
        }
        if (!finished) {
            if (attempt != null && !attempt.isTerminal()) {
                attempt.fail(kind, message, null);
            } else {
                finish(CallFailure.of(kind, message, null), null);
            }
        } else if (plan.emits()) {
            pump.abort(finishedOutcome.isSuccess() ? stoppedWhileDelivering(finishedOutcome, kind, message)
                    : finishedOutcome);
        }
    }

    /** A complete answer whose deltas were still being delivered when the call had to stop. */
    private static CallOutcome stoppedWhileDelivering(CallOutcome outcome, FailureKind kind, String message) {
        Answer answer = outcome.answer();
        CallFailure failure = new CallFailure(kind, message + " while the deltas were being delivered", null, null,
                null, answer.getContent(), answer.getDeltaCount(), outcome.requestId(), null, null);
        return new CallOutcome(null, failure, outcome.streamId(), outcome.requestId(), outcome.rateLimit(), 0,
                0, outcome.attempts(), outcome.firstDeltaNanos(), outcome.durationNanos());
    }

    @Override
    public synchronized void deliveryFailed(Exception cause) {
        if (!finished && attempt != null && !attempt.isTerminal()) {
            attempt.fail(FailureKind.DELIVERY, deliveryMessage(cause), cause);
        }
    }

    private static String deliveryMessage(Exception cause) {
        return "a delta exchange to the deltaUri failed: " + cause.getMessage();
    }

    /** Runs on a worker thread, once, after the pump delivered everything: settles the outcome and tells the owner. */
    @Override
    public void complete(CallOutcome outcome, int emittedCount, int droppedCount, Exception deliveryFailure) {
        cancelTimers();
        CallOutcome settled = settle(outcome, emittedCount, droppedCount, deliveryFailure);
        try {
            plan.runtime().listener().finished(this, settled);
        } catch (RuntimeException e) {
            // a listener must never keep the exchange from completing
            LOG.warn("A call listener failed; the call completes anyway", e);
        }
        try {
            if (ownerCompleted.compareAndSet(false, true)) {
                owner.complete(settled);
            }
        } finally {
            completed.countDown();
        }
    }

    /** A delta that failed outranks how the stream ended, but not a cancellation (then the delta route was stopped). */
    private static CallOutcome settle(CallOutcome outcome, int emittedCount, int droppedCount,
                                      Exception deliveryFailure) {
        CallFailure failure = outcome.failure();
        boolean cancelled = failure != null && failure.kind() == FailureKind.CANCELLED;
        if (deliveryFailure != null && !cancelled) {
            failure = failure != null
                    ? failure.asDelivery(deliveryMessage(deliveryFailure), deliveryFailure)
                    : new CallFailure(FailureKind.DELIVERY, deliveryMessage(deliveryFailure), null, null,
                            deliveryFailure, outcome.answer().getContent(), outcome.answer().getDeltaCount(),
                            outcome.requestId(), null, null);
        } else if (deliveryFailure != null) {
            failure = failure.withSuppressed(deliveryFailure);
        }
        return new CallOutcome(failure == null ? outcome.answer() : null, failure, outcome.streamId(),
                outcome.requestId(), outcome.rateLimit(), emittedCount, droppedCount, outcome.attempts(),
                outcome.firstDeltaNanos(), outcome.durationNanos());
    }

    private synchronized void cancelTimers() {
        if (deadlineTask != null) {
            deadlineTask.cancel();
            deadlineTask = null;
        }
        if (retryTask != null) {
            retryTask.cancel();
            retryTask = null;
        }
    }

    /**
     * Waits until the owner has been told the outcome.
     *
     * @return false when the wait timed out
     */
    public boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException {
        return completed.await(timeout, unit);
    }

    // ---- transitions, all under the call's monitor, called by this call and its attempts ---------------------------

    private void startAttempt() {
        retryTask = null;
        if (finished) {
            return;
        }
        attempts++;
        String streamId = plan.runtime().streamIds().get();
        attempt = new CallAttempt(this, plan, streamId, pump);
        // each HTTP attempt has its own id, so a consumer can tell replayed deltas apart
        owner.attemptStarted(streamId);
        attempt.send(request, headers);
    }

    /** The first delta of the call arrived (at this time). */
    void firstDelta(long nanos) {
        if (firstDeltaNanos == 0) {
            firstDeltaNanos = nanos;
        }
    }

    /** Ends the call with a failure, or (failure null) with the attempt's answer. */
    void finish(CallFailure failure, AttemptResult result) {
        finished = true;
        if (retryTask != null) {
            retryTask.cancel();
        }
        // in emit mode the deadline goes on: time in delta routes counts against requestTimeout
        if (!plan.emits() && deadlineTask != null) {
            deadlineTask.cancel();
        }
        long now = plan.runtime().clock().nanoTime();
        String streamId = attempt == null ? null : attempt.streamId();
        long firstDelta = firstDeltaNanos == 0 ? -1 : firstDeltaNanos - startNanos;
        CallOutcome outcome = result != null
                ? new CallOutcome(result.answer(), null, streamId, result.requestId(), result.rateLimit(), 0, 0,
                        attempts, firstDelta, now - startNanos)
                : new CallOutcome(null, failure, streamId, failure.requestId(), null, 0, 0, attempts, firstDelta,
                        now - startNanos);
        finishedOutcome = outcome;
        if (failure != null && (failure.kind() == FailureKind.DEADLINE || failure.kind() == FailureKind.CANCELLED)) {
            // the call must stop now: no delta still queued is delivered
            pump.abort(outcome);
        } else {
            pump.finish(outcome);
        }
    }

    /** Retries when the budget and the server allow it; otherwise fails with the given failure. */
    void retryOrFail(CallFailure failure, Duration serverRequested) {
        RetryPolicy policy = plan.retryPolicy();
        if (!policy.acceptsWait(serverRequested) || !policy.hasBudget(retries)) {
            finish(failure, null);
            return;
        }
        retries++;
        long delay = policy.delayMillis(retries, serverRequested);
        LOG.debug("Retrying {} (retry {}) in {} ms after: {}", plan.url(), retries, delay, failure.message());
        owner.retrying(attempts, failure, delay);
        retryTask = plan.runtime().timer().schedule(this::retryNow, delay);
    }

    private synchronized void retryNow() {
        startAttempt();
    }

    /** Sends the reduced request once, not counted as a retry (a gateway rejected an optional field). */
    void resend(WireRequest.Fallback fallback, String why) {
        if (fallback.warning() != null) {
            LOG.warn("{} ({})", fallback.warning(), plan.url());
        }
        LOG.debug("Resending a reduced request after: {}", why);
        request = fallback.request();
        startAttempt();
    }

    /** The side that owns this call (the Camel exchange). */
    public CallOwner owner() {
        return owner;
    }
}
