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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.emby.camel.EmbyApiException;
import ai.emby.camel.EmbyConstants;
import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.http.ResponseListener;
import ai.emby.camel.sse.EventStreamParser;
import ai.emby.camel.sse.EventTooLargeException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange's chat completion: sends the request, retries it while no stream has started, reads the stream, watches
 * the timeouts, and completes the exchange through the {@link DeltaEmitter} exactly once.
 * <p>
 * Everything that reads or changes the call's state holds the call's monitor; HttpClient calls in for each network
 * read, so the lock is taken once per read, never per delta, and is uncontended but for timer and stop events.
 */
public final class ChatCall implements DeltaEmitter.Completion, DeltaEmitter.DeliveryFailureListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCall.class);

    /** Error bodies are kept up to this size: enough for any JSON error, bounded against a misbehaving server. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final CallSettings settings;
    private final Exchange exchange;
    private final AsyncCallback callback;
    private final Map<String, Object> requestBody;
    private final List<Header> requestHeaders;
    private final DeltaEmitter emitter;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean callbackDone = new AtomicBoolean();
    private final CountDownLatch completed = new CountDownLatch(1);

    // guarded by this
    private byte[] requestBytes;
    private Attempt attempt;
    private int attempts;
    private int retries;
    private boolean finished;
    private ScheduledFuture<?> retryTask;
    private ScheduledFuture<?> deadlineTask;
    private long firstDeltaNanos;

    public ChatCall(CallSettings settings, Exchange exchange, AsyncCallback callback, Map<String, Object> requestBody,
                    List<Header> requestHeaders) {
        this.settings = settings;
        this.exchange = exchange;
        this.callback = callback;
        this.requestBody = requestBody;
        this.requestHeaders = requestHeaders;
        // serialized here, on the caller's thread: a body that cannot be written fails before anything is sent
        this.requestBytes = Json.writeBytes(requestBody);
        Map<String, Object> baseHeaders = settings.deltaTarget == null ? Map.of() : deltaBaseHeaders(exchange, settings);
        this.emitter = new DeltaEmitter(settings.workerPool, settings.timer, settings.deltaTarget, exchange, baseHeaders,
                this, this);
    }

    /** Sends the first request. Call once, after the caller returned false from its async process. */
    public synchronized void start() {
        settings.listener.started(this);
        try {
            if (settings.requestTimeoutMillis > 0) {
                deadlineTask = settings.timer.schedule(
                        () -> cancel(Reason.DEADLINE, "requestTimeout of " + settings.requestTimeoutMillis + " ms passed"),
                        settings.requestTimeoutMillis, TimeUnit.MILLISECONDS);
            }
            startAttempt();
        } catch (RuntimeException e) {
            // the caller already returned false: the failure must travel through the callback like any other
            cancelAfterStartFailure(e);
        }
    }

    private void cancelAfterStartFailure(RuntimeException e) {
        if (attempt != null && !attempt.terminal) {
            attempt.fail(Reason.CONNECT, "could not start the request: " + e, null, null, e);
        } else if (!finished) {
            finish(StreamOutcome.failed(StreamFailure.stream(Reason.CONNECT, "could not start the request: " + e, null,
                    null, e, "", 0, null)));
        }
    }

    /** Ends the call from outside (deadline, producer stop) with the given reason; no-op once it has ended. */
    public synchronized void cancel(Reason reason, String message) {
        if (finished) {
            return;
        }
        if (attempt != null && !attempt.terminal) {
            attempt.fail(reason, message, null, null, null);
        } else {
            finish(StreamOutcome.failed(StreamFailure.stream(reason, message, null, null, null, "", 0, null)));
        }
    }

    @Override
    public synchronized void deliveryFailed(Exception cause) {
        if (!finished && attempt != null && !attempt.terminal) {
            attempt.fail(Reason.DELIVERY, "a delta exchange to the deltaUri failed: " + cause.getMessage(), null, null,
                    cause);
        }
    }

    /** Runs on a worker thread, once, after the emitter sent everything: completes the original exchange. */
    @Override
    public void complete(StreamOutcome outcome, int emittedCount, Exception deliveryFailure) {
        Exception failure = null;
        boolean cancelled = !outcome.isSuccess() && outcome.failure().reason() == Reason.CANCELLED;
        if (deliveryFailure != null && !cancelled) {
            failure = deliveryFailureOf(outcome, deliveryFailure).toException(emittedCount);
        } else if (!outcome.isSuccess()) {
            failure = outcome.failure().toException(emittedCount);
            if (deliveryFailure != null) {
                // on shutdown the delta route may be stopped before the stream: the cancellation is the story
                failure.addSuppressed(deliveryFailure);
            }
        }
        try {
            if (failure != null) {
                exchange.setException(failure);
            } else {
                Message message = exchange.getMessage();
                message.setBody(outcome.content());
                message.getHeaders().putAll(outcome.headers());
            }
            settings.listener.finished(this, outcome, failure, emittedCount);
        } catch (RuntimeException e) {
            // a listener must never keep the exchange from completing
            exchange.setException(failure != null ? failure : e);
            if (failure != null) {
                failure.addSuppressed(e);
            }
        } finally {
            try {
                if (callbackDone.compareAndSet(false, true)) {
                    callback.done(false);
                }
            } finally {
                completed.countDown();
            }
        }
    }

    /**
     * Waits until the original exchange's callback has run.
     *
     * @return false when the wait timed out
     */
    public boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException {
        return completed.await(timeout, unit);
    }

    private static StreamFailure deliveryFailureOf(StreamOutcome outcome, Exception deliveryFailure) {
        String message = "a delta exchange to the deltaUri failed: " + deliveryFailure.getMessage();
        if (outcome.isSuccess()) {
            Object deltaCount = outcome.headers().get(EmbyConstants.DELTA_COUNT);
            return StreamFailure.stream(Reason.DELIVERY, message, null, null, deliveryFailure, outcome.content(),
                    deltaCount instanceof Integer ? (Integer) deltaCount : 0,
                    (String) outcome.headers().get(EmbyConstants.REQUEST_ID));
        }
        return outcome.failure().withReason(Reason.DELIVERY, message, deliveryFailure);
    }

    public Exchange exchange() {
        return exchange;
    }

    /** Attempts made so far (1 for a call that needed no retry). */
    public synchronized int attempts() {
        return attempts;
    }

    /** Nanoseconds from the start of the call to the first delta, or -1 when none came. */
    public synchronized long timeToFirstDeltaNanos() {
        return firstDeltaNanos == 0 ? -1 : firstDeltaNanos - startNanos;
    }

    public long startNanos() {
        return startNanos;
    }

    // ---- internals, all under the call's monitor ---------------------------------------------------------------------

    private void startAttempt() {
        retryTask = null;
        if (finished) {
            return;
        }
        attempts++;
        attempt = new Attempt(exchange.getContext().getUuidGenerator().generateUuid());
        // each HTTP attempt has its own id, so a consumer can tell replayed deltas apart
        exchange.getMessage().setHeader(EmbyConstants.STREAM_ID, attempt.streamId);
        attempt.send();
    }

    private void finish(StreamOutcome outcome) {
        finished = true;
        if (deadlineTask != null) {
            deadlineTask.cancel(false);
        }
        if (retryTask != null) {
            retryTask.cancel(false);
        }
        emitter.finish(outcome);
    }

    /** Retries when the budget and the server allow it; otherwise fails with the given failure. */
    private void retryOrFail(StreamFailure failure, Duration serverRequested) {
        if (serverRequested != null && serverRequested.toMillis() > settings.maxRetryDelayMillis) {
            // the server asked for a longer pause than the user accepts: report it instead of waiting
            finish(StreamOutcome.failed(failure));
            return;
        }
        if (!settings.retryPolicy.hasBudget(retries)) {
            finish(StreamOutcome.failed(failure));
            return;
        }
        retries++;
        long delay = settings.retryPolicy.delayMillis(retries, serverRequested);
        LOG.debug("Retrying {} (retry {}) in {} ms after: {}", settings.url, retries, delay, failure.message());
        retryTask = settings.timer.schedule(this::retryNow, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void retryNow() {
        startAttempt();
    }

    private static Map<String, Object> deltaBaseHeaders(Exchange exchange, CallSettings settings) {
        Message copy = exchange.getIn().copy();
        String exclude = settings.deltaExcludeHeaders;
        if (exclude != null && !exclude.isBlank()) {
            for (String pattern : exclude.split(",")) {
                String trimmed = pattern.trim();
                if (!trimmed.isEmpty()) {
                    copy.removeHeaders(trimmed);
                }
            }
        }
        return new LinkedHashMap<>(copy.getHeaders());
    }

    /** What the response body is, decided from the status and content type. */
    private enum BodyKind {
        EVENT_STREAM,
        COMPLETION_JSON,
        ERROR,
        NOT_EVENT_STREAM
    }

    /** One HTTP request and its response. */
    private final class Attempt implements ResponseListener, EventStreamParser.Handler, ChunkAccumulator.DeltaListener {

        final String streamId;
        final long sentNanos = System.nanoTime();
        final ChunkAccumulator accumulator;
        Future<Void> http;
        boolean terminal;
        HttpResponse response;
        BodyKind kind;
        String contentType;
        EventStreamParser parser;
        ByteArrayOutputStream body;
        boolean firstDelta;
        long lastDataNanos;
        ScheduledFuture<?> watchdog;
        String requestId;
        Map<String, String> rateLimit;

        Attempt(String streamId) {
            this.streamId = streamId;
            this.accumulator = new ChunkAccumulator(Json.FACTORY, Json.MAPPER, settings.deltaTarget != null ? this : null);
        }

        void send() {
            armWatchdog(nextWatchdogDelay());
            byte[] bytes = requestBytes;
            try {
                http = settings.httpClient.post(settings.url, requestHeaders, bytes, this);
            } catch (RuntimeException e) {
                // the client is shut down or the URL is unusable: nothing was sent
                fail(Reason.CONNECT, "could not send the request to " + settings.url + ": " + e.getMessage(), null,
                        null, e);
            }
        }

        // ---- ResponseListener (HttpClient I/O thread) -------------------------------------------------------------

        @Override
        public void onResponse(HttpResponse response, String contentType, String contentEncoding, boolean hasBody) {
            synchronized (ChatCall.this) {
                if (terminal) {
                    return;
                }
                this.response = response;
                this.contentType = contentType;
                this.requestId = firstHeader(response, "x-request-id", "request-id", "x-generation-id");
                this.rateLimit = rateLimitHeaders(response);
                int status = response.getCode();
                String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
                if (status < 200 || status >= 300) {
                    kind = BodyKind.ERROR;
                } else if (type.startsWith("text/event-stream")) {
                    kind = BodyKind.EVENT_STREAM;
                    parser = new EventStreamParser(this, settings.maxEventSize);
                    emitter.streamStarted(streamId);
                } else if (type.startsWith("application/json")) {
                    // some gateways answer a streaming request with one JSON completion
                    kind = BodyKind.COMPLETION_JSON;
                    emitter.streamStarted(streamId);
                } else {
                    kind = BodyKind.NOT_EVENT_STREAM;
                }
                if (kind != BodyKind.EVENT_STREAM) {
                    body = new ByteArrayOutputStream();
                }
            }
        }

        @Override
        public void onData(ByteBuffer src) {
            synchronized (ChatCall.this) {
                if (terminal) {
                    src.position(src.limit());
                    return;
                }
                if (kind == BodyKind.EVENT_STREAM) {
                    readEvents(src);
                } else {
                    collect(src);
                }
            }
            // once per network read: the worker drains all deltas this read produced
            if (settings.deltaTarget != null) {
                emitter.signal();
            }
        }

        @Override
        public void onEnd() {
            synchronized (ChatCall.this) {
                if (terminal) {
                    return;
                }
                if (response == null) {
                    fail(Reason.TRANSPORT, "the connection ended without a response", null, null, null);
                    return;
                }
                switch (kind) {
                    case EVENT_STREAM:
                        endOfEvents();
                        break;
                    case COMPLETION_JSON:
                        endOfCompletion();
                        break;
                    case ERROR:
                        endOfError();
                        break;
                    default:
                        fail(Reason.MALFORMED, "expected an event stream (text/event-stream) but the server answered HTTP "
                                               + response.getCode() + " with " + contentType + ": "
                                               + Excerpts.excerpt(body.toByteArray(), 0, body.size()),
                                null, null, null);
                }
            }
        }

        @Override
        public void onFailure(Exception cause) {
            synchronized (ChatCall.this) {
                if (terminal) {
                    return;
                }
                if (response == null) {
                    // no response at all: refused, DNS, TLS, connect timeout or reset before the answer; safe to retry
                    terminal = true;
                    cancelWatchdog();
                    StreamFailure failure = StreamFailure.stream(Reason.CONNECT,
                            "no response from " + settings.url + ": " + describe(cause), null, null, cause, "", 0, null);
                    retryOrFail(failure, null);
                } else {
                    fail(Reason.TRANSPORT, "the connection broke while reading the response: " + describe(cause), null,
                            null, cause);
                }
            }
        }

        @Override
        public void onWindowExhausted(FlowControl flowControl) {
            if (settings.deltaTarget != null && kind == BodyKind.EVENT_STREAM) {
                emitter.holdWindow(flowControl);
            } else {
                flowControl.resume();
            }
        }

        // ---- event stream ---------------------------------------------------------------------------------------

        private void readEvents(ByteBuffer src) {
            try {
                parser.feed(src);
            } catch (EventTooLargeException e) {
                src.position(src.limit());
                fail(Reason.MALFORMED, e.getMessage(), null, null, e);
            } catch (MalformedChunkException e) {
                src.position(src.limit());
                fail(Reason.MALFORMED, e.getMessage(), null, null, e);
            } catch (InStreamErrorException e) {
                src.position(src.limit());
                fail(Reason.SERVER_ERROR, "the server sent an error in the stream: " + e.getMessage(), e.getErrorType(),
                        e.getErrorCode(), e);
            }
        }

        @Override
        public void onEvent(String eventType, byte[] data, int offset, int length) {
            if (terminal) {
                // a failure raised by an earlier event of the same read: the rest of the read is not looked at
                return;
            }
            lastDataNanos = System.nanoTime();
            if ("error".equals(eventType)) {
                accumulator.acceptErrorEvent(data, offset, length);
            } else if (isDone(data, offset, length)) {
                accumulator.markDone();
            } else if (length > 0) {
                accumulator.acceptChunk(data, offset, length);
            }
            if (!firstDelta && accumulator.hasFirstDelta()) {
                firstDelta = true;
                if (firstDeltaNanos == 0) {
                    firstDeltaNanos = lastDataNanos;
                }
            }
        }

        @Override
        public void onContent(int choiceIndex, String text) {
            emitter.offer(choiceIndex, "content", text);
        }

        @Override
        public void onReasoning(int choiceIndex, String text) {
            if (settings.emitReasoning) {
                emitter.offer(choiceIndex, "reasoning", text);
            }
        }

        private void endOfEvents() {
            boolean partialEvent;
            try {
                // an event still pending at the end is dispatched, as openai-node does
                partialEvent = parser.endAndDispatch();
            } catch (MalformedChunkException e) {
                fail(Reason.MALFORMED, e.getMessage(), null, null, e);
                return;
            } catch (InStreamErrorException e) {
                fail(Reason.SERVER_ERROR, "the server sent an error in the stream: " + e.getMessage(), e.getErrorType(),
                        e.getErrorCode(), e);
                return;
            }
            if (terminal) {
                return;
            }
            if (accumulator.isComplete()) {
                succeed();
            } else if (parser.eventCount() == 0 && !partialEvent) {
                fail(Reason.TRUNCATED, "the server answered HTTP 200 with an empty event stream", null, null, null);
            } else {
                fail(Reason.TRUNCATED, "the stream ended without a finish_reason or [DONE]"
                                       + (partialEvent ? " (the last event was cut off)" : ""),
                        null, null, null);
            }
        }

        // ---- plain bodies ---------------------------------------------------------------------------------------

        private void collect(ByteBuffer src) {
            int limit = kind == BodyKind.COMPLETION_JSON ? settings.maxEventSize : MAX_ERROR_BODY;
            int room = limit - body.size();
            int take = Math.min(room, src.remaining());
            if (take > 0) {
                byte[] chunk = new byte[take];
                src.get(chunk);
                body.write(chunk, 0, take);
            }
            if (src.hasRemaining()) {
                // an error (or not-an-event-stream) body is kept up to its limit: its start says what went wrong
                src.position(src.limit());
                if (kind == BodyKind.COMPLETION_JSON) {
                    fail(Reason.MALFORMED, "the JSON answer is larger than maxEventSize (" + settings.maxEventSize
                                           + " bytes); raise maxEventSize to accept it",
                            null, null, null);
                }
            }
        }

        private void endOfCompletion() {
            byte[] bytes = body.toByteArray();
            try {
                accumulator.acceptCompletion(bytes, 0, bytes.length);
                if (firstDeltaNanos == 0 && accumulator.hasFirstDelta()) {
                    firstDeltaNanos = System.nanoTime();
                }
                succeed();
            } catch (MalformedChunkException e) {
                fail(Reason.MALFORMED, e.getMessage(), null, null, e);
            } catch (InStreamErrorException e) {
                fail(Reason.SERVER_ERROR, "the server answered with an error: " + e.getMessage(), e.getErrorType(),
                        e.getErrorCode(), e);
            }
        }

        private void endOfError() {
            terminal = true;
            cancelWatchdog();
            int status = response.getCode();
            String text = body.size() == 0 ? null : body.toString(StandardCharsets.UTF_8);
            ErrorPayload error = ErrorPayload.parse(Json.MAPPER, text);
            Duration retryAfter = RetryPolicy.parseRetryAfter(headerValue(response, "retry-after-ms"),
                    headerValue(response, "retry-after"));
            String reasonPhrase = ObjectHelper.isEmpty(response.getReasonPhrase()) ? "" : " " + response.getReasonPhrase();
            String detail = error.message() != null
                    ? error.message()
                    : "HTTP " + status + reasonPhrase + (contentType == null ? "" : " (" + contentType + " body)");
            String message = "HTTP " + status + reasonPhrase + " from POST " + settings.url + ": " + detail;
            EmbyApiException exception = new EmbyApiException(message, status, response.getReasonPhrase(), error.type(),
                    error.code(), retryAfter, text, allHeaders(response), requestId);
            StreamFailure failure = StreamFailure.api(exception);
            if (isStreamOptionsRejection(status, text)) {
                retryWithoutStreamOptions(failure);
                return;
            }
            if (RetryPolicy.isRetryableStatus(status, error.code(), headerValue(response, "x-should-retry"))) {
                retryOrFail(failure, retryAfter);
            } else {
                finish(StreamOutcome.failed(failure));
            }
        }

        private boolean isStreamOptionsRejection(int status, String text) {
            return (status == 400 || status == 422) && text != null && text.contains("stream_options")
                    && requestBody.containsKey("stream_options");
        }

        private void retryWithoutStreamOptions(StreamFailure failure) {
            if (settings.omitStreamOptions.compareAndSet(false, true)) {
                LOG.warn("The server at {} rejected stream_options: sending requests without it from now on (token"
                         + " usage may then be missing from streamed answers)", settings.url);
            }
            requestBody.remove("stream_options");
            requestBytes = Json.writeBytes(requestBody);
            LOG.debug("Resending without stream_options after: {}", failure.message());
            startAttempt();
        }

        // ---- ending ---------------------------------------------------------------------------------------------

        private void succeed() {
            terminal = true;
            cancelWatchdog();
            ChatResult result = accumulator.result();
            finish(StreamOutcome.success(result.getContent(), OutputHeaders.of(result, streamId, requestId, rateLimit)));
        }

        /** Ends this attempt and the call with a stream failure; cancels the HTTP exchange if it still runs. */
        void fail(Reason reason, String message, String errorType, String errorCode, Throwable cause) {
            if (terminal) {
                return;
            }
            terminal = true;
            cancelWatchdog();
            if (http != null) {
                http.cancel(true);
            }
            finish(StreamOutcome.failed(StreamFailure.stream(reason, message, errorType, errorCode, cause,
                    accumulator.partialContent(), accumulator.deltaCount(), requestId)));
        }

        // ---- timeouts -------------------------------------------------------------------------------------------

        private long nextWatchdogDelay() {
            long first = settings.firstDeltaTimeoutMillis;
            long idle = settings.idleTimeoutMillis;
            if (first == 0 && idle == 0) {
                return 0;
            }
            return first == 0 ? idle : idle == 0 ? first : Math.min(first, idle);
        }

        private void armWatchdog(long delayMillis) {
            if (delayMillis > 0) {
                watchdog = settings.timer.schedule(this::checkWatchdog, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        private void cancelWatchdog() {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }

        private void checkWatchdog() {
            synchronized (ChatCall.this) {
                if (terminal) {
                    return;
                }
                long now = System.nanoTime();
                boolean waitingForFirst = !firstDelta;
                long limit = waitingForFirst ? settings.firstDeltaTimeoutMillis : settings.idleTimeoutMillis;
                if (limit == 0 || emitter.isHoldingWindow()) {
                    // no limit in this phase, or reading is paused for a slow delta route: that is not idleness
                    armWatchdog(nextWatchdogDelay());
                    return;
                }
                long since = waitingForFirst ? sentNanos : Math.max(lastDataNanos, emitter.windowReleasedNanos());
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(now - since);
                if (elapsedMillis < limit) {
                    armWatchdog(limit - elapsedMillis);
                    return;
                }
                if (response == null) {
                    // connected, request sent, and not even a status line: the server never answered. Not retried,
                    // like any timeout: the server may be working on the request
                    fail(Reason.CONNECT, "no response from " + settings.url + " within " + limit
                                         + " ms (firstDeltaTimeout)", null, null, null);
                    return;
                }
                String option = waitingForFirst ? "firstDeltaTimeout" : "idleTimeout";
                String what = waitingForFirst ? "no delta arrived within " : "no data arrived for ";
                fail(Reason.IDLE_TIMEOUT, what + limit + " ms (" + option + ")", null, null, null);
            }
        }
    }

    private static boolean isDone(byte[] data, int offset, int length) {
        // "[DONE]", tolerating surrounding whitespace some proxies add
        int start = offset;
        int end = offset + length;
        while (start < end && data[start] <= ' ') {
            start++;
        }
        while (end > start && data[end - 1] <= ' ') {
            end--;
        }
        return end - start == 6 && data[start] == '[' && data[start + 1] == 'D' && data[start + 2] == 'O'
                && data[start + 3] == 'N' && data[start + 4] == 'E' && data[start + 5] == ']';
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static String headerValue(HttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static String firstHeader(HttpResponse response, String... names) {
        for (String name : names) {
            String value = headerValue(response, name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static Map<String, String> rateLimitHeaders(HttpResponse response) {
        Map<String, String> limits = null;
        for (Header header : response.getHeaders()) {
            String name = header.getName().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-ratelimit-")) {
                if (limits == null) {
                    limits = new LinkedHashMap<>();
                }
                limits.put(name, header.getValue());
            }
        }
        return limits;
    }

    private static Map<String, String> allHeaders(HttpResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.put(header.getName(), header.getValue());
        }
        return headers;
    }
}
