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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.zip.GZIPOutputStream;

import org.apache.hc.core5.http.nio.CapacityChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the decoded-bytes window of a gzip body: at most one window of text is handed on before the listener gives
 * credit back, the wire window is withheld while compressed bytes wait, the end is reported only after everything
 * kept was inflated, and a reader that never falls behind gets the whole body at once. No sockets: the HttpCore side
 * is played by the test.
 */
class InflatingBodyTest {

    private static final int WINDOW = 65_535;
    /** Ten megabytes of one letter: gzip makes it about ten kilobytes. */
    private static final int TEXT_BYTES = 10 * 1024 * 1024;

    private final Deque<ResponseListener.FlowControl> paused = new ArrayDeque<>();
    private boolean resumeAtOnce;
    private long decoded;
    private boolean ended;
    private Exception failure;
    private int wireUpdates;

    private final InflatingBody body = new InflatingBody(new Listener(), new InflatingBody.Sink() {
        @Override
        public void decoded(ByteBuffer piece) {
            decoded += piece.remaining();
            piece.position(piece.limit());
        }

        @Override
        public void ended() {
            ended = true;
        }

        @Override
        public void failed(Exception cause) {
            failure = cause;
        }
    }, WINDOW);

    private final CapacityChannel wire = increment -> wireUpdates++;

    @Test
    void aWindowOfTextAtATime() throws IOException {
        byte[] gzip = gzip(TEXT_BYTES);
        feed(gzip);
        body.wireExhausted(wire);
        body.end();

        assertThat(decoded).as("text handed on before any credit came back").isEqualTo(WINDOW);
        assertThat(paused).hasSize(1);
        assertThat(wireUpdates).as("the wire window is withheld while compressed bytes wait").isZero();
        assertThat(ended).as("the end waits for what is kept").isFalse();

        int resumes = 0;
        while (!ended && resumes < TEXT_BYTES) {
            long before = decoded;
            paused.poll().resume();
            resumes++;
            assertThat(decoded - before).isLessThanOrEqualTo(WINDOW);
        }

        assertThat(ended).isTrue();
        assertThat(decoded).isEqualTo(TEXT_BYTES);
        assertThat(failure).isNull();
    }

    @Test
    void theWireWindowIsGivenBackOnceTheKeptBytesAreInflated() throws IOException {
        byte[] gzip = gzip(WINDOW / 2);
        feed(gzip);
        body.wireExhausted(wire);

        assertThat(decoded).isEqualTo(WINDOW / 2);
        assertThat(wireUpdates).isEqualTo(1);
    }

    @Test
    void aReaderThatNeverFallsBehindGetsTheWholeBodyAtOnce() throws IOException {
        resumeAtOnce = true;
        feed(gzip(TEXT_BYTES));
        body.end();

        assertThat(decoded).isEqualTo(TEXT_BYTES);
        assertThat(ended).isTrue();
    }

    @Test
    void aCorruptBodyFails() {
        byte[] notDeflate = { 0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f };
        body.consume(ByteBuffer.wrap(notDeflate));
        body.end();

        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
        assertThat(ended).isFalse();
    }

    /** In pieces of 8 KB, as HttpCore hands a body on. */
    private void feed(byte[] gzip) {
        for (int from = 0; from < gzip.length; from += 8192) {
            body.consume(ByteBuffer.wrap(gzip, from, Math.min(8192, gzip.length - from)));
        }
    }

    private static byte[] gzip(int textBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            byte[] text = "a".repeat(64 * 1024).getBytes();
            for (int left = textBytes; left > 0; left -= text.length) {
                out.write(text, 0, Math.min(left, text.length));
            }
        }
        return bytes.toByteArray();
    }

    private final class Listener implements ResponseListener {
        @Override
        public BodyMode onHead(ResponseHead head) {
            return BodyMode.EVENTS;
        }

        @Override
        public void onUndecodableBody(String message) {
        }

        @Override
        public void onRead(Runnable read) {
            read.run();
        }

        @Override
        public void onEvent(String eventType, byte[] data, int offset, int length) {
        }

        @Override
        public void onOversizedEvent(String message) {
        }

        @Override
        public void onBytes(ByteBuffer src) {
        }

        @Override
        public void onEnd(boolean lastEventUnterminated) {
        }

        @Override
        public void onFailure(Exception cause) {
        }

        @Override
        public void onWindowExhausted(FlowControl flowControl) {
            if (resumeAtOnce) {
                flowControl.resume();
            } else {
                paused.add(flowControl);
            }
        }
    }
}
