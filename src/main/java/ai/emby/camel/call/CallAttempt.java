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

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Future;

import ai.emby.camel.http.PostRequest;
import ai.emby.camel.http.PostRequest.RequestHeader;
import ai.emby.camel.http.ResponseHead;
import ai.emby.camel.http.ResponseListener;
import ai.emby.camel.protocol.AnswerReader;
import ai.emby.camel.protocol.WireRequest;

/**
 * One HTTP request of a call and its response: classifies the body, feeds the protocol's reader, runs the watchdog,
 * and ends the attempt (and with it the call, or a retry) exactly once. Every method holds the call's monitor.
 */
final class CallAttempt implements ResponseListener {

    private final ChatCall call;
    private final CallPlan plan;
    private final String streamId;
    private final DeliveryPump pump;
    private final AnswerReader reader;
    private final AttemptWatchdog watchdog;
    private WireRequest request;
    private SecretMask secrets;
    private Future<Void> http;
    private boolean terminal;
    private ResponseHead head;
    private BodyKind kind;
    private PlainBody body;
    private int events;
    private boolean firstDeltaSeen;
    private String requestId;
    private AfterEndMarker afterEndMarker;

    CallAttempt(ChatCall call, CallPlan plan, String streamId, DeliveryPump pump) {
        this.call = call;
        this.plan = plan;
        this.streamId = streamId;
        this.pump = pump;
        this.reader = plan.protocol().newReader(plan.emits() ? new DeltaForwarder(pump, plan.delivery()) : null);
        this.watchdog = new AttemptWatchdog(this, call, plan, pump);
    }

    String streamId() {
        return streamId;
    }

    /** Ended: nothing it hears from now on changes the call. */
    boolean isTerminal() {
        return terminal;
    }

    boolean hasResponse() {
        return head != null;
    }

    boolean hasFirstDelta() {
        return firstDeltaSeen;
    }

    void send(WireRequest request, List<RequestHeader> headers) {
        this.request = request;
        // what the server sends back is masked with it: an echoed key must not reach messages or logs
        this.secrets = SecretMask.of(headers);
        watchdog.start();
        try {
            http = plan.transport().post(new PostRequest(plan.url(), headers, request.body(), plan.maxEventSize()), this);
        } catch (RuntimeException e) {
            // the client is shut down or the URL is unusable: nothing was sent
            fail(FailureKind.CONNECT, "could not send the request to " + plan.url() + ": " + e.getMessage(), e);
        }
    }

    // ---- ResponseListener (HttpClient I/O thread) ----------------------------------------------------------------

    @Override
    public BodyMode onHead(ResponseHead head) {
        synchronized (call) {
            if (terminal) {
                return BodyMode.BYTES;
            }
            this.head = head;
            this.requestId = AttemptResult.requestIdOf(head);
            kind = BodyKind.of(head);
            if (kind == BodyKind.EVENT_STREAM || kind == BodyKind.WHOLE_ANSWER) {
                pump.streamStarted(streamId);
            }
            if (kind == BodyKind.EVENT_STREAM) {
                return BodyMode.EVENTS;
            }
            body = new PlainBody(kind == BodyKind.WHOLE_ANSWER ? plan.maxEventSize() : PlainBody.MAX_ERROR_BODY);
            return BodyMode.BYTES;
        }
    }

    @Override
    public void onUndecodableBody(String message) {
        synchronized (call) {
            // an error answer keeps its status (its body is lost, its status line stands in); an answer cannot be read
            if (kind != BodyKind.ERROR) {
                fail(FailureKind.MALFORMED, message, null);
            }
        }
    }

    @Override
    public void onRead(Runnable read) {
        synchronized (call) {
            // the lock once per network read, never per event; terminal or not, the read's bytes are consumed
            read.run();
        }
        // the worker drains all deltas this read produced
        if (plan.emits()) {
            pump.signal();
        }
    }

    @Override
    public void onEvent(String eventType, byte[] data, int offset, int length) {
        // inside onRead, under the call's monitor
        if (terminal) {
            // a failure raised by an earlier event of the same read: the rest of the read is not looked at
            return;
        }
        events++;
        try {
            reader.onEvent(eventType, data, offset, length);
        } catch (RuntimeException e) {
            fail(AttemptFailures.ofPayload(secrets.mask(e), "the server sent an error in the stream: ", reader,
                    requestId));
            return;
        }
        if (!reader.isKeepAlive()) {
            // under the call's monitor, so no timer sees the time between the event and this note
            watchdog.dataArrived();
        }
        noteFirstDelta();
        if (reader.hasEndMarker()) {
            // the answer is complete: whatever the body still brings is no part of it, so nothing waits for its end
            succeed();
            afterEndMarker = new AfterEndMarker(call, http, plan.runtime().timer());
        }
    }

    @Override
    public void onOversizedEvent(String message) {
        synchronized (call) {
            fail(FailureKind.MALFORMED, message, null);
        }
    }

    @Override
    public void onBytes(ByteBuffer src) {
        synchronized (call) {
            if (terminal) {
                src.position(src.limit());
                return;
            }
            // an error (or not-an-event-stream) body is kept up to its limit: its start says what went wrong
            if (!body.add(src) && kind == BodyKind.WHOLE_ANSWER) {
                fail(FailureKind.MALFORMED, AttemptFailures.answerTooLarge(plan.maxEventSize()), null);
            }
        }
    }

    @Override
    public void onEnd(boolean lastEventUnterminated) {
        synchronized (call) {
            if (afterEndMarker != null) {
                afterEndMarker.bodyEnded();
            }
            if (terminal) {
                return;
            }
            if (head == null) {
                fail(FailureKind.TRANSPORT, "the connection ended without a response", null);
                return;
            }
            switch (kind) {
                case EVENT_STREAM -> endOfEvents(lastEventUnterminated);
                case WHOLE_ANSWER -> endOfWholeAnswer();
                case ERROR -> endOfError();
                default -> fail(FailureKind.MALFORMED,
                        AttemptFailures.notEventStream(head, secrets.mask(body.excerpt())), null);
            }
        }
    }

    @Override
    public void onFailure(Exception cause) {
        synchronized (call) {
            if (terminal) {
                return;
            }
            if (head == null) {
                // no response at all: refused, DNS, TLS, connect timeout or reset before the answer; safe to retry
                end();
                call.retryOrFail(AttemptFailures.noResponse(plan.url(), cause), null);
            } else {
                fail(FailureKind.TRANSPORT, "the connection broke while reading the response: " + CallFailure.describe(cause), cause);
            }
        }
    }

    @Override
    public void onWindowExhausted(FlowControl flowControl) {
        if (plan.emits() && kind == BodyKind.EVENT_STREAM) {
            pump.holdWindow(flowControl);
        } else {
            flowControl.resume();
        }
    }

    // ---- bodies ----------------------------------------------------------------------------------------------------

    private void noteFirstDelta() {
        if (!firstDeltaSeen && reader.hasFirstDelta()) {
            firstDeltaSeen = true;
            call.firstDelta(watchdog.lastDataNanos());
        }
    }

    private void endOfEvents(boolean lastEventUnterminated) {
        if (reader.isComplete()) {
            succeed();
        } else {
            fail(FailureKind.TRUNCATED, AttemptFailures.truncated(reader, events, lastEventUnterminated), null);
        }
    }

    private void endOfWholeAnswer() {
        byte[] bytes = body.bytes();
        try {
            reader.onWholeAnswer(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            fail(AttemptFailures.ofPayload(secrets.mask(e), "the server answered with an error: ", reader,
                    requestId));
            return;
        }
        if (reader.hasFirstDelta()) {
            call.firstDelta(plan.runtime().clock().nanoTime());
        }
        succeed();
    }

    private void endOfError() {
        end();
        ErrorAnswer.of(head, secrets.mask(body.text()), plan, requestId).decide(call, request);
    }

    // ---- ending ----------------------------------------------------------------------------------------------------

    private void succeed() {
        end();
        call.finish(null, AttemptResult.of(reader.answer(), requestId, head));
    }

    /** Ends this attempt and the call with a failure; cancels the HTTP exchange if it still runs. */
    void fail(FailureKind kind, String message, Throwable cause) {
        if (!terminal) {
            fail(AttemptFailures.of(kind, message, null, null, cause, reader, requestId));
        }
    }

    private void fail(CallFailure failure) {
        if (terminal) {
            return;
        }
        end();
        if (http != null) {
            http.cancel(true);
        }
        call.finish(failure, null);
    }

    private void end() {
        terminal = true;
        watchdog.stop();
    }
}
