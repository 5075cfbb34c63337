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
package ai.emby.camel.http;

import java.nio.ByteBuffer;

/**
 * Receives one HTTP response as it arrives, with no HttpClient types. All calls for one response come from one thread
 * at a time: an I/O thread, or, for the body of a gzip response, also the thread that resumed its window
 * ({@link FlowControl#resume()}), which then goes on decoding what the transport kept.
 */
public interface ResponseListener {

    /** How the transport hands a body on. */
    enum BodyMode {
        /** Decoded as a {@code text/event-stream}: {@link #onEvent} per event. */
        EVENTS,
        /** As bytes: {@link #onBytes}. */
        BYTES
    }

    /** The response head arrived; the answer says how to read the body. */
    BodyMode onHead(ResponseHead head);

    /**
     * Right after {@link #onHead}: the body is in a content coding the transport cannot decode (anything but gzip and
     * identity); the message names it and says what to change. Its bytes are not handed on; its end still is.
     */
    void onUndecodableBody(String message);

    /**
     * One network read of the body: the listener runs {@code read}, which hands the read's events ({@link #onEvent})
     * or bytes ({@link #onBytes}) to it, and can take its lock around that once per read instead of once per event.
     * After {@code read} returned, everything the read brought has been handed on.
     */
    void onRead(Runnable read);

    /**
     * One event of an event-stream body, from inside {@link #onRead}. eventType is null for the default type; data is
     * UTF-8 in data[offset, offset+length) and the array is reused after the call returns.
     */
    void onEvent(String eventType, byte[] data, int offset, int length);

    /** An event larger than the request's maxEventSize, from inside {@link #onRead}: the stream cannot be read on. */
    void onOversizedEvent(String message);

    /** Body bytes (BYTES mode), from inside {@link #onRead}; the listener must consume all of them before returning. */
    void onBytes(ByteBuffer src);

    /**
     * The body ended cleanly (by its framing, or by the connection's end for a body without framing).
     *
     * @param lastEventUnterminated an event whose lines all ended but whose blank line was missing was dispatched at
     *                              the end (always false in BYTES mode)
     */
    void onEnd(boolean lastEventUnterminated);

    /** The exchange failed: no response (connect), or the connection broke while reading. */
    void onFailure(Exception cause);

    /**
     * The client paused reading because the input window is used up; call {@link FlowControl#resume()} when more data
     * can be taken. Listeners that never fall behind resume at once. The window counts decoded bytes: 64 KB of
     * them, also for a gzip body, whose compressed bytes the transport keeps meanwhile.
     */
    void onWindowExhausted(FlowControl flowControl);

    /** Lets a listener start reading the socket again after a pause. */
    interface FlowControl {
        void resume();
    }
}
