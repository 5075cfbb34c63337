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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a gzip body incrementally, one network read at a time. HttpClient 5.6 could do it, 5.5 (which Camel 4.17
 * ships) cannot, and the component needs to see decoded bytes to bound them: its own decoding is off on both.
 */
final class GzipDecoder {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final Inflater inflater = new Inflater(true);
    private final byte[] header = new byte[10];
    // compressed bytes not inflated yet: input[0, inputLength), of which the inflater has not read the last
    // getRemaining(); kept here between reads, so that inflating can wait for the reader (back-pressure)
    private byte[] input = new byte[16 * 1024];
    private int inputLength;
    private int headerRead;
    private int flags;
    private int extraRemaining = -1;
    private boolean headerDone;
    private boolean finished;
    private boolean ended;
    // the last inflate filled its output: zlib may hold more output although all input was read
    private boolean outputFull;
    // the last inflate made nothing: what is left of the input needs more input before it yields a byte
    private boolean starved;

    /** Takes all of src: the header is read at once, the deflate data is kept for {@link #inflate}. */
    void add(ByteBuffer src) throws IOException {
        while (src.hasRemaining() && !headerDone) {
            readHeader(src);
        }
        if (!headerDone || finished || ended || !src.hasRemaining()) {
            // the 8-byte trailer (CRC, size) after the deflate data carries nothing the stream needs
            src.position(src.limit());
            return;
        }
        int remaining = inflater.getRemaining();
        int needed = remaining + src.remaining();
        if (needed > input.length) {
            byte[] larger = new byte[Math.max(needed, input.length * 2)];
            System.arraycopy(input, inputLength - remaining, larger, 0, remaining);
            input = larger;
        } else if (remaining > 0) {
            System.arraycopy(input, inputLength - remaining, input, 0, remaining);
        }
        inputLength = remaining + src.remaining();
        src.get(input, remaining, src.remaining());
        inflater.setInput(input, 0, inputLength);
        starved = false;
    }

    /** Compressed bytes are waiting to be inflated (or inflated bytes to be taken). */
    boolean hasPending() {
        return !finished && !ended && !starved && (outputFull || !inflater.needsInput());
    }

    /** Inflates at most max bytes into out[0, max); 0 when nothing is pending. */
    int inflate(byte[] out, int max) throws IOException {
        if (!hasPending()) {
            return 0;
        }
        try {
            int n = inflater.inflate(out, 0, max);
            if (n == 0 && inflater.needsDictionary()) {
                throw new IOException("gzip body needs a preset dictionary, which gzip never uses");
            }
            finished = inflater.finished();
            outputFull = n == max;
            starved = n == 0;
            return n;
        } catch (DataFormatException e) {
            throw new IOException("The gzip-encoded response body is corrupt: " + e.getMessage(), e);
        }
    }

    /** Frees the inflater; nothing is inflated afterwards. */
    void end() {
        ended = true;
        inflater.end();
    }

    private void readHeader(ByteBuffer src) throws IOException {
        if (headerRead < header.length) {
            header[headerRead++] = src.get();
            if (headerRead == header.length) {
                if ((header[0] & 0xFF) != 0x1F || (header[1] & 0xFF) != 0x8B || header[2] != 8) {
                    throw new IOException("The response says Content-Encoding: gzip but the body is not gzip");
                }
                flags = header[3] & 0xFF;
                headerDone = flags == 0;
            }
            return;
        }
        // optional header fields, in the order RFC 1952 defines them
        if ((flags & FEXTRA) != 0) {
            if (extraRemaining < 0) {
                if (src.remaining() < 2) {
                    // rare: the two length bytes are split across reads; take them one by one
                    extraRemaining = -2 - (src.get() & 0xFF);
                    return;
                }
                extraRemaining = (src.get() & 0xFF) | ((src.get() & 0xFF) << 8);
            } else if (extraRemaining <= -2) {
                extraRemaining = (-2 - extraRemaining) | ((src.get() & 0xFF) << 8);
            }
            int skip = Math.min(extraRemaining, src.remaining());
            src.position(src.position() + skip);
            extraRemaining -= skip;
            if (extraRemaining == 0) {
                flags &= ~FEXTRA;
            }
        } else if ((flags & FNAME) != 0) {
            if (src.get() == 0) {
                flags &= ~FNAME;
            }
        } else if ((flags & FCOMMENT) != 0) {
            if (src.get() == 0) {
                flags &= ~FCOMMENT;
            }
        } else if ((flags & FHCRC) != 0) {
            src.get();
            if (++headerRead == header.length + 2) {
                flags &= ~FHCRC;
            }
        }
        headerDone = (flags & (FEXTRA | FNAME | FCOMMENT | FHCRC)) == 0;
    }
}
