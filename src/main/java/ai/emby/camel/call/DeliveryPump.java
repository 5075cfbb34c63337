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

    /** Where the pump hands the finished call. Runs on a worker thread, exactly once. */
    interface Completion {
        /**
         * @param emittedCount    deltas (or groups) sent to the sink
         * @param droppedCount    deltas received but never delivered, because the call failed first
         * @param deliveryFailure why a delivery failed, or null
         */
        void complete(CallOutcome outcome, int emittedCount, int droppedCount, Exception deliveryFailure);
    }

    /** Told when a delivery failed, so the stream can be cancelled. */
    interface DeliveryFailureListener {
        void deliveryFailed(Exception cause);
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPump.class);

    private final Executor executor;
    private final Timer timer;
    private final Delivery delivery;
    private final DeltaSink sink;
    private final Completion completion;
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
    private final DeltaGrouper grouper;
    private final DeltaGrouper.GroupSink groupSink = this::groupReady;
    private final Runnable drainTask = this::drain;
    private CallOutcome outcome;
    private boolean endSent;
    private boolean done;
    private int groupCount;
    private int emittedCount;
    private Exception deliveryFailure;
    private long groupGeneration;
    private long armedGeneration = -1;
    private Timer.Scheduled bufferTimer;

    /** @param sink null in aggregate mode */
    DeliveryPump(CallPlan.Runtime runtime, Delivery delivery, DeltaSink sink, Completion completion,
                 DeliveryFailureListener deliveryFailureListener) {
        this.executor = runtime.workers();
        this.timer = runtime.timer();
        this.delivery = sink == null ? null : delivery;
        this.sink = sink;
        this.completion = completion;
        this.deliveryFailureListener = deliveryFailureListener;
        this.window = new HeldWindow(runtime.clock());
        Grouping grouping = this.delivery == null ? null : this.delivery.grouping();
        this.grouper = grouping == null ? null
                : new DeltaGrouper(grouping.size(), grouping.maxChars(), grouping.boundary(), grouping.timeoutMillis() > 0);
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
                if (!endSent && delivery != null && delivery.emitEnd() && deliveryFailure == null) {
                    endSent = true;
                    if (!sendEnd(outcome)) {
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
        if (!endSent && delivery != null && delivery.emitEnd() && deliveryFailure == null) {
            // a consumer that assembles answers from the delta stream learns that this one ended, and how
            endSent = true;
            return sendEnd(aborted);
        }
        return true;
    }

    private void accept(Object item) {
        if (item instanceof Pending) {
            if (deliveryFailure == null) {
                Pending delta = (Pending) item;
                grouper.add(delta.choiceIndex(), delta.type().value(), delta.text(), groupSink);
                armBufferTimer();
            }
        } else if (item instanceof BufferTick) {
            if (((BufferTick) item).generation() == groupGeneration && deliveryFailure == null) {
                // keeps a trailing lone high surrogate back: its pair is still on the way
                grouper.flushOnTimeout(groupSink);
                armedGeneration = -1;
                armBufferTimer();
            }
        } else {
            // the outcome: nothing received is dropped, so the pending group goes out before the end
            if (grouper != null && deliveryFailure == null) {
                grouper.flush(groupSink);
            }
            outcome = (CallOutcome) item;
        }
    }

    private void groupReady(int choiceIndex, String type, String text, int sourceDeltas) {
        groupGeneration++;
        DeltaType deltaType = DeltaType.REASONING.value().equals(type) ? DeltaType.REASONING : DeltaType.CONTENT;
        ready.add(new Delta(streamId, groupCount++, choiceIndex, deltaType, text, sourceDeltas));
    }

    /**
     * One bufferTimeout task per stream at most: arming for a new group cancels the task of the previous one, and the
     * end of the stream cancels the last, so no finished call stays reachable from the timer's queue.
     */
    private void armBufferTimer() {
        long timeout = delivery.grouping().timeoutMillis();
        if (timeout > 0 && grouper.pendingDeltas() > 0 && armedGeneration != groupGeneration) {
            cancelBufferTimer();
            armedGeneration = groupGeneration;
            long generation = groupGeneration;
            bufferTimer = timer.schedule(() -> {
                inbox.add(new BufferTick(generation));
                signal();
            }, timeout);
        }
    }

    private void cancelBufferTimer() {
        if (bufferTimer != null) {
            bufferTimer.cancel();
            bufferTimer = null;
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

    private boolean sendEnd(CallOutcome ended) {
        InFlightDelivery delivery = new InFlightDelivery(this, false);
        try {
            sink.sendEnd(ended, streamId, emittedCount, delivery);
        } catch (RuntimeException e) {
            LOG.debug("The end of stream {} could not be delivered", streamId, e);
            return true;
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
