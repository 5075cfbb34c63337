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
package ai.emby.camel.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Push parser that turns the bytes of a WHATWG {@code text/event-stream} body into events however the body is split.
 * <p>
 * Two extensions to WHATWG, both for servers that report a failure outside the format: a field named {@code error}
 * (older llama.cpp servers) is read like {@code data} and the event gets the type {@code error}; and a bare JSON
 * document (a line starting with <code>{</code> or {@code [} where an event would start, with the lines after it that
 * start with whitespace, <code>}</code> or {@code ]}) is dispatched as the data of one event, where WHATWG would
 * ignore it line by line: Google's endpoints append their error object to an event stream that way.
 */
public final class EventStreamParser {

    // Works on bytes because every delimiter of the format is ASCII: a UTF-8 character or a CRLF split across two
    // network reads can then never break, and event data reaches the handler as UTF-8 bytes without decoding.
    // Complete lines are parsed in place from the caller's array; only a line cut by the end of a feed is copied.
    // Not thread safe: one stream, fed from one thread at a time.

    /** Receives completed events. */
    public interface Handler {

        /**
         * One dispatched event. eventType is null for the default "message" type (no or empty {@code event:} field).
         * data is the event's data buffer (lines joined with '\n', trailing '\n' removed) as UTF-8 bytes in
         * data[offset, offset+length); the array is reused after the call returns: copy what you keep.
         */
        void onEvent(String eventType, byte[] data, int offset, int length);

        /** A comment line (starts with ':'), e.g. ": keep-alive" or ": OPENROUTER PROCESSING". Default no-op. */
        default void onComment() {
        }

        /** The {@code retry:} field with a valid integer value. Default no-op. */
        default void onRetry(long millis) {
        }
    }

    /** Reported as the event type of an event that carried an {@code error:} field and no {@code event:} field. */
    static final String ERROR_TYPE = "error";

    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte TAB = '\t';
    private static final byte OPEN_BRACE = '{';
    private static final byte CLOSE_BRACE = '}';
    private static final byte OPEN_BRACKET = '[';
    private static final byte CLOSE_BRACKET = ']';

    private static final byte[] DATA = FieldValues.ascii("data");
    private static final byte[] EVENT = FieldValues.ascii("event");
    private static final byte[] ID = FieldValues.ascii("id");
    private static final byte[] RETRY = FieldValues.ascii("retry");
    private static final byte[] ERROR = FieldValues.ascii("error");

    // a line holds the field name, the colon and a space before the value: allow for that on top of the value limit
    // so that a data line whose value is exactly maxEventSize bytes is still accepted
    private static final int LINE_PREFIX_ALLOWANCE = 8;

    private final Handler handler;

    // splits the bytes into lines (BOM, CR, LF, CRLF, lines cut by the end of a feed)
    private final LineSplitter lines;

    // the data buffer of the event being read: each data line plus '\n'
    private final BoundedBytes data;

    private String eventType;
    private boolean errorField;
    // the event being read is a bare JSON document, not fields
    private boolean bareJson;
    // a field line (of any name) has been read since the last blank line: an event is under way
    private boolean fieldSeen;

    // the last event type decoded, kept so that a stream repeating the same `event:` does not allocate a String each time
    private byte[] cachedTypeBytes = new byte[0];
    private String cachedType;

    private String lastEventId;
    private long eventCount;

    /**
     * @param handler      receives the events
     * @param maxEventSize the largest data of one event (and, give or take the field name, one line) in bytes;
     *                     {@code <= 0} means unlimited
     */
    public EventStreamParser(Handler handler, int maxEventSize) {
        this.handler = Objects.requireNonNull(handler, "handler");
        int reported = Math.max(0, maxEventSize);
        BoundedBytes cutLine = new BoundedBytes("line", maxEventSize <= 0 ? 0 : (long) maxEventSize + LINE_PREFIX_ALLOWANCE,
                reported);
        this.lines = new LineSplitter(cutLine, this::processLine);
        this.data = new BoundedBytes("event data", reported, reported);
    }

    /** Parses all remaining bytes of src (advances its position to its limit). */
    public void feed(ByteBuffer src) {
        lines.feed(src);
    }

    /** Parses bytes[offset, offset+length). */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        lines.feed(bytes, offset, length);
    }

    /**
     * Call at end of body. Per WHATWG an unterminated event at EOF is NOT dispatched; this returns true when such a
     * partial event (or a partial line) was pending, so the caller can report a truncated stream. The pending partial
     * event is discarded and the parser is back at "start of stream" (a BOM is skipped again), so it can read a
     * reconnected stream; {@link #lastEventId()} and {@link #eventCount()} are kept.
     */
    public boolean end() {
        boolean pending = hasPendingEvent();
        lines.reset();
        resetEvent();
        return pending;
    }

    /**
     * Call at end of body to end it as SPEC "End of body" says: an event whose lines all ended, only its blank line
     * missing, is still dispatched, as openai-node does (WHATWG would drop it), while a line cut off by the end of the
     * body is discarded, as WHATWG says. When the cut line is a field line, the event it belongs to did not end its
     * lines and is discarded with it, so that half of an event's data never reaches the handler (half a JSON object
     * would read as malformed, not as cut); a cut comment takes nothing from the event. Returns true when such an
     * unterminated event or line was pending, so the caller can tell a cut stream from a clean one. Afterwards the
     * parser is back at "start of stream", as after {@link #end()}.
     */
    public boolean endAndDispatch() {
        boolean pending = hasPendingEvent();
        boolean fieldLineCut = lines.hasCutLine() && !lines.cutLineStartsWith(COLON);
        lines.reset();
        if (fieldLineCut) {
            resetEvent();
        } else {
            dispatch();
        }
        return pending;
    }

    /** True when bytes of an event have been read but the event has not been dispatched yet (partial line or buffered fields). */
    public boolean hasPendingEvent() {
        return lines.hasPending() || fieldSeen;
    }

    /** Last {@code id:} value seen (null if none). */
    public String lastEventId() {
        return lastEventId;
    }

    /** Total events dispatched so far. */
    public long eventCount() {
        return eventCount;
    }

    private void processLine(byte[] b, int off, int len) {
        if (len == 0) {
            dispatch();
            return;
        }
        lines.check(len);
        byte first = b[off];
        if (bareJson) {
            if (first == SPACE || first == TAB || first == CLOSE_BRACE || first == CLOSE_BRACKET) {
                data.appendLine(b, off, len);
                return;
            }
            // the document ended without a blank line: what follows is another document or fields again
            dispatch();
        }
        if (first == COLON) {
            handler.onComment();
            return;
        }
        if ((first == OPEN_BRACE || first == OPEN_BRACKET) && !fieldSeen) {
            bareJson = true;
            fieldSeen = true;
            data.appendLine(b, off, len);
            return;
        }
        int end = off + len;
        int colon = off;
        while (colon < end && b[colon] != COLON) {
            colon++;
        }
        int nameLength = colon - off;
        int valueStart = colon;
        if (colon < end) {
            valueStart = colon + 1;
            if (valueStart < end && b[valueStart] == SPACE) {
                valueStart++;
            }
        }
        int valueLength = end - valueStart;
        fieldSeen = true;
        switch (nameLength) {
            case 4:
                if (FieldValues.nameIs(b, off, DATA)) {
                    data.appendLine(b, valueStart, valueLength);
                }
                break;
            case 5:
                if (FieldValues.nameIs(b, off, EVENT)) {
                    eventType = valueLength == 0 ? null : eventType(b, valueStart, valueLength);
                } else if (FieldValues.nameIs(b, off, ERROR)) {
                    // older llama.cpp servers report a failure as an `error:` field instead of `data:`
                    data.appendLine(b, valueStart, valueLength);
                    errorField = true;
                } else if (FieldValues.nameIs(b, off, RETRY)) {
                    retry(b, valueStart, valueLength);
                }
                break;
            case 2:
                if (FieldValues.nameIs(b, off, ID)) {
                    id(b, valueStart, valueLength);
                }
                break;
            default:
                break;
        }
    }

    private String eventType(byte[] b, int off, int len) {
        if (cachedType != null && Arrays.equals(cachedTypeBytes, 0, cachedTypeBytes.length, b, off, off + len)) {
            return cachedType;
        }
        cachedTypeBytes = Arrays.copyOfRange(b, off, off + len);
        cachedType = new String(cachedTypeBytes, StandardCharsets.UTF_8);
        return cachedType;
    }

    private void id(byte[] b, int off, int len) {
        // WHATWG: an id containing NUL is ignored as a whole
        if (FieldValues.hasNoNul(b, off, len)) {
            lastEventId = new String(b, off, len, StandardCharsets.UTF_8);
        }
    }

    private void retry(byte[] b, int off, int len) {
        long value = FieldValues.retryMillis(b, off, len);
        if (value >= 0) {
            handler.onRetry(value);
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            // no data field since the last dispatch: WHATWG drops the event but still forgets its type
            resetEvent();
            return;
        }
        String type = eventType;
        if (type == null && errorField) {
            type = ERROR_TYPE;
        }
        int length = data.length() - 1;
        // reset before calling out so that a throwing handler leaves the parser ready for the next event;
        // the bytes stay in the array until the next data line overwrites them
        resetEvent();
        eventCount++;
        handler.onEvent(type, data.array(), 0, length);
    }

    private void resetEvent() {
        data.clear();
        eventType = null;
        errorField = false;
        bareJson = false;
        fieldSeen = false;
    }
}
