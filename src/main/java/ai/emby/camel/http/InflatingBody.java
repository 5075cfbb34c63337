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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * A gzip body inflated no faster than its reader takes it: back-pressure that counts decoded bytes.
 * <p>
 * HttpCore's input window counts the bytes on the wire, and gzip makes repetitive text a thousand times smaller, so a
 * window of compressed bytes inflated at once could put a thousand windows of text into memory. Here compressed
 * bytes are kept as they arrive, and inflated only while the reader has credit: a window of decoded bytes, after which
 * the listener is asked for more ({@link ResponseListener#onWindowExhausted}), just as it is asked for the wire window
 * of an uncompressed body. The wire window itself is given back only once every compressed byte kept has been
 * inflated, so what is kept is bounded too: one wire window of compressed bytes, one window of text.
 * <p>
 * Work comes from the I/O thread (bytes, the wire window, the end) and from the thread that gives the credit back (a
 * delivery worker). It runs on one of them at a time and in order, through a lock-free queue, so that neither thread
 * ever waits for the other (the reader takes the call's lock, which a cancel holds while it closes the connection).
 */
final class InflatingBody {

    /** Where the decoded body goes. Called by one thread at a time, in order. */
    interface Sink {
        /** One piece of decoded text; the buffer is reused after the call. */
        void decoded(ByteBuffer piece);

        /** The body ended, and everything before the end has been handed on. */
        void ended();

        /** The body broke, or is not gzip: nothing follows. */
        void failed(Exception cause);
    }

    private static final Object RESUME = new Object();
    private static final Object END = new Object();

    private final GzipDecoder decoder = new GzipDecoder();
    private final ResponseListener listener;
    private final Sink sink;
    private final int window;
    private final ConcurrentLinkedQueue<Object> work = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final ResponseListener.FlowControl resume = () -> submit(RESUME);
    private final byte[] out = new byte[16 * 1024];

    // confined to the thread that holds running
    private int credit;
    private boolean waitingForCredit;
    private CapacityChannel withheldWire;
    private boolean ended;
    private Exception failure;
    private boolean done;

    /** @param window decoded bytes handed on before the listener is asked for more */
    InflatingBody(ResponseListener listener, Sink sink, int window) {
        this.listener = listener;
        this.sink = sink;
        this.window = window;
        this.credit = window;
    }

    /** Compressed bytes of one network read (I/O thread); takes all of src. */
    void consume(ByteBuffer src) {
        if (running.compareAndSet(false, true)) {
            // the common case, nobody else at work: no copy. What others queued came first
            applyQueued();
            add(src);
            runHeld();
        } else {
            byte[] copy = new byte[src.remaining()];
            src.get(copy);
            submit(copy);
        }
    }

    /** HttpCore used up the wire window (I/O thread): given back once the bytes kept are inflated. */
    void wireExhausted(CapacityChannel channel) {
        submit(channel);
    }

    /** The body ended on the wire (I/O thread): reported after what is kept has been inflated. */
    void end() {
        submit(END);
    }

    /** The connection broke (I/O thread): reported after what is kept has been inflated. */
    void fail(Exception cause) {
        submit(cause);
    }

    private void submit(Object item) {
        work.add(item);
        if (running.compareAndSet(false, true)) {
            runHeld();
        }
    }

    /** Runs the work while holding running; a submit that raced with letting go is picked up. */
    private void runHeld() {
        for (;;) {
            applyQueued();
            step();
            running.set(false);
            if (work.isEmpty() || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void applyQueued() {
        Object item;
        while ((item = work.poll()) != null) {
            if (item == RESUME) {
                credit = window;
                waitingForCredit = false;
            } else if (item == END) {
                ended = true;
                withheldWire = null;
            } else if (item instanceof byte[]) {
                add(ByteBuffer.wrap((byte[]) item));
            } else if (item instanceof CapacityChannel) {
                withheldWire = (CapacityChannel) item;
            } else {
                failure = (Exception) item;
                withheldWire = null;
            }
        }
    }

    private void add(ByteBuffer src) {
        if (done) {
            src.position(src.limit());
            return;
        }
        try {
            decoder.add(src);
        } catch (IOException e) {
            broke(e);
        }
    }

    private void step() {
        if (done) {
            return;
        }
        while (!waitingForCredit && credit > 0 && decoder.hasPending()) {
            int n;
            try {
                n = decoder.inflate(out, Math.min(credit, out.length));
            } catch (IOException e) {
                broke(e);
                return;
            }
            if (n > 0) {
                credit -= n;
                sink.decoded(ByteBuffer.wrap(out, 0, n));
            }
        }
        if (decoder.hasPending()) {
            if (!waitingForCredit) {
                // may resume at once (a reader that never falls behind): the RESUME is queued and picked up
                waitingForCredit = true;
                listener.onWindowExhausted(resume);
            }
            return;
        }
        if (failure != null || ended) {
            done = true;
            decoder.end();
            if (failure != null) {
                sink.failed(failure);
            } else {
                sink.ended();
            }
            return;
        }
        if (withheldWire != null && !waitingForCredit) {
            CapacityChannel wire = withheldWire;
            withheldWire = null;
            try {
                wire.update(StreamingResponseConsumer.WINDOW_INCREMENT);
            } catch (IOException e) {
                // the connection is gone: the client reports it through failed(), which ends the stream
                broke(e);
            }
        }
    }

    private void broke(IOException e) {
        done = true;
        decoder.end();
        sink.failed(e);
    }
}
