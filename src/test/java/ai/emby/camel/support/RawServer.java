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
package ai.emby.camel.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A deliberately misbehaving HTTP/1.1 server on a raw {@link ServerSocket} (127.0.0.1, port 0), for fault tests.
 * <p>
 * Each connection is served on its own thread: the server reads the request head and its {@code Content-Length}
 * body, records the {@link Request}, then runs the next queued {@link Script} (or the {@link #always fallback})
 * with the socket and its output stream. A script writes whatever it likes, byte by byte if it wants: a status
 * line and headers ({@link #head}, or {@link #closeDelimitedHead} for a body that the close ends), chunks
 * ({@link #chunk}), half a chunk ({@link #partialChunk}), and it can stall ({@link #awaitClientClose}), reset
 * ({@link #rst}) or close ({@link #fin}) the connection. The socket is closed when the script returns. Every response says {@code Connection: close}, so one connection carries one
 * request and a script never has to care about keep-alive.
 * <p>
 * Use it as a JUnit extension ({@code @RegisterExtension}: started before and closed after each test) or as an
 * {@link AutoCloseable}.
 */
public final class RawServer implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    /** What the server does with one connection once it read the request. */
    @FunctionalInterface
    public interface Script {
        void run(Socket socket, OutputStream out) throws Exception;
    }

    /** One request as the server read it. */
    public static final class Request {
        public final String head;
        public final String body;
        public final long receivedNanos;

        Request(String head, String body, long receivedNanos) {
            this.head = head;
            this.body = body;
            this.receivedNanos = receivedNanos;
        }

        /** The first value of a request header (case-insensitive name), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private static final int MAX_HEAD = 64 * 1024;

    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Request> current = new ThreadLocal<>();
    private volatile Script fallback;
    private ServerSocket serverSocket;
    private ExecutorService threads;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    public RawServer start() throws IOException {
        scripts.clear();
        requests.clear();
        fallback = null;
        serverSocket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "raw-server");
            t.setDaemon(true);
            return t;
        });
        ServerSocket listening = serverSocket;
        threads.execute(() -> accept(listening));
        return this;
    }

    /** Stops listening, closes every open connection and stops the connection threads. */
    @Override
    public void close() {
        if (serverSocket != null) {
            closeQuietly(serverSocket);
            for (Socket socket : open) {
                closeQuietly(socket);
            }
            threads.shutdownNow();
            serverSocket = null;
        }
    }

    /** The base URL to configure, ending in /v1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort() + "/v1";
    }

    /** Queues the script for the next connection. */
    public RawServer enqueue(Script script) {
        scripts.add(script);
        return this;
    }

    /** The script for connections when the queue is empty (default: close the connection without a word). */
    public RawServer always(Script script) {
        this.fallback = script;
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    /** The request of the connection the calling script serves (call it from a script only). */
    public Request currentRequest() {
        return current.get();
    }

    /** Connections accepted and not closed yet (the script still runs, or waits for the client to close). */
    public int openConnections() {
        return open.size();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException | RuntimeException e) {
                // closed, or the executor is shut down: the server is stopping
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            byte[] body = in.readNBytes(contentLength(head));
            Request request = new Request(head, new String(body, StandardCharsets.UTF_8), System.nanoTime());
            requests.add(request);
            current.set(request);
            Script script = scripts.poll();
            if (script == null) {
                script = fallback;
            }
            if (script != null) {
                script.run(socket, socket.getOutputStream());
            }
        } catch (Exception e) {
            // the client went away, or the test ended while a script was stalling: both are normal here
        } finally {
            current.remove();
            open.remove(socket);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < end.length) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    // ---- building blocks for scripts ----------------------------------------------------------------------------

    /**
     * Writes a status line and headers for a chunked body ({@code Transfer-Encoding: chunked}, {@code Connection:
     * close}); contentType null sends none; extra headers as name, value, name, value...
     */
    public static void head(OutputStream out, int status, String contentType, String... headers) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Transfer-Encoding: chunked\r\nConnection: close\r\n");
        appendHeaders(head, headers);
        write(out, head.append("\r\n").toString());
    }

    /**
     * Writes a status line and headers for a body that ends when the connection closes: neither {@code Content-Length}
     * nor {@code Transfer-Encoding}, {@code Connection: close}; end the body with {@link #fin}.
     */
    public static void closeDelimitedHead(OutputStream out, int status, String contentType, String... headers)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Connection: close\r\n");
        appendHeaders(head, headers);
        write(out, head.append("\r\n").toString());
    }

    /** A whole response with a {@code Content-Length} body (empty body: {@code Content-Length: 0}). */
    public static void response(OutputStream out, int status, String contentType, String body, String... headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n");
        appendHeaders(head, headers);
        write(out, head.append("\r\n").toString());
        out.write(bytes);
        out.flush();
    }

    /** One chunk of a chunked body, flushed: one network write. */
    public static void chunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(out, Integer.toHexString(bytes.length) + "\r\n");
        out.write(bytes);
        write(out, "\r\n");
    }

    /** The last chunk: the body ended cleanly. */
    public static void lastChunk(OutputStream out) throws IOException {
        write(out, "0\r\n\r\n");
    }

    /** Announces a chunk {@code missing} bytes longer than the text it then writes: the rest never comes. */
    public static void partialChunk(OutputStream out, String text, int missing) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(out, Integer.toHexString(bytes.length + missing) + "\r\n");
        out.write(bytes);
        out.flush();
    }

    /** Writes the text as a chunked body of one-byte chunks, pausing between bytes. */
    public static void drip(OutputStream out, String text, long pauseMillis) throws IOException, InterruptedException {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            write(out, "1\r\n");
            out.write(b);
            write(out, "\r\n");
            Thread.sleep(pauseMillis);
        }
    }

    /** Resets the connection: SO_LINGER 0 makes close() send RST instead of FIN. */
    public static void rst(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Closes the connection normally (FIN), whatever was announced before. */
    public static void fin(Socket socket) throws IOException {
        socket.shutdownOutput();
        socket.close();
    }

    /**
     * Stalls: writes nothing and waits until the client closes the connection (true) or maxMillis pass (false).
     * What a stalled server looks like, and a way to see that the client really gave up the connection.
     */
    public static boolean awaitClientClose(Socket socket, long maxMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        InputStream in = socket.getInputStream();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                // reset by the client: it closed too
                return true;
            }
        }
    }

    public static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void appendHeaders(StringBuilder head, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
    }

    private static String reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 429:
                return "Too Many Requests";
            case 500:
                return "Internal Server Error";
            case 503:
                return "Service Unavailable";
            default:
                return "Status";
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
