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
 */
final class DeliveryPump {

    /** Where the pump hands the finished call. Runs on a worker thread, exactly once. */
    interface Completion {
        void complete(CallOutcome outcome, int emittedCount, Exception deliveryFailure);
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
    private volatile String streamId;

    // confined to the draining worker (the scheduled flag hands it from one worker run to the next)
    private final ArrayDeque<Delta> ready = new ArrayDeque<>();
    private final DeltaGrouper grouper;
    private final Runnable drainTask = this::drain;
    private CallOutcome outcome;
    private boolean endSent;
    private boolean completed;
    private int groupCount;
    private int emittedCount;
    private Exception deliveryFailure;
    private long groupGeneration;
    private long armedGeneration = -1;

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

    /** Queues a delta (I/O thread); call {@link #signal()} once after the read that produced it. */
    void offer(int choiceIndex, DeltaType type, String text) {
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
        try {
            executor.execute(drainTask);
        } catch (RejectedExecutionException e) {
            // only a pool that is shutting down rejects (its queue is unbounded): finishing here beats leaving the
            // exchange without its callback
            LOG.debug("Worker pool rejected the delivery pump, draining on the calling thread", e);
            drain();
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
            if (completed) {
                inbox.clear();
                return true;
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
                    if (!sendEnd()) {
                        return false;
                    }
                    continue;
                }
                completed = true;
                completion.complete(outcome, emittedCount, deliveryFailure);
                continue;
            }
            Object item = inbox.poll();
            if (item == null) {
                return true;
            }
            accept(item);
        }
    }

    private void accept(Object item) {
        if (item instanceof Pending) {
            if (deliveryFailure == null) {
                Pending delta = (Pending) item;
                grouper.add(delta.choiceIndex(), delta.type().value(), delta.text(), this::groupReady);
                armBufferTimer();
            }
        } else if (item instanceof BufferTick) {
            if (((BufferTick) item).generation() == groupGeneration && deliveryFailure == null) {
                // keeps a trailing lone high surrogate back: its pair is still on the way
                grouper.flushOnTimeout(this::groupReady);
                armedGeneration = -1;
                armBufferTimer();
            }
        } else {
            // the outcome: nothing received is dropped, so the pending group goes out before the end
            if (grouper != null && deliveryFailure == null) {
                grouper.flush(this::groupReady);
            }
            outcome = (CallOutcome) item;
        }
    }

    private void groupReady(int choiceIndex, String type, String text) {
        groupGeneration++;
        DeltaType deltaType = DeltaType.REASONING.value().equals(type) ? DeltaType.REASONING : DeltaType.CONTENT;
        ready.add(new Delta(streamId, groupCount++, choiceIndex, deltaType, text));
    }

    private void armBufferTimer() {
        long timeout = delivery.grouping().timeoutMillis();
        if (timeout > 0 && grouper.pendingDeltas() > 0 && armedGeneration != groupGeneration) {
            armedGeneration = groupGeneration;
            long generation = groupGeneration;
            timer.schedule(() -> {
                inbox.add(new BufferTick(generation));
                signal();
            }, timeout);
        }
    }

    /** Delivers one group; false when the delivery continues asynchronously. */
    private boolean send(Delta delta) {
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

    private boolean sendEnd() {
        InFlightDelivery delivery = new InFlightDelivery(this, false);
        try {
            sink.sendEnd(outcome, streamId, emittedCount, delivery);
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
