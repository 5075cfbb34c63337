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
package ai.emby.camel.chat;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ai.emby.camel.EmbyConstants;
import ai.emby.camel.http.ResponseListener.FlowControl;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the deltas of one call, in order and one at a time, as exchanges to the delta endpoint, then completes the call.
 * <p>
 * It is a small actor: the HTTP I/O thread drops deltas into an inbox and signals once per network read; a worker
 * thread drains the inbox. At most one delta exchange is in flight; a send that completes synchronously continues the
 * loop (no recursion, so a million deltas to {@code direct:} cannot overflow the stack), an asynchronous one resumes the
 * loop from its callback. While the inbox is not empty the emitter holds the HTTP input window, so a slow delta route
 * slows the socket read instead of piling deltas up in memory.
 */
public final class DeltaEmitter {

    /** Where the emitter hands the finished call. Runs on a worker thread, exactly once. */
    public interface Completion {
        void complete(StreamOutcome outcome, int emittedCount, Exception deliveryFailure);
    }

    /** Told when a delta exchange failed, so the stream can be cancelled. */
    public interface DeliveryFailureListener {
        void deliveryFailed(Exception cause);
    }

    /** Everything about the delta target that is fixed for a call. */
    public static final class Target {
        final Endpoint endpoint;
        final AsyncProcessor producer;
        final boolean jsonFormat;
        final boolean emitEnd;
        final long bufferTimeoutMillis;
        final int bufferSize;
        final int bufferMaxChars;
        final DeltaGrouper.Boundary boundary;

        public Target(Endpoint endpoint, AsyncProcessor producer, boolean jsonFormat, boolean emitEnd,
                      long bufferTimeoutMillis, int bufferSize, int bufferMaxChars, DeltaGrouper.Boundary boundary) {
            this.endpoint = endpoint;
            this.producer = producer;
            this.jsonFormat = jsonFormat;
            this.emitEnd = emitEnd;
            this.bufferTimeoutMillis = bufferTimeoutMillis;
            this.bufferSize = bufferSize;
            this.bufferMaxChars = bufferMaxChars;
            this.boundary = boundary;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeltaEmitter.class);
    private static final String CONTENT = "content";
    private static final int SEND_RUNNING = 0;
    private static final int SEND_COMPLETED_INLINE = 1;
    private static final int SEND_WENT_ASYNC = 2;

    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Target target;
    private final Completion completion;
    private final DeliveryFailureListener deliveryFailureListener;
    private final Map<String, Object> baseHeaders;
    private final Map<String, Object> baseProperties;
    private final String correlationId;

    // shared between the I/O thread, the timer and the worker that drains
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<FlowControl> heldWindow = new AtomicReference<>();
    private volatile long windowReleasedNanos = System.nanoTime();
    private volatile String streamId;

    // confined to the draining worker (the scheduled flag hands it from one worker run to the next)
    private final ArrayDeque<Group> ready = new ArrayDeque<>();
    private final DeltaGrouper grouper;
    private final Runnable drainTask = this::drain;
    private StreamOutcome outcome;
    private boolean endSent;
    private boolean completed;
    private int emittedCount;
    private Exception deliveryFailure;
    private long groupGeneration;
    private long armedGeneration = -1;

    public DeltaEmitter(Executor executor, ScheduledExecutorService timer, Target target, Exchange original,
                        Map<String, Object> baseHeaders, Completion completion,
                        DeliveryFailureListener deliveryFailureListener) {
        this.executor = executor;
        this.timer = timer;
        this.target = target;
        this.completion = completion;
        this.deliveryFailureListener = deliveryFailureListener;
        this.baseHeaders = baseHeaders;
        // a snapshot: the original may change while the stream runs, its deltas carry the properties of the call
        this.baseProperties = new HashMap<>(original.getProperties());
        this.correlationId = original.getExchangeId();
        this.grouper = target == null ? null
                : new DeltaGrouper(target.bufferSize, target.bufferMaxChars, target.boundary,
                        target.bufferTimeoutMillis > 0);
    }

    /** The id of the HTTP attempt whose deltas are emitted. */
    public void streamStarted(String streamId) {
        this.streamId = streamId;
    }

    /** Queues a delta (I/O thread); call {@link #signal()} once after the read that produced it. */
    public void offer(int choiceIndex, String type, String text) {
        inbox.add(new Group(choiceIndex, type, text));
    }

    /** Lets a worker drain what was queued. */
    public void signal() {
        if (scheduled.compareAndSet(false, true)) {
            execute();
        }
    }

    private void execute() {
        try {
            executor.execute(drainTask);
        } catch (RejectedExecutionException e) {
            // only a pool that is shutting down rejects (its queue is unbounded): finishing here beats leaving the
            // exchange without its callback
            LOG.debug("Worker pool rejected the emitter, draining on the calling thread", e);
            drain();
        }
    }

    /** The HTTP client paused reading: resume it once the inbox is drained (at once if it already is). */
    public void holdWindow(FlowControl flowControl) {
        heldWindow.set(flowControl);
        signal();
    }

    /** True while reading is paused for a slow delta route: that time is not idleness of the server. */
    public boolean isHoldingWindow() {
        return heldWindow.get() != null;
    }

    /** When the emitter last let the socket be read again after holding the window. */
    public long windowReleasedNanos() {
        return windowReleasedNanos;
    }

    /** The call ended: emit what is pending, then complete. */
    public void finish(StreamOutcome outcome) {
        inbox.add(outcome);
        signal();
    }

    private void drain() {
        for (;;) {
            if (!pump()) {
                // an asynchronous send is in flight: its callback resumes draining, the scheduled flag stays set
                return;
            }
            FlowControl window = heldWindow.getAndSet(null);
            if (window != null) {
                windowReleasedNanos = System.nanoTime();
                window.resume();
            }
            scheduled.set(false);
            // a signal that raced with the end of this run found the flag set and relied on us to look again
            if ((inbox.isEmpty() && heldWindow.get() == null) || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Works until the inbox is empty (true) or a send went asynchronous (false). */
    private boolean pump() {
        for (;;) {
            if (completed) {
                inbox.clear();
                return true;
            }
            Group group = ready.poll();
            if (group != null) {
                if (!send(group, null)) {
                    return false;
                }
                continue;
            }
            if (outcome != null) {
                if (!endSent && target != null && target.emitEnd && deliveryFailure == null) {
                    endSent = true;
                    if (!send(null, outcome)) {
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
        if (item instanceof Group) {
            if (deliveryFailure == null) {
                Group delta = (Group) item;
                grouper.add(delta.choiceIndex, delta.type, delta.text, this::groupReady);
                armBufferTimer();
            }
        } else if (item instanceof BufferTick) {
            if (((BufferTick) item).generation == groupGeneration && deliveryFailure == null) {
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
            outcome = (StreamOutcome) item;
        }
    }

    private void groupReady(int choiceIndex, String type, String text) {
        groupGeneration++;
        ready.add(new Group(choiceIndex, type, text));
    }

    private void armBufferTimer() {
        if (target.bufferTimeoutMillis > 0 && grouper.pendingDeltas() > 0 && armedGeneration != groupGeneration) {
            armedGeneration = groupGeneration;
            long generation = groupGeneration;
            timer.schedule(() -> {
                inbox.add(new BufferTick(generation));
                signal();
            }, target.bufferTimeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends one group (or the end exchange when group is null); false when the send continues asynchronously. */
    private boolean send(Group group, StreamOutcome end) {
        Exchange delta = group != null ? createDelta(group) : createEnd(end);
        boolean isDelta = group != null;
        if (isDelta) {
            emittedCount++;
        }
        // Camel's routing engine often completes an "asynchronous" send before process() returns (doneSync false,
        // same thread): that completion continues this loop instead of hopping to another worker for every delta
        AtomicInteger state = new AtomicInteger(SEND_RUNNING);
        boolean sync;
        try {
            sync = target.producer.process(delta, doneSync -> {
                if (!doneSync && !state.compareAndSet(SEND_RUNNING, SEND_COMPLETED_INLINE)) {
                    afterSend(delta, isDelta);
                    execute();
                }
            });
        } catch (RuntimeException e) {
            // AsyncProcessor should not throw, but a broken producer must not leave the original hanging
            delta.setException(e);
            sync = true;
        }
        if (sync || !state.compareAndSet(SEND_RUNNING, SEND_WENT_ASYNC)) {
            afterSend(delta, isDelta);
            return true;
        }
        return false;
    }

    private void afterSend(Exchange delta, boolean isDelta) {
        if (isDelta && deliveryFailure == null && (delta.isFailed() || delta.isRollbackOnly())) {
            Exception cause = delta.getException();
            deliveryFailure = cause != null ? cause
                    : new IllegalStateException("The delta exchange " + delta.getExchangeId() + " was marked rollback only");
            ready.clear();
            deliveryFailureListener.deliveryFailed(deliveryFailure);
        }
    }

    private Exchange createDelta(Group group) {
        Exchange delta = newExchange();
        Message message = delta.getIn();
        int index = emittedCount;
        message.setHeader(EmbyConstants.DELTA_INDEX, index);
        message.setHeader(EmbyConstants.CHOICE_INDEX, group.choiceIndex);
        message.setHeader(EmbyConstants.DELTA_TYPE, group.type);
        message.setBody(target.jsonFormat ? deltaJson(index, group.choiceIndex, group.type, group.text) : group.text);
        return delta;
    }

    private Exchange createEnd(StreamOutcome end) {
        Exchange exchange = newExchange();
        Message message = exchange.getIn();
        String type = end.isSuccess() ? "end" : "error";
        if (end.isSuccess()) {
            message.getHeaders().putAll(end.headers());
        } else {
            message.setHeader(EmbyConstants.ERROR_REASON, end.failure().reasonName());
        }
        message.setHeader(EmbyConstants.DELTA_INDEX, emittedCount);
        message.setHeader(EmbyConstants.CHOICE_INDEX, 0);
        message.setHeader(EmbyConstants.DELTA_TYPE, type);
        message.setBody(target.jsonFormat ? endJson(type, end) : "");
        return exchange;
    }

    private Exchange newExchange() {
        // a correlated copy, like the Splitter's parts, but a fresh exchange: never part of the original's
        // transaction, and InOnly so a jms: or kafka: delta endpoint never waits for a reply
        Exchange exchange = target.endpoint.createExchange(ExchangePattern.InOnly);
        if (!baseProperties.isEmpty()) {
            exchange.getProperties().putAll(baseProperties);
        }
        exchange.setProperty(ExchangePropertyKey.CORRELATION_ID, correlationId);
        Message message = exchange.getIn();
        if (!baseHeaders.isEmpty()) {
            message.getHeaders().putAll(baseHeaders);
        }
        message.setHeader(EmbyConstants.STREAM_ID, streamId);
        return exchange;
    }

    private String deltaJson(int index, int choiceIndex, String type, String text) {
        StringBuilder json = new StringBuilder(text.length() + 96);
        json.append("{\"streamId\":");
        appendQuoted(json, streamId);
        json.append(",\"index\":").append(index).append(",\"choice\":").append(choiceIndex).append(",\"type\":");
        appendQuoted(json, type);
        json.append(",\"text\":");
        appendQuoted(json, text);
        return json.append('}').toString();
    }

    private String endJson(String type, StreamOutcome end) {
        StringBuilder json = new StringBuilder(160);
        json.append("{\"streamId\":");
        appendQuoted(json, streamId);
        json.append(",\"index\":").append(emittedCount).append(",\"choice\":0,\"type\":");
        appendQuoted(json, type);
        json.append(",\"text\":\"\"");
        if (end.isSuccess()) {
            Object finishReason = end.headers().get(EmbyConstants.FINISH_REASON);
            if (finishReason != null) {
                json.append(",\"finishReason\":");
                appendQuoted(json, finishReason.toString());
            }
            Object usage = end.headers().get(EmbyConstants.USAGE);
            if (usage != null) {
                json.append(",\"usage\":").append(Json.write(usage));
            }
        } else {
            json.append(",\"errorReason\":");
            appendQuoted(json, end.failure().reasonName());
        }
        return json.append('}').toString();
    }

    private static void appendQuoted(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        json.append('"');
    }

    /** One delta or group of deltas of one choice and type. */
    private static final class Group {
        final int choiceIndex;
        final String type;
        final String text;

        Group(int choiceIndex, String type, String text) {
            this.choiceIndex = choiceIndex;
            this.type = type == null ? CONTENT : type;
            this.text = text;
        }
    }

    /** The bufferTimeout timer fired for the group of this generation. */
    private static final class BufferTick {
        final long generation;

        BufferTick(long generation) {
            this.generation = generation;
        }
    }
}
