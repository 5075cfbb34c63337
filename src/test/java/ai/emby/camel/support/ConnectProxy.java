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
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forward proxy for HTTPS on loopback, as a corporate network has one: it answers a {@code CONNECT} without the
 * expected {@code Proxy-Authorization} with 407 and a Basic challenge, and one with it by opening a tunnel to the
 * requested host, whose bytes it then copies both ways without looking at them (they are TLS).
 */
public final class ConnectProxy implements AutoCloseable {

    private final String expectedAuthorization;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-connect-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger challenges = new AtomicInteger();
    private final AtomicInteger tunnels = new AtomicInteger();

    private ConnectProxy(String expectedAuthorization) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    /** Starts a proxy that lets a CONNECT through only with this Proxy-Authorization value. */
    public static ConnectProxy start(String expectedAuthorization) throws IOException {
        return new ConnectProxy(expectedAuthorization);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** CONNECT requests answered with 407. */
    public int challenges() {
        return challenges.get();
    }

    /** Tunnels opened. */
    public int tunnels() {
        return tunnels.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head;
            while ((head = readHead(in)) != null) {
                String target = head.split(" ", 3)[1];
                if (!expectedAuthorization.equals(header(head, "proxy-authorization"))) {
                    challenges.incrementAndGet();
                    write(out, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
                               + "Content-Length: 0\r\n\r\n");
                    continue;
                }
                int colon = target.lastIndexOf(':');
                try (Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
                    tunnels.incrementAndGet();
                    write(out, "HTTP/1.1 200 Connection established\r\n\r\n");
                    threads.submit(() -> copy(upstream, client));
                    copy(client, upstream);
                }
                return;
            }
        } catch (IOException e) {
            // the client or the upstream went away: the tunnel ends with it
        }
    }

    /** The request head up to its blank line, or null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed: the other copy ends too
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
