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

import java.util.ArrayDeque;
import java.util.Map;

import ai.emby.camel.EmbyStreamException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one browser stream has written, and where: its events, numbered and kept for a reconnect with Last-Event-ID
 * (up to resumeBufferChars, the oldest dropped first), the answer's text so far, the SSE response it writes to (none
 * while the browser is away), the delta exchange parked until a response can take it, and the keep-alive heartbeat.
 * <p>
 * Guarded by its stream's monitor: the stream calls it only while it holds the monitor, and its own Vert.x callbacks
 * (a drained write queue, the heartbeat) take it.
 */
final class BrowserOutput {

    // the stream's logger: this is the stream's output
    private static final Logger LOG = LoggerFactory.getLogger(BrowserStream.class);

    private record Event(int id, String frame) {
    }

    private final Object monitor;
    private final EmbyWebEndpoint endpoint;
    private final Vertx vertx;
    private final ArrayDeque<Event> log = new ArrayDeque<>();
    private long loggedChars;
    /** The highest event id dropped from the log, -1 when none was. */
    private int lostUpTo = -1;
    private int nextId;
    private final StringBuilder content = new StringBuilder();
    private HttpServerResponse response;
    /** A delta exchange waiting for a browser that can take it (none attached, or its write queue full). */
    private AsyncCallback parked;
    private long heartbeatTimer = -1;

    /** @param monitor the stream's monitor, which guards this output */
    BrowserOutput(Object monitor, EmbyWebEndpoint endpoint, Vertx vertx) {
        this.monitor = monitor;
        this.endpoint = endpoint;
        this.vertx = vertx;
    }

    boolean isAttached() {
        return response != null;
    }

    /** Detaches the response, and returns it when it is another than r (the caller ends it); else null. */
    HttpServerResponse detachOther(HttpServerResponse r) {
        HttpServerResponse previous = response != null && response != r ? response : null;
        response = null;
        return previous;
    }

    /** A response closed: true when it was the attached one, which is detached now. */
    boolean detach(HttpServerResponse r) {
        if (response != r) {
            return false;
        }
        response = null;
        return true;
    }

    /**
     * Writes the retry interval and the events after {@code lastEventId} to r; false, after an error event saying so,
     * when some of them are no longer kept.
     */
    boolean replay(HttpServerResponse r, int lastEventId) {
        send(r, SseFrames.retry(endpoint.getRetry()));
        if (lostUpTo > lastEventId) {
            send(r, SseFrames.event(-1, "error", SseFrames.notResumable(
                    "The answer cannot resume here: the events after " + lastEventId + " are no longer kept.",
                    content.toString())));
            return false;
        }
        for (Event event : log) {
            if (event.id() > lastEventId) {
                send(r, event.frame());
            }
        }
        return true;
    }

    /**
     * r becomes the response deltas are written to. Returns the parked delta when r can take more now (the caller
     * releases it); null when there is none, or when r's write queue is full and its drain releases it.
     */
    AsyncCallback attach(HttpServerResponse r) {
        response = r;
        startHeartbeat();
        if (parked == null) {
            return null;
        }
        if (r.writeQueueFull()) {
            r.drainHandler(v -> releaseParked(r));
            return null;
        }
        return takeParked();
    }

    /** The parked delta, no longer parked; null when none was. */
    AsyncCallback takeParked() {
        AsyncCallback release = parked;
        parked = null;
        return release;
    }

    /** Logs and writes the delta; true when its exchange may complete at once, else the callback was parked. */
    boolean delta(int index, int choice, String type, String text, AsyncCallback callback) {
        int eventId = index >= 0 ? index : nextId;
        nextId = Math.max(nextId, eventId + 1);
        if (choice == 0 && !"reasoning".equals(type)) {
            content.append(text);
        }
        String frame = SseFrames.delta(eventId, type, choice, text);
        append(eventId, frame);
        if (response == null) {
            // the browser is away (within reconnectGrace): hold the stream until it is back or the call is cancelled
            parked = callback;
            return false;
        }
        HttpServerResponse r = response;
        if (!send(r, frame)) {
            // the connection is closing: its close handler detaches it, and the delta waits for a reconnect
            parked = callback;
            return false;
        }
        if (!r.writeQueueFull()) {
            return true;
        }
        parked = callback;
        r.drainHandler(v -> releaseParked(r));
        return false;
    }

    /**
     * Logs the closing event, numbered after every delta the call sent: end with the answer's facts, or error with the
     * failure and the text so far. Writes it to the attached response, and detaches and returns that response for the
     * caller to end (null when none). Stops the heartbeat.
     */
    HttpServerResponse close(Exception failure, Message answer) {
        Map<String, Object> data = failure == null ? SseFrames.endData(answer)
                : SseFrames.errorData(failure, content.toString());
        if (failure instanceof EmbyStreamException s) {
            nextId = Math.max(nextId, s.getEmittedCount());
        }
        String frame = SseFrames.event(nextId, failure == null ? "end" : "error", data);
        append(nextId, frame);
        HttpServerResponse r = response;
        response = null;
        if (r != null) {
            send(r, frame);
        }
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        return r;
    }

    private void startHeartbeat() {
        if (heartbeatTimer < 0 && endpoint.getHeartbeat() > 0) {
            heartbeatTimer = vertx.setPeriodic(endpoint.getHeartbeat(), t -> heartbeat());
        }
    }

    private void heartbeat() {
        synchronized (monitor) {
            if (response != null && !response.writeQueueFull()) {
                send(response, SseFrames.comment("keep-alive"));
            }
        }
    }

    private void releaseParked(HttpServerResponse r) {
        AsyncCallback release;
        synchronized (monitor) {
            if (response != r || parked == null) {
                return;
            }
            release = parked;
            parked = null;
        }
        release.done(false);
    }

    private void append(int eventId, String frame) {
        log.addLast(new Event(eventId, frame));
        loggedChars += frame.length();
        while (loggedChars > endpoint.getResumeBufferChars() && log.size() > 1) {
            Event dropped = log.removeFirst();
            loggedChars -= dropped.frame().length();
            lostUpTo = dropped.id();
        }
    }

    /** Writes a frame; false when the response can take no more (its connection closed under it). */
    static boolean send(HttpServerResponse r, String frame) {
        try {
            r.write(frame);
            return true;
        } catch (IllegalStateException e) {
            LOG.debug("A browser response closed while an event was written to it", e);
            return false;
        }
    }

    static void end(HttpServerResponse r) {
        try {
            r.end();
        } catch (IllegalStateException e) {
            LOG.debug("A browser response closed before its end", e);
        }
    }
}
