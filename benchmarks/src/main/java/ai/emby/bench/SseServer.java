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
package ai.emby.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A fast OpenAI-compatible SSE server for the benchmarks. It runs in its own JVM (BenchmarkMain launches it) so that
 * its threads, CPU and heap never show in the client's numbers.
 * <p>
 * {@code POST /v1/chat/completions} streams N deltas {@code "tok "} with a delay between them, then a finish chunk, a
 * usage chunk, {@code data: [DONE]} and the last HTTP chunk, on a keep-alive connection. N and the delay come from the
 * model name {@code bench-N-DELAYMS} (every client can set a model), or from the headers {@code x-bench-deltas} and
 * {@code x-bench-delay-ms}.
 * <p>
 * NIO with a few selector threads, so 2,000 open streams cost no 2,000 threads; paced streams are written by a
 * scheduler, unpaced ones in large batches by the selector thread whenever the socket can take more.
 * Prints {@code PORT <n>} on stdout once it listens; exits when its stdin closes (the harness ended).
 */
public final class SseServer {

    static final String DELTA_TEXT = "tok ";
    static final int DEFAULT_DELTAS = 20;

    private static final Pattern BENCH_MODEL = Pattern.compile("bench-(\\d+)-(\\d+)");
    private static final String CHUNK_PREFIX =
            "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
    private static final byte[] RESPONSE_HEAD = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                                       + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n"
                                                       + "x-request-id: bench\r\n\r\n");
    private static final byte[] ROLE = chunk(event("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                                                    + "\"content\":\"\"},\"finish_reason\":null}]"));
    private static final String DELTA_EVENT = event("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + DELTA_TEXT
                                                    + "\"},\"finish_reason\":null}]");
    private static final byte[] DELTA = chunk(DELTA_EVENT);
    /** Deltas per batch when no delay is asked: one ~75 KB write, so the server is never the bottleneck. */
    private static final int BATCH = 512;
    private static final byte[] DELTA_BATCH = chunk(DELTA_EVENT.repeat(BATCH));

    /**
     * The events of one protocol: chat chunks for {@code /chat/completions}, the Responses API's typed events for
     * {@code /responses}, at the same pacing and sizes. The Responses deltas carry no {@code sequence_number} so that
     * a batch can be one precomputed buffer, as for chat (the client checks a number only when one is sent).
     */
    private record Wire(byte[] role, String deltaEvent, byte[] delta, byte[] deltaBatch, boolean responses) {

        static Wire of(byte[] role, String deltaEvent, boolean responses) {
            return new Wire(role, deltaEvent, chunk(deltaEvent), chunk(deltaEvent.repeat(BATCH)), responses);
        }

        byte[] tail(long deltas) {
            return responses ? responsesTail(deltas) : SseServer.tail(deltas);
        }
    }

    private static final Wire CHAT = new Wire(ROLE, DELTA_EVENT, DELTA, DELTA_BATCH, false);
    private static final Wire RESPONSES = Wire.of(
            chunk("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"x\","
                  + "\"status\":\"in_progress\",\"model\":\"m\"}}\n\n"),
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_x\","
            + "\"output_index\":0,\"content_index\":0,\"delta\":\"" + DELTA_TEXT + "\"}\n\n",
            true);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Worker[] workers;
    private final ScheduledExecutorService pacer;

    private SseServer(int selectorThreads, int pacerThreads) throws IOException {
        workers = new Worker[selectorThreads];
        for (int i = 0; i < selectorThreads; i++) {
            workers[i] = new Worker(i);
            workers[i].start();
        }
        pacer = Executors.newScheduledThreadPool(pacerThreads, r -> {
            Thread t = new Thread(r, "sse-pacer");
            t.setDaemon(true);
            return t;
        });
    }

    public static void main(String[] args) throws Exception {
        int selectors = Integer.getInteger("sse.selectors", 2);
        int pacers = Integer.getInteger("sse.pacers", 2);
        SseServer server = new SseServer(selectors, pacers);
        ServerSocketChannel listener = ServerSocketChannel.open();
        // a backlog that holds 2,000 connects arriving at once (the kernel caps it at somaxconn)
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
        PrintStream out = System.out;
        out.println("PORT " + ((InetSocketAddress) listener.getLocalAddress()).getPort());
        out.flush();
        Thread watchdog = new Thread(() -> {
            // the harness holds our stdin: when it ends, so do we, even if it was killed
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent on it
                }
            } catch (IOException ignored) {
                // same as end of input
            }
            System.exit(0);
        }, "sse-stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int next = 0;
        for (;;) {
            SocketChannel channel = listener.accept();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.workers[next++ % server.workers.length].add(new Connection(server, channel));
        }
    }

    // ---- one selector thread ----------------------------------------------------------------------------------------

    private static final class Worker extends Thread {
        final Selector selector;
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        Worker(int index) throws IOException {
            super("sse-selector-" + index);
            setDaemon(true);
            selector = Selector.open();
        }

        void add(Connection connection) {
            connection.worker = this;
            execute(() -> {
                try {
                    connection.key = connection.channel.register(selector, SelectionKey.OP_READ, connection);
                } catch (IOException e) {
                    connection.close();
                }
            });
        }

        void execute(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                for (;;) {
                    selector.select();
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        task.run();
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        Connection connection = (Connection) key.attachment();
                        if (!key.isValid()) {
                            connection.close();
                            continue;
                        }
                        if (key.isWritable()) {
                            connection.onWritable();
                        }
                        if (key.isValid() && key.isReadable()) {
                            connection.onReadable();
                        }
                    }
                }
            } catch (IOException e) {
                e.printStackTrace();
                System.exit(1);
            }
        }
    }

    // ---- one client connection --------------------------------------------------------------------------------------

    private static final class Connection {
        final SseServer server;
        final SocketChannel channel;
        Worker worker;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        // guarded by this: the selector thread and the pacer both write
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        boolean closed;
        boolean responding;
        // the protocol of the request being answered
        Wire wire = CHAT;
        long bulkLeft;
        byte[] bulkTail;
        ScheduledFuture<?> ticker;

        Connection(SseServer server, SocketChannel channel) {
            this.server = server;
            this.channel = channel;
        }

        void onReadable() {
            int read;
            try {
                if (!in.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                    in.flip();
                    bigger.put(in);
                    in = bigger;
                }
                read = channel.read(in);
            } catch (IOException e) {
                close();
                return;
            }
            if (read < 0) {
                close();
                return;
            }
            synchronized (this) {
                if (!responding) {
                    parseRequest();
                }
            }
        }

        /** Handles one complete request from the input buffer, if there is one. */
        private void parseRequest() {
            byte[] data = in.array();
            int end = in.position();
            int headerEnd = indexOf(data, end);
            if (headerEnd < 0) {
                return;
            }
            String head = new String(data, 0, headerEnd, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            int contentLength = 0;
            long deltasHeader = -1;
            long delayHeader = -1;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length":
                        contentLength = Integer.parseInt(value);
                        break;
                    case "transfer-encoding":
                        // no client of the benchmark chunks its request; say so rather than misread the body
                        respondError(501, "chunked request bodies are not supported");
                        return;
                    case "x-bench-deltas":
                        deltasHeader = Long.parseLong(value);
                        break;
                    case "x-bench-delay-ms":
                        delayHeader = Long.parseLong(value);
                        break;
                    default:
                        break;
                }
            }
            int bodyStart = headerEnd + 4;
            if (end - bodyStart < contentLength) {
                return;
            }
            String body = new String(data, bodyStart, contentLength, StandardCharsets.UTF_8);
            // keep what follows (a pipelined request, which no client sends) for later
            int consumed = bodyStart + contentLength;
            System.arraycopy(data, consumed, data, 0, end - consumed);
            in.position(end - consumed);

            String path = requestLine.length > 1 ? requestLine[1] : "";
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            if (!"POST".equals(requestLine[0]) || !path.endsWith("/chat/completions") && !path.endsWith("/responses")) {
                respondError(404, "only POST /v1/chat/completions and POST /v1/responses are served");
                return;
            }
            wire = path.endsWith("/responses") ? RESPONSES : CHAT;
            long deltas = DEFAULT_DELTAS;
            long delay = 0;
            try {
                JsonNode json = MAPPER.readTree(body);
                Matcher model = BENCH_MODEL.matcher(json.path("model").asText(""));
                if (model.matches()) {
                    deltas = Long.parseLong(model.group(1));
                    delay = Long.parseLong(model.group(2));
                }
            } catch (IOException e) {
                respondError(400, "the body is not JSON: " + e.getMessage());
                return;
            }
            deltas = deltasHeader >= 0 ? deltasHeader : deltas;
            delay = delayHeader >= 0 ? delayHeader : delay;
            stream(deltas, delay);
        }

        private void respondError(int status, String message) {
            byte[] json = ("{\"error\":{\"message\":\"" + message.replace("\"", "'") + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            write(ByteBuffer.wrap(ascii("HTTP/1.1 " + status + " Error\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: " + json.length + "\r\n\r\n")));
            write(ByteBuffer.wrap(json));
        }

        private void stream(long deltas, long delayMillis) {
            responding = true;
            byte[] tail = wire.tail(deltas);
            if (delayMillis <= 0) {
                // unpaced: the selector thread writes batches whenever the socket takes more
                bulkLeft = deltas;
                bulkTail = tail;
                write(ByteBuffer.wrap(RESPONSE_HEAD));
                write(ByteBuffer.wrap(wire.role()));
                pumpBulk();
                return;
            }
            // paced: the first delta goes out with the headers, one more every delayMillis
            write(ByteBuffer.wrap(RESPONSE_HEAD));
            write(ByteBuffer.wrap(wire.role()));
            if (deltas == 0) {
                finishResponse(tail);
                return;
            }
            write(ByteBuffer.wrap(wire.delta()));
            long[] left = {deltas - 1};
            if (left[0] == 0) {
                finishResponse(tail);
                return;
            }
            ticker = server.pacer.scheduleAtFixedRate(() -> {
                synchronized (this) {
                    if (closed) {
                        ticker.cancel(false);
                        return;
                    }
                    write(ByteBuffer.wrap(wire.delta()));
                    if (--left[0] == 0) {
                        ticker.cancel(false);
                        finishResponse(tail);
                    }
                }
            }, delayMillis, delayMillis, TimeUnit.MILLISECONDS);
        }

        /** Writes batches until the socket is full (then OP_WRITE resumes it) or every delta is out. */
        private void pumpBulk() {
            while (bulkLeft > 0 && pending.isEmpty() && !closed) {
                if (bulkLeft >= BATCH) {
                    bulkLeft -= BATCH;
                    write(ByteBuffer.wrap(wire.deltaBatch()));
                } else {
                    int n = (int) bulkLeft;
                    bulkLeft = 0;
                    write(ByteBuffer.wrap(chunk(wire.deltaEvent().repeat(n))));
                }
            }
            if (bulkLeft == 0 && bulkTail != null && pending.isEmpty()) {
                byte[] tail = bulkTail;
                bulkTail = null;
                finishResponse(tail);
            }
        }

        private void finishResponse(byte[] tail) {
            write(ByteBuffer.wrap(tail));
            responding = false;
            if (in.position() > 0) {
                // a request that came in while we streamed: handle it on the selector thread
                worker.execute(() -> {
                    synchronized (this) {
                        if (!responding && !closed) {
                            parseRequest();
                        }
                    }
                });
            }
        }

        /** Writes now if nothing is queued; whatever the socket does not take waits for OP_WRITE. */
        private void write(ByteBuffer buffer) {
            if (closed) {
                return;
            }
            if (pending.isEmpty()) {
                try {
                    channel.write(buffer);
                } catch (IOException e) {
                    close();
                    return;
                }
                if (!buffer.hasRemaining()) {
                    return;
                }
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                if (Thread.currentThread() != worker) {
                    worker.selector.wakeup();
                }
            }
            pending.add(buffer);
        }

        synchronized void onWritable() {
            try {
                while (!pending.isEmpty()) {
                    ByteBuffer head = pending.peek();
                    channel.write(head);
                    if (head.hasRemaining()) {
                        return;
                    }
                    pending.poll();
                }
            } catch (IOException e) {
                close();
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
            if (bulkLeft > 0 || bulkTail != null) {
                pumpBulk();
            }
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            if (ticker != null) {
                ticker.cancel(false);
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ---- encoding ---------------------------------------------------------------------------------------------------

    private static byte[] tail(long deltas) {
        String finish = event("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]");
        String usage = event("\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":" + deltas
                             + ",\"total_tokens\":" + (deltas + 8) + "}");
        byte[] events = chunk(finish + usage + "data: [DONE]\n\n");
        byte[] last = ascii("0\r\n\r\n");
        byte[] tail = new byte[events.length + last.length];
        System.arraycopy(events, 0, tail, 0, events.length);
        System.arraycopy(last, 0, tail, events.length, last.length);
        return tail;
    }

    private static byte[] responsesTail(long deltas) {
        byte[] events = chunk("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{"
                              + "\"id\":\"x\",\"status\":\"completed\",\"model\":\"m\",\"usage\":{\"input_tokens\":8,"
                              + "\"output_tokens\":" + deltas + ",\"total_tokens\":" + (deltas + 8) + "}}}\n\n");
        byte[] last = ascii("0\r\n\r\n");
        byte[] tail = new byte[events.length + last.length];
        System.arraycopy(events, 0, tail, 0, events.length);
        System.arraycopy(last, 0, tail, events.length, last.length);
        return tail;
    }

    private static String event(String fields) {
        return "data: " + CHUNK_PREFIX + fields + "}\n\n";
    }

    /** One HTTP/1.1 chunk holding the given text. */
    private static byte[] chunk(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] size = ascii(Integer.toHexString(data.length) + "\r\n");
        byte[] chunk = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(data, 0, chunk, size.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where the blank line after the headers starts, or -1. */
    private static int indexOf(byte[] data, int end) {
        for (int i = 0; i + 3 < end; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
