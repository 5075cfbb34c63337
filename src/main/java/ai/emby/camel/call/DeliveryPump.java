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

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import ai.emby.camel.http.ResponseListener.FlowControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the deltas of one call, in order and one at a time, to its {@link DeltaSink}, then completes the call.
 * <p>
 * It is a small actor: the HTTP I/O thread drops deltas into an inbox and signals once per network read; a worker
 * thread drains the inbox. At most one delivery is in flight; one that completes before {@code send} returns continues
 * the loop (no recursion, so a million deltas to {@code direct:} cannot overflow the stack), an asynchronous one
 * resumes the loop from its callback. While the inbox is not empty the pump holds the HTTP input window, so a slow
 * delta route slows the socket read instead of piling deltas up in memory. In aggregate mode (no sink) it only hands
 * the completion to a worker.
 * <p>
 * The call is completed exactly once, by whichever comes first: the drain, after the last delivery, or
 * {@link #abort}, when the deadline passed or the call was cancelled. An abort does not wait for the drain, which may
 * be stuck in a delta route: it completes the call on another worker at once, and no delta is sent after it.
 */
final class DeliveryPump {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPump.class);

    private final Executor executor;
    private final Delivery delivery;
    private final DeltaSink sink;
    private final CallCompletion completion;
    private final DeliveryFailureListener deliveryFailureListener;

    // shared between the I/O thread, the timer and the worker that drains
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final HeldWindow window;
    private final SendLedger ledger = new SendLedger();
    // the outcome the call was completed with, by the drain or by abort: set once
    private final AtomicReference<CallOutcome> completedWith = new AtomicReference<>();
    private volatile String streamId;
    // guarded by the call's monitor, which both offer() and abort() run under
    private int offeredDeltas;

    // confined to the draining worker (the scheduled flag hands it from one worker run to the next)
    private final ArrayDeque<Delta> ready = new ArrayDeque<>();
    private final GroupingStage grouping;
    private final Runnable drainTask = this::drain;
    private final EndOfStream end;
    private CallOutcome outcome;
    private boolean done;
    private int emittedCount;
    private Exception deliveryFailure;

    /** @param sink null in aggregate mode */
    DeliveryPump(CallPlan.Runtime runtime, Delivery delivery, DeltaSink sink, CallCompletion completion,
                 DeliveryFailureListener deliveryFailureListener) {
        this.executor = runtime.workers();
        this.delivery = sink == null ? null : delivery;
        this.sink = sink;
        this.completion = completion;
        this.deliveryFailureListener = deliveryFailureListener;
        this.window = new HeldWindow(runtime.clock());
        this.end = new EndOfStream(this, this.delivery, sink);
        Grouping options = this.delivery == null ? null : this.delivery.grouping();
        this.grouping = options == null ? null : new GroupingStage(options, runtime.timer(), generation -> {
            inbox.add(new BufferTick(generation));
            signal();
        }, ready, () -> streamId);
    }

    /** The id of the HTTP attempt whose deltas are delivered. */
    void streamStarted(String streamId) {
        this.streamId = streamId;
    }

    /**
     * Queues a delta (I/O thread, under the call's monitor); call {@link #signal()} once after the read that produced
     * it. Empty deltas are never delivered, so they are not queued.
     */
    void offer(int choiceIndex, DeltaType type, String text) {
        if (text.isEmpty()) {
            return;
        }
        offeredDeltas++;
        inbox.add(new Pending(choiceIndex, type, text));
    }

    /** Lets a worker drain what was queued. */
    void signal() {
        if (scheduled.compareAndSet(false, true)) {
            execute();
        }
    }

    /** Resumes draining on a worker (a delivery that went asynchronous ended). */
    void execute() {
        runOnWorker(drainTask);
    }

    private void runOnWorker(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // only a pool that is shutting down rejects (its queue is unbounded): finishing here beats leaving the
            // exchange without its callback
            LOG.debug("Worker pool rejected a task of the delivery pump, running it on the calling thread", e);
            task.run();
        }
    }

    /** The HTTP client paused reading: resume it once the inbox is drained (at once if it already is). */
    void holdWindow(FlowControl flowControl) {
        window.hold(flowControl);
        signal();
    }

    /** The input window the pump holds while deliveries are behind. */
    HeldWindow window() {
        return window;
    }

    /** The call ended: deliver what is pending, then complete. */
    void finish(CallOutcome outcome) {
        inbox.add(outcome);
        signal();
    }

    /**
     * The call must end now (deadline, cancel; under the call's monitor): completes it with this failed outcome on a
     * worker at once, without waiting for deliveries behind or in flight. What was received and not delivered is
     * counted as dropped; the drain sends nothing more but the end-of-stream marker (emitEnd). A no-op once completed.
     */
    void abort(CallOutcome failed) {
        if (!completedWith.compareAndSet(null, failed)) {
            return;
        }
        SendLedger.Sent sent = ledger.close();
        int dropped = Math.max(0, offeredDeltas - sent.deltas());
        runOnWorker(() -> completion.complete(failed, sent.groups(), dropped, null));
        // wakes an idle drain, so that it clears what is queued and lets go of the input window
        signal();
    }

    /** True once the call was completed (or is being completed). */
    boolean isCompleted() {
        return completedWith.get() != null;
    }

    private void drain() {
        for (;;) {
            if (!pump()) {
                // an asynchronous delivery is in flight: its callback resumes draining, the scheduled flag stays set
                return;
            }
            window.release();
            scheduled.set(false);
            // a signal that raced with the end of this run found the flag set and relied on us to look again
            if ((inbox.isEmpty() && !window.isHeld()) || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Works until the inbox is empty (true) or a delivery went asynchronous (false). */
    private boolean pump() {
        for (;;) {
            if (done) {
                inbox.clear();
                return true;
            }
            CallOutcome aborted = completedWith.get();
            if (aborted != null) {
                return stopAfterAbort(aborted);
            }
            Delta group = ready.poll();
            if (group != null) {
                if (!send(group)) {
                    return false;
                }
                continue;
            }
            if (outcome != null) {
                if (end.isDue(deliveryFailure)) {
                    if (!end.send(outcome, streamId, emittedCount)) {
                        return false;
                    }
                    continue;
                }
                // an abort that won the race is seen at the top of the loop
                if (completedWith.compareAndSet(null, outcome)) {
                    done = true;
                    cancelBufferTimer();
                    SendLedger.Sent sent = ledger.close();
                    // without a delivery failure everything offered went out
                    int dropped = deliveryFailure == null ? 0 : Math.max(0, offeredDeltas - sent.deltas());
                    completion.complete(outcome, sent.groups(), dropped, deliveryFailure);
                }
                continue;
            }
            Object item = inbox.poll();
            if (item == null) {
                return true;
            }
            accept(item);
        }
    }

    /** The call was completed by abort: drop what is queued; only the end marker still goes out (emitEnd). */
    private boolean stopAfterAbort(CallOutcome aborted) {
        done = true;
        ready.clear();
        inbox.clear();
        cancelBufferTimer();
        if (end.isDue(deliveryFailure)) {
            // a consumer that assembles answers from the delta stream learns that this one ended, and how
            return end.send(aborted, streamId, emittedCount);
        }
        return true;
    }

    private void accept(Object item) {
        if (item instanceof CallOutcome) {
            // nothing received is dropped: the pending group goes out before the end
            if (grouping != null && deliveryFailure == null) {
                grouping.flush();
            }
            outcome = (CallOutcome) item;
        } else if (deliveryFailure == null && item instanceof Pending) {
            grouping.add(((Pending) item).choiceIndex(), ((Pending) item).type(), ((Pending) item).text());
        } else if (deliveryFailure == null) {
            grouping.timerFired(((BufferTick) item).generation());
        }
    }

    private void cancelBufferTimer() {
        if (grouping != null) {
            grouping.cancelTimer();
        }
    }

    /** Delivers one group; false when the delivery continues asynchronously. */
    private boolean send(Delta delta) {
        if (!ledger.trySend(delta.sourceDeltas())) {
            // completed by abort a moment ago: the top of the loop stops the pump
            return true;
        }
        emittedCount++;
        InFlightDelivery delivery = new InFlightDelivery(this, true);
        try {
            sink.send(delta, delivery);
        } catch (RuntimeException e) {
            // a sink should not throw, but a broken one must not leave the original hanging
            delivery.thrown(e);
        }
        return delivery.completedInline();
    }

    /** A delta's delivery ended; a failure cancels the stream. */
    void afterSend(Exception failure) {
        if (failure != null && deliveryFailure == null) {
            deliveryFailure = failure;
            ready.clear();
            deliveryFailureListener.deliveryFailed(failure);
        }
    }

    /** One delta as the protocol reported it, before grouping. */
    private record Pending(int choiceIndex, DeltaType type, String text) {
    }

    /** The bufferTimeout timer fired for the group of this generation. */
    private record BufferTick(long generation) {
    }
}
