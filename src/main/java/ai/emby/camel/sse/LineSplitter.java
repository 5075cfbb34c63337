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

/**
 * Splits an event stream's bytes into lines however the bytes are split across feeds: skips a BOM at the start (also
 * one split across feeds), ends lines at CR, LF or CRLF (also a CRLF split across feeds), and holds a line cut by the
 * end of a feed until its end arrives. Lines reach the sink in place from the caller's array; only a cut line is
 * copied.
 */
final class LineSplitter {

    /** Receives each complete line, without its line end. */
    @FunctionalInterface
    interface LineSink {
        void line(byte[] b, int off, int len);
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    private static final int DIRECT_CHUNK = 8192;

    private final BoundedBytes line;
    private final LineSink sink;
    private boolean lastWasCr;
    // how many bytes of a BOM have been matched at the start of the stream; bomDone once the start is behind us
    private int bomMatched;
    private boolean bomDone;
    private byte[] directChunk;

    /** @param line holds a line cut by the end of a feed; its limit is the longest line */
    LineSplitter(BoundedBytes line, LineSink sink) {
        this.line = line;
        this.sink = sink;
    }

    /** Splits all remaining bytes of src (advances its position to its limit). */
    void feed(ByteBuffer src) {
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

    void feed(byte[] bytes, int offset, int length) {
        int pos = offset;
        int end = offset + length;
        if (!bomDone) {
            pos = skipBom(bytes, pos, end);
        }
        split(bytes, pos, end);
    }

    /** Fails when one line of this length is over the limit. */
    void check(int len) {
        line.check(len);
    }

    /** A line has been started and not ended. */
    boolean hasCutLine() {
        return line.length() > 0;
    }

    boolean cutLineStartsWith(byte b) {
        return line.length() > 0 && line.array()[0] == b;
    }

    /** Bytes are held: a cut line, or the start of what may be a BOM. */
    boolean hasPending() {
        return line.length() > 0 || bomMatched > 0 && !bomDone;
    }

    /** Back to the start of a stream: the cut line is dropped, and a BOM is skipped again. */
    void reset() {
        line.clear();
        lastWasCr = false;
        bomMatched = 0;
        bomDone = false;
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
                    split(BOM, 0, held);
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

    private void split(byte[] b, int pos, int end) {
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
                line.append(b, pos, end - pos);
                return;
            }
            if (line.length() > 0) {
                line.append(b, pos, eol - pos);
                // reset first: the handler may throw, and the line must not be processed twice
                int n = line.length();
                line.clear();
                sink.line(line.array(), 0, n);
            } else {
                sink.line(b, pos, eol - pos);
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
}
