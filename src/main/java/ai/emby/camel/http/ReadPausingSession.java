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
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.locks.Lock;

import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.Command;
import org.apache.hc.core5.reactor.IOEventHandler;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.util.Timeout;

/**
 * An I/O session that reads nothing from the socket while read interest is withdrawn, which is how HttpCore pauses a
 * response whose consumer has exhausted its input window, and that never reports the end of the stream in the same
 * read event as bytes read before it.
 * <p>
 * Why pausing: HttpCore's HTTP/1.1 duplexer withdraws read interest when the window is exhausted, but within the
 * current read event its body decoder goes on refilling its buffer from the socket for as long as the socket has
 * bytes. A server that writes faster than a slow delta route consumes (a loopback firehose, or any server on httpcore5
 * 5.3, the version Camel 4.17 brings) would then be read without limit, and the deltas would pile up in memory.
 * Refusing the read (returning 0, "no data yet") ends that loop after the buffered bytes; the bytes stay in the kernel,
 * the server's writes block, and reading resumes when the window is granted again and read interest comes back. Over
 * TLS the decrypted bytes reach HttpCore through its TLS layer, which honours read interest itself.
 * <p>
 * Why holding the end of the stream back: HttpCore's chunked decoder ({@code ChunkDecoder.read}, httpcore5 5.3 and
 * 5.4) refills its buffer from the socket at every chunk boundary while it decodes into the duplexer's content buffer,
 * and hands that buffer to the response consumer only when {@code read} returns. When the socket then reports the end
 * of the stream before the last chunk, it throws ({@code ConnectionClosedException}, or
 * {@code TruncatedChunkException} for a chunk cut after its head) and the chunks it had already decoded in that call
 * are never consumed. That happens whenever the body bytes and the FIN are both in the socket when the client reads
 * (a cold JVM reads late, so a server's whole answer is waiting), and the text received before the cut would be lost.
 * So an end of stream that follows bytes read in the same read event is reported as 0: the decoder returns what it
 * decoded, HttpCore consumes it, and because a socket at its end stays readable the selector reports it again at once;
 * the first read of that next event, which has decoded nothing yet, gets the end of stream, and the decoder fails with
 * nothing lost. HttpCore marks the start of each read event by calling {@link #updateReadTime()} on this session.
 * Over TLS the end of the stream reaches HttpCore through its TLS layer after all decrypted bytes, so nothing is held.
 */
final class ReadPausingSession implements IOSession {

    /**
     * Reads that may report a held end of stream as 0 without a new read event in between. Only a safety net for an
     * HttpCore that stopped calling {@link #updateReadTime()} per read event: it would then spin through this many
     * reads, not forever. Within one event HttpCore reads about once per buffered chunk, far fewer times than this.
     */
    static final int MAX_HELD_READS = 1 << 20;

    private final IOSession session;

    // the state of the current read event; the session is read by its I/O reactor thread only
    private boolean bytesReadThisEvent;
    private int heldReads;

    ReadPausingSession(IOSession session) {
        this.session = session;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int interest;
        try {
            interest = session.getEventMask();
        } catch (CancelledKeyException closed) {
            // the session is closing: let the read report what the socket says
            return session.read(dst);
        }
        if ((interest & SelectionKey.OP_READ) == 0) {
            return 0;
        }
        int n = session.read(dst);
        if (n > 0) {
            bytesReadThisEvent = true;
        } else if (n < 0 && bytesReadThisEvent && heldReads < MAX_HELD_READS) {
            // the decoder may hold bytes of this event that nobody consumed yet: report the end in the next event
            heldReads++;
            return 0;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return session.write(src);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        session.close(closeMode);
    }

    @Override
    public String getId() {
        return session.getId();
    }

    @Override
    public IOEventHandler getHandler() {
        return session.getHandler();
    }

    @Override
    public void upgrade(IOEventHandler handler) {
        session.upgrade(handler);
    }

    @Override
    public Lock getLock() {
        return session.getLock();
    }

    @Override
    public void enqueue(Command command, Command.Priority priority) {
        session.enqueue(command, priority);
    }

    @Override
    public boolean hasCommands() {
        return session.hasCommands();
    }

    @Override
    public Command poll() {
        return session.poll();
    }

    @Override
    public ByteChannel channel() {
        // HttpCore's HTTP/1.1 code reads through the session itself, not through this channel
        return session.channel();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return session.getRemoteAddress();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return session.getLocalAddress();
    }

    @Override
    public int getEventMask() {
        return session.getEventMask();
    }

    @Override
    public void setEventMask(int ops) {
        session.setEventMask(ops);
    }

    @Override
    public void setEvent(int op) {
        session.setEvent(op);
    }

    @Override
    public void clearEvent(int op) {
        session.clearEvent(op);
    }

    @Override
    public Status getStatus() {
        return session.getStatus();
    }

    @Override
    public Timeout getSocketTimeout() {
        return session.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        session.setSocketTimeout(timeout);
    }

    @Override
    public long getLastReadTime() {
        return session.getLastReadTime();
    }

    @Override
    public long getLastWriteTime() {
        return session.getLastWriteTime();
    }

    @Override
    public long getLastEventTime() {
        return session.getLastEventTime();
    }

    @Override
    public void updateReadTime() {
        // HttpCore calls this on the session as a read event begins, before its handler reads (InternalDataChannel)
        bytesReadThisEvent = false;
        heldReads = 0;
        session.updateReadTime();
    }

    @Override
    public void updateWriteTime() {
        session.updateWriteTime();
    }

    @Override
    public String toString() {
        return session.toString();
    }
}
