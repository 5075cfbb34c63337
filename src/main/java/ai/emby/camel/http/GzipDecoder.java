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
import java.util.function.Consumer;
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
    private final byte[] output = new byte[16 * 1024];
    private final byte[] header = new byte[10];
    private int headerRead;
    private int flags;
    private int extraRemaining = -1;
    private boolean headerDone;
    private boolean finished;

    /** Decodes what src holds and hands each decoded piece to sink (the buffer is reused after the call). */
    void decode(ByteBuffer src, Consumer<ByteBuffer> sink) throws IOException {
        while (src.hasRemaining() && !headerDone) {
            readHeader(src);
        }
        if (!headerDone || finished || !src.hasRemaining()) {
            // the 8-byte trailer (CRC, size) after the deflate data carries nothing the stream needs
            src.position(src.limit());
            return;
        }
        byte[] input = new byte[src.remaining()];
        src.get(input);
        inflater.setInput(input);
        try {
            while (!inflater.needsInput() && !inflater.finished()) {
                int n = inflater.inflate(output);
                if (n > 0) {
                    sink.accept(ByteBuffer.wrap(output, 0, n));
                } else if (inflater.needsDictionary()) {
                    throw new IOException("gzip body needs a preset dictionary, which gzip never uses");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("The gzip-encoded response body is corrupt: " + e.getMessage(), e);
        }
        finished = inflater.finished();
    }

    void end() {
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
