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

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenAI-compatible HTTP server on loopback for tests: answers POST /v1/chat/completions with the responses
 * queued by the test (in order), and records every request it received.
 */
public class LlmServer implements BeforeEachCallback, AfterEachCallback {

    /** Writes one response. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws Exception;
    }

    /** One request as the server saw it. */
    public static final class Request {
        public final String method;
        public final String path;
        /** The raw query string, or null when the request URI had none. */
        public final String query;
        public final Headers headers;
        public final String body;
        public final long receivedNanos = System.nanoTime();
        /** Wall-clock time of arrival, to compare with an HTTP date. */
        public final long receivedWallMillis = System.currentTimeMillis();

        Request(String method, String path, String query, Headers headers, String body) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.headers = headers;
            this.body = body;
        }

        public Map<String, Object> json() {
            try {
                return new ObjectMapper().readValue(body, new TypeReference<Map<String, Object>>() {
                });
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final BlockingQueue<Responder> responders = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Responder fallback;
    private HttpServer server;
    private ExecutorService executor;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    public void start() throws IOException {
        // a static extension serves every test of a class: each test starts from an empty record
        requests.clear();
        responders.clear();
        fallback = null;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        // one thread per stream: tests run concurrent and slow streams
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** The port it listens on, on the loopback address. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL to configure, ending in /v1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues the response to the next request. */
    public LlmServer enqueue(Responder responder) {
        responders.add(responder);
        return this;
    }

    /** The response given when the queue is empty (default: 500 with a JSON error). */
    public LlmServer always(Responder responder) {
        this.fallback = responder;
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    public Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), body));
            Responder responder = responders.poll();
            if (responder == null) {
                responder = fallback;
            }
            if (responder == null) {
                responder = Responses.json(500, "{\"error\":{\"message\":\"no response queued in the test\"}}");
            }
            responder.respond(exchange);
        } catch (IOException e) {
            // the client went away mid-response: what a cancelled stream looks like from here
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    /** Waits until the server has received n requests. */
    public void awaitRequests(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (requests.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " requests, got " + requests.size());
            }
            Thread.sleep(10);
        }
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
