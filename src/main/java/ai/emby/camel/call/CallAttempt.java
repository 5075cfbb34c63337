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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

import ai.emby.camel.http.PostRequest;
import ai.emby.camel.http.PostRequest.RequestHeader;
import ai.emby.camel.http.ResponseHead;
import ai.emby.camel.http.ResponseListener;
import ai.emby.camel.protocol.Answer;
import ai.emby.camel.protocol.AnswerReader;
import ai.emby.camel.protocol.DeltaListener;
import ai.emby.camel.protocol.Excerpts;
import ai.emby.camel.protocol.InStreamErrorException;
import ai.emby.camel.protocol.MalformedPayloadException;
import ai.emby.camel.protocol.WireRequest;

/**
 * One HTTP request of a call and its response: classifies the body, feeds the protocol's reader, runs the watchdog,
 * and ends the attempt (and with it the call, or a retry) exactly once. Every method holds the call's monitor.
 */
final class CallAttempt implements ResponseListener, DeltaListener {

    /** Error bodies are kept up to this size: enough for any JSON error, bounded against a misbehaving server. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** What a successful attempt hands its call. */
    record Result(Answer answer, String requestId, Map<String, String> rateLimit) {
    }

    /** What the response body is, decided from the status and content type. */
    private enum BodyKind {
        EVENT_STREAM,
        WHOLE_ANSWER,
        ERROR,
        NOT_EVENT_STREAM
    }

    private final ChatCall call;
    private final CallPlan plan;
    private final String streamId;
    private final DeliveryPump pump;
    private final AnswerReader reader;
    private final AttemptWatchdog watchdog;
    private WireRequest request;
    private Future<Void> http;
    private boolean terminal;
    private ResponseHead head;
    private BodyKind kind;
    private ByteArrayOutputStream body;
    private int events;
    private boolean firstDeltaSeen;
    private String requestId;

    CallAttempt(ChatCall call, CallPlan plan, String streamId, DeliveryPump pump) {
        this.call = call;
        this.plan = plan;
        this.streamId = streamId;
        this.pump = pump;
        this.reader = plan.protocol().newReader(plan.emits() ? this : null);
        this.watchdog = new AttemptWatchdog(this, call, plan, pump);
    }

    String streamId() {
        return streamId;
    }

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
            this.requestId = firstHeader(head, "x-request-id", "request-id", "x-generation-id");
            String type = head.contentType() == null ? "" : head.contentType().toLowerCase(Locale.ROOT);
            if (!head.isSuccess()) {
                kind = BodyKind.ERROR;
            } else if (type.startsWith("text/event-stream")) {
                kind = BodyKind.EVENT_STREAM;
                pump.streamStarted(streamId);
                return BodyMode.EVENTS;
            } else if (type.startsWith("application/json")) {
                // some gateways answer a streaming request with one JSON completion
                kind = BodyKind.WHOLE_ANSWER;
                pump.streamStarted(streamId);
            } else {
                kind = BodyKind.NOT_EVENT_STREAM;
            }
            body = new ByteArrayOutputStream();
            return BodyMode.BYTES;
        }
    }

    @Override
    public void onEvent(String eventType, byte[] data, int offset, int length) {
        synchronized (call) {
            if (terminal) {
                // a failure raised by an earlier event of the same read: the rest of the read is not looked at
                return;
            }
            events++;
            watchdog.dataArrived();
            try {
                reader.onEvent(eventType, data, offset, length);
            } catch (RuntimeException e) {
                failOnPayload(e, "the server sent an error in the stream: ");
                return;
            }
            noteFirstDelta();
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
            collect(src);
        }
    }

    @Override
    public void onReadComplete() {
        // once per network read: the worker drains all deltas this read produced
        if (plan.emits()) {
            pump.signal();
        }
    }

    @Override
    public void onEnd(boolean lastEventUnterminated) {
        synchronized (call) {
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
                default -> fail(FailureKind.MALFORMED, "expected an event stream (text/event-stream) but the server"
                                                       + " answered HTTP " + head.status() + " with " + head.contentType()
                                                       + ": " + Excerpts.excerpt(body.toByteArray(), 0, body.size()),
                        null);
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
                call.retryOrFail(CallFailure.of(FailureKind.CONNECT,
                        "no response from " + plan.url() + ": " + describe(cause), cause), null);
            } else {
                fail(FailureKind.TRANSPORT, "the connection broke while reading the response: " + describe(cause), cause);
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

    // ---- DeltaListener (inside reader.onEvent, under the monitor) ----------------------------------------------------

    @Override
    public void onContent(int choiceIndex, String text) {
        pump.offer(choiceIndex, DeltaType.CONTENT, text);
    }

    @Override
    public void onReasoning(int choiceIndex, String text) {
        if (plan.delivery().emitReasoning()) {
            pump.offer(choiceIndex, DeltaType.REASONING, text);
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
        } else if (events == 0) {
            fail(FailureKind.TRUNCATED, "the server answered HTTP 200 with an empty event stream", null);
        } else {
            fail(FailureKind.TRUNCATED, "the stream ended without a finish_reason or [DONE]"
                                        + (lastEventUnterminated ? " (the last event was cut off)" : ""),
                    null);
        }
    }

    private void collect(ByteBuffer src) {
        int limit = kind == BodyKind.WHOLE_ANSWER ? plan.maxEventSize() : MAX_ERROR_BODY;
        int take = Math.min(limit - body.size(), src.remaining());
        if (take > 0) {
            byte[] chunk = new byte[take];
            src.get(chunk);
            body.write(chunk, 0, take);
        }
        if (src.hasRemaining()) {
            // an error (or not-an-event-stream) body is kept up to its limit: its start says what went wrong
            src.position(src.limit());
            if (kind == BodyKind.WHOLE_ANSWER) {
                fail(FailureKind.MALFORMED, "the JSON answer is larger than maxEventSize (" + plan.maxEventSize()
                                            + " bytes); raise maxEventSize to accept it",
                        null);
            }
        }
    }

    private void endOfWholeAnswer() {
        byte[] bytes = body.toByteArray();
        try {
            reader.onWholeAnswer(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            failOnPayload(e, "the server answered with an error: ");
            return;
        }
        if (reader.hasFirstDelta()) {
            call.firstDelta(plan.runtime().clock().nanoTime());
        }
        succeed();
    }

    private void endOfError() {
        end();
        String text = body.size() == 0 ? null : body.toString(StandardCharsets.UTF_8);
        ErrorAnswer answer = ErrorAnswer.of(head, text, plan, requestId);
        WireRequest.Fallback fallback = request.fallbackFor(head.status(), text);
        if (fallback != null) {
            call.resend(fallback, answer.error().message());
        } else if (answer.isRetryable()) {
            call.retryOrFail(CallFailure.http(answer.error()), answer.error().retryAfter());
        } else {
            call.finish(CallFailure.http(answer.error()), null);
        }
    }

    // ---- ending ----------------------------------------------------------------------------------------------------

    /** The one place that decides the kind of a protocol's failure. */
    private void failOnPayload(RuntimeException e, String serverErrorPrefix) {
        if (e instanceof InStreamErrorException) {
            InStreamErrorException error = (InStreamErrorException) e;
            fail(FailureKind.SERVER_ERROR, serverErrorPrefix + error.getMessage(), error.getErrorType(),
                    error.getErrorCode(), error);
        } else if (e instanceof MalformedPayloadException) {
            fail(FailureKind.MALFORMED, e.getMessage(), e);
        } else {
            throw e;
        }
    }

    private void succeed() {
        end();
        call.finish(null, new Result(reader.answer(), requestId, head.headersStartingWith("x-ratelimit-")));
    }

    void fail(FailureKind kind, String message, Throwable cause) {
        fail(kind, message, null, null, cause);
    }

    /** Ends this attempt and the call with a failure; cancels the HTTP exchange if it still runs. */
    private void fail(FailureKind kind, String message, String errorType, String errorCode, Throwable cause) {
        if (terminal) {
            return;
        }
        end();
        if (http != null) {
            http.cancel(true);
        }
        call.finish(new CallFailure(kind, message, errorType, errorCode, cause, reader.partialContent(),
                reader.deltaCount(), requestId, null, null), null);
    }

    private void end() {
        terminal = true;
        watchdog.stop();
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static String firstHeader(ResponseHead head, String... names) {
        for (String name : names) {
            String value = head.header(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
