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

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");
    private static final byte[] ERROR = ascii("error");

    // a line holds the field name, the colon and a space before the value: allow for that on top of the value limit
    // so that a data line whose value is exactly maxEventSize bytes is still accepted
    private static final int LINE_PREFIX_ALLOWANCE = 8;
    private static final int INITIAL_CAPACITY = 256;
    private static final int DIRECT_CHUNK = 8192;
    // the JDK cannot allocate arrays quite as large as Integer.MAX_VALUE
    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    private final Handler handler;
    private final int maxEventSize;
    private final int maxLineSize;

    // the start of a line that the end of a feed cut off
    private byte[] line = new byte[INITIAL_CAPACITY];
    private int lineLength;

    // the data buffer of the event being read: each data line plus '\n'
    private byte[] data = new byte[INITIAL_CAPACITY];
    private int dataLength;

    private String eventType;
    private boolean errorField;
    // a field line (of any name) has been read since the last blank line: an event is under way
    private boolean fieldSeen;
    private boolean lastWasCr;

    // how many bytes of a BOM have been matched at the start of the stream; bomDone once the start is behind us
    private int bomMatched;
    private boolean bomDone;

    // the last event type decoded, kept so that a stream repeating the same `event:` does not allocate a String each time
    private byte[] cachedTypeBytes = new byte[0];
    private String cachedType;

    private String lastEventId;
    private long eventCount;

    private byte[] directChunk;

    /**
     * @param handler      receives the events
     * @param maxEventSize the largest data of one event (and, give or take the field name, one line) in bytes;
     *                     {@code <= 0} means unlimited
     */
    public EventStreamParser(Handler handler, int maxEventSize) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.maxEventSize = Math.max(0, maxEventSize);
        this.maxLineSize = maxEventSize <= 0
                ? Integer.MAX_VALUE
                : (int) Math.min(MAX_ARRAY_SIZE, (long) maxEventSize + LINE_PREFIX_ALLOWANCE);
    }

    /** Parses all remaining bytes of src (advances its position to its limit). */
    public void feed(ByteBuffer src) {
        int remaining = src.remaining();
        if (remaining == 0) {
            return;
        }
        if (src.hasArray()) {
            int start = src.arrayOffset() + src.position();
            src.position(src.limit());
            feed(src.array(), start, remaining);
            return;
        }
        // direct or read-only buffers have no accessible array: copy through one reused chunk
        if (directChunk == null) {
            directChunk = new byte[DIRECT_CHUNK];
        }
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), directChunk.length);
            src.get(directChunk, 0, n);
            feed(directChunk, 0, n);
        }
    }

    /** Parses bytes[offset, offset+length). */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int pos = offset;
        int end = offset + length;
        if (!bomDone) {
            pos = skipBom(bytes, pos, end);
        }
        parse(bytes, pos, end);
    }

    /**
     * Call at end of body. Per WHATWG an unterminated event at EOF is NOT dispatched; this returns true when such a
     * partial event (or a partial line) was pending, so the caller can report a truncated stream. The pending partial
     * event is discarded and the parser is back at "start of stream" (a BOM is skipped again), so it can read a
     * reconnected stream; {@link #lastEventId()} and {@link #eventCount()} are kept.
     */
    public boolean end() {
        boolean pending = hasPendingEvent();
        lineLength = 0;
        resetEvent();
        lastWasCr = false;
        bomMatched = 0;
        bomDone = false;
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
        boolean fieldLineCut = lineLength > 0 && line[0] != COLON;
        lineLength = 0;
        lastWasCr = false;
        bomMatched = 0;
        bomDone = false;
        if (fieldLineCut) {
            resetEvent();
        } else {
            dispatch();
        }
        return pending;
    }

    /** True when bytes of an event have been read but the event has not been dispatched yet (partial line or buffered fields). */
    public boolean hasPendingEvent() {
        return lineLength > 0 || fieldSeen || bomMatched > 0 && !bomDone;
    }

    /** Last {@code id:} value seen (null if none). */
    public String lastEventId() {
        return lastEventId;
    }

    /** Total events dispatched so far. */
    public long eventCount() {
        return eventCount;
    }

    // matches the BOM byte by byte so that it is recognised even when split across feeds; returns where parsing goes on
    private int skipBom(byte[] b, int pos, int end) {
        while (pos < end && bomMatched < BOM.length) {
            if (b[pos] != BOM[bomMatched]) {
                bomDone = true;
                int held = bomMatched;
                bomMatched = 0;
                // the bytes held back in an earlier feed were not a BOM after all: they start the first line
                if (held > 0) {
                    parse(BOM, 0, held);
                }
                return pos;
            }
            bomMatched++;
            pos++;
        }
        if (bomMatched == BOM.length) {
            bomDone = true;
            bomMatched = 0;
        }
        return pos;
    }

    private void parse(byte[] b, int pos, int end) {
        if (lastWasCr && pos < end) {
            lastWasCr = false;
            // the CR that ended the previous feed and this LF are one line end
            if (b[pos] == LF) {
                pos++;
            }
        }
        while (pos < end) {
            int eol = pos;
            while (eol < end) {
                byte c = b[eol];
                if (c == LF || c == CR) {
                    break;
                }
                eol++;
            }
            if (eol == end) {
                appendToLine(b, pos, end - pos);
                return;
            }
            if (lineLength > 0) {
                appendToLine(b, pos, eol - pos);
                // reset first: the handler may throw, and the line must not be processed twice
                int n = lineLength;
                lineLength = 0;
                processLine(line, 0, n);
            } else {
                processLine(b, pos, eol - pos);
            }
            if (b[eol] == CR) {
                if (eol + 1 == end) {
                    // cannot tell yet whether an LF follows: the next feed decides
                    lastWasCr = true;
                } else if (b[eol + 1] == LF) {
                    eol++;
                }
            }
            pos = eol + 1;
        }
    }

    private void appendToLine(byte[] b, int off, int len) {
        int needed = lineLength + len;
        if (needed > maxLineSize || needed < 0) {
            throw new EventTooLargeException("line", maxEventSize);
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, grow(line.length, needed));
        }
        System.arraycopy(b, off, line, lineLength, len);
        lineLength = needed;
    }

    private void processLine(byte[] b, int off, int len) {
        if (len == 0) {
            dispatch();
            return;
        }
        if (len > maxLineSize) {
            throw new EventTooLargeException("line", maxEventSize);
        }
        if (b[off] == COLON) {
            handler.onComment();
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
                if (nameIs(b, off, DATA)) {
                    appendData(b, valueStart, valueLength);
                }
                break;
            case 5:
                if (nameIs(b, off, EVENT)) {
                    eventType = valueLength == 0 ? null : eventType(b, valueStart, valueLength);
                } else if (nameIs(b, off, ERROR)) {
                    // older llama.cpp servers report a failure as an `error:` field instead of `data:`
                    appendData(b, valueStart, valueLength);
                    errorField = true;
                } else if (nameIs(b, off, RETRY)) {
                    retry(b, valueStart, valueLength);
                }
                break;
            case 2:
                if (nameIs(b, off, ID)) {
                    id(b, valueStart, valueLength);
                }
                break;
            default:
                break;
        }
    }

    private static boolean nameIs(byte[] b, int off, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (b[off + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private void appendData(byte[] b, int off, int len) {
        // the length the event would be dispatched with: the data so far plus this value, without the final '\n'
        long dispatched = (long) dataLength + len;
        if (maxEventSize > 0 && dispatched > maxEventSize || dispatched + 1 > MAX_ARRAY_SIZE) {
            throw new EventTooLargeException("event data", maxEventSize);
        }
        int needed = dataLength + len + 1;
        if (needed > data.length) {
            data = Arrays.copyOf(data, grow(data.length, needed));
        }
        System.arraycopy(b, off, data, dataLength, len);
        data[needed - 1] = LF;
        dataLength = needed;
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
        int end = off + len;
        for (int i = off; i < end; i++) {
            // WHATWG: an id containing NUL is ignored as a whole
            if (b[i] == 0) {
                return;
            }
        }
        lastEventId = new String(b, off, len, StandardCharsets.UTF_8);
    }

    private void retry(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        long value = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            // a value too large for a long is not a valid integer either
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return;
            }
            value = value * 10 + digit;
        }
        handler.onRetry(value);
    }

    private void dispatch() {
        if (dataLength == 0) {
            // no data field since the last dispatch: WHATWG drops the event but still forgets its type
            resetEvent();
            return;
        }
        String type = eventType;
        if (type == null && errorField) {
            type = ERROR_TYPE;
        }
        int length = dataLength - 1;
        // reset before calling out so that a throwing handler leaves the parser ready for the next event;
        // the bytes stay in the array until the next data line overwrites them
        resetEvent();
        eventCount++;
        handler.onEvent(type, data, 0, length);
    }

    private void resetEvent() {
        dataLength = 0;
        eventType = null;
        errorField = false;
        fieldSeen = false;
    }

    private static int grow(int capacity, int needed) {
        long doubled = (long) capacity << 1;
        return (int) Math.min(MAX_ARRAY_SIZE, Math.max(doubled, needed));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
