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

import ai.emby.camel.EmbyStreamException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prompt's answer on its way to a browser: its {@link BrowserOutput} (the SSE response, none while the browser is
 * away, and the events sent so far, for a reconnect with Last-Event-ID) and the {@code emby:chat} producer of its call.
 * <p>
 * Why a producer per stream: stopping a camel-emby producer cancels its calls with reason {@code CANCELLED}
 * (SPEC "Threading"), and that is the component's only public way to cancel a call from outside. The route's own
 * producer is shared by every stream; one of its own gives each browser stream a cancel handle that ends exactly its
 * call, also while the model is silent and no delta flows. A producer is cheap: the endpoint's HTTP client, worker
 * pool and timer are shared.
 * <p>
 * Its state is guarded by its monitor: deltas arrive on camel-emby's workers, the browser's connect, close and drain
 * on Vert.x event loops, timers on an event loop. Nothing that may call back (producer stop, delta callbacks,
 * ending a response) is called while the monitor is held, but the producer's process, so that a cancel cannot slip
 * between the producer's start and its call.
 */
final class BrowserStream {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserStream.class);

    private enum State { WAITING_FOR_BROWSER, STARTING, RUNNING, FINISHED }

    final String id;
    final String tab;
    private final EmbyWebConsumer consumer;
    private final EmbyWebEndpoint endpoint;
    private final Vertx vertx;
    private final Exchange exchange;

    // guarded by this
    private State state = State.WAITING_FOR_BROWSER;
    private final BrowserOutput output;
    private boolean cancelRequested;
    private String cancelReason;
    private AsyncProducer producer;
    private long graceTimer = -1;
    private long waitTimer = -1;
    private String outcome;

    BrowserStream(String id, String tab, Exchange exchange, EmbyWebConsumer consumer) {
        this.id = id;
        this.tab = tab;
        this.exchange = exchange;
        this.consumer = consumer;
        this.endpoint = consumer.getEndpoint();
        this.vertx = endpoint.getComponent().getVertx();
        this.output = new BrowserOutput(this, endpoint, vertx);
    }

    Exchange exchange() {
        return exchange;
    }

    /** Starts the wait for the browser's event stream; the model is called only once it is open. */
    synchronized void awaitBrowser() {
        waitTimer = vertx.setTimer(endpoint.getConnectTimeout(), t -> cancel("the page did not open the event stream"
                                                                             + " within " + endpoint.getConnectTimeout() + " ms"));
    }

    /**
     * The browser (re)opened the event stream. Replays what it has not seen, after {@code lastEventId}; a reconnect
     * that asks for events no longer kept is told with an error event that it cannot resume, and the call is
     * cancelled (nobody could show its answer).
     */
    void attach(HttpServerResponse r, int lastEventId) {
        HttpServerResponse previous = null;
        boolean start = false;
        boolean notResumable = false;
        AsyncCallback release = null;
        boolean attached = false;
        // before anything is written: a connection that closes at once must still be seen closing
        r.closeHandler(v -> detached(r));
        synchronized (this) {
            if (graceTimer >= 0) {
                vertx.cancelTimer(graceTimer);
                graceTimer = -1;
            }
            previous = output.detachOther(r);
            notResumable = !output.replay(r, lastEventId);
            if (notResumable || state == State.FINISHED) {
                BrowserOutput.end(r);
            } else {
                release = output.attach(r);
                attached = true;
                if (state == State.WAITING_FOR_BROWSER) {
                    state = State.STARTING;
                    vertx.cancelTimer(waitTimer);
                    start = true;
                }
            }
        }
        if (previous != null) {
            // a second connection for the same stream (another tab, a reconnect before the close was seen) takes over
            BrowserOutput.end(previous);
        }
        if (release != null) {
            release.done(false);
        }
        if (notResumable) {
            cancel("the browser reconnected after events that were no longer kept");
        }
        if (start) {
            consumer.startCall(this);
        }
        if (attached && r.closed()) {
            // it closed before its close handler could matter
            detached(r);
        }
    }

    /** The browser's connection closed before the answer ended: wait reconnectGrace for it, then cancel. */
    private void detached(HttpServerResponse r) {
        boolean cancelNow = false;
        synchronized (this) {
            if (!output.detach(r) || state == State.FINISHED) {
                return;
            }
            long grace = endpoint.getReconnectGrace();
            if (grace == 0) {
                cancelNow = true;
            } else {
                graceTimer = vertx.setTimer(grace, t -> graceOver());
            }
        }
        if (cancelNow) {
            cancel("the browser disconnected");
        }
    }

    private void graceOver() {
        synchronized (this) {
            graceTimer = -1;
            if (output.isAttached() || state == State.FINISHED) {
                return;
            }
        }
        cancel("the browser disconnected and did not come back within " + endpoint.getReconnectGrace() + " ms");
    }

    /**
     * Runs the call on this stream's started producer (see {@link StreamCall}); false, and nothing runs, once the stream
     * was cancelled.
     */
    synchronized boolean run(AsyncProducer started, AsyncCallback ended) {
        if (cancelRequested) {
            return false;
        }
        producer = started;
        state = State.RUNNING;
        endpoint.getComponent().register(exchange.getExchangeId(), this);
        // under the monitor, so a cancel either comes before (and the call never starts) or finds the call;
        // a call that fails at once (a bad request) completes here, and is finished once the monitor is free
        started.process(exchange, ended);
        return true;
    }

    /**
     * A delta exchange for this stream (a camel-emby worker). Returns true when it completed at once; else its
     * callback runs when the browser's write queue has drained, or the browser is back.
     */
    boolean delta(int index, int choice, String type, String text, AsyncCallback callback) {
        boolean completed;
        synchronized (this) {
            completed = write(index, choice, type, text, callback);
        }
        if (completed) {
            callback.done(true);
        }
        return completed;
    }

    /** Logs and writes the delta; true when its exchange may complete at once, else the callback was parked. */
    private boolean write(int index, int choice, String type, String text, AsyncCallback callback) {
        if (state == State.FINISHED || cancelRequested) {
            // the call is ending: nothing will read this delta
            return true;
        }
        return output.delta(index, choice, type, text, callback);
    }

    /**
     * Cancels the call: stops this stream's producer, which ends the call with reason CANCELLED and closes its HTTP
     * connection, also while the model is silent. No-op once the stream finished or was cancelled.
     */
    void cancel(String why) {
        AsyncProducer toStop;
        AsyncCallback release;
        boolean neverStarted;
        synchronized (this) {
            if (state == State.FINISHED || cancelRequested) {
                return;
            }
            cancelRequested = true;
            // a field, set on the exchange once the call has completed: the call may be writing the exchange now
            cancelReason = why;
            toStop = producer;
            release = output.takeParked();
            neverStarted = state == State.WAITING_FOR_BROWSER;
        }
        LOG.debug("Cancelling browser stream {}: {}", id, why);
        if (toStop != null) {
            ServiceHelper.stopService(toStop);
        }
        if (release != null) {
            // its outcome no longer matters: the cancelled call ignores it
            release.done(false);
        }
        if (neverStarted) {
            finished(new EmbyStreamException(EmbyStreamException.Reason.CANCELLED, why, null, null, "", 0, 0, null,
                    null));
        }
    }

    /** The call's callback: the exchange now holds the answer or the exception. */
    void callEnded() {
        finished(exchange.getException());
    }

    /** The stream ended: with the call's answer, or with this failure. */
    void finished(Exception failure) {
        HttpServerResponse r;
        AsyncProducer toStop;
        AsyncCallback release;
        synchronized (this) {
            if (state == State.FINISHED) {
                return;
            }
            state = State.FINISHED;
            if (failure == null) {
                outcome = EmbyWebConstants.OUTCOME_END;
            } else {
                outcome = failure instanceof EmbyStreamException s && s.getReason() == EmbyStreamException.Reason.CANCELLED
                        ? EmbyWebConstants.OUTCOME_CANCELLED : EmbyWebConstants.OUTCOME_ERROR;
            }
            r = output.close(failure, exchange.getMessage());
            for (long timer : new long[] { graceTimer, waitTimer }) {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
            }
            toStop = producer;
            producer = null;
            release = output.takeParked();
        }
        if (r != null) {
            BrowserOutput.end(r);
        }
        if (release != null) {
            release.done(false);
        }
        endpoint.getComponent().unregister(exchange.getExchangeId());
        if (toStop != null) {
            // the call has ended: this only releases the producer (its registration with the component)
            ServiceHelper.stopAndShutdownService(toStop);
        }
        if (failure != null && exchange.getException() == null) {
            exchange.setException(failure);
        }
        String why;
        synchronized (this) {
            why = cancelReason;
        }
        if (why != null && EmbyWebConstants.OUTCOME_CANCELLED.equals(outcome)) {
            exchange.getIn().setHeader(EmbyWebConstants.CANCEL_REASON, why);
        }
        consumer.streamFinished(this, outcome);
    }

    synchronized boolean isFinished() {
        return state == State.FINISHED;
    }
}
