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
package ai.emby.examples.quarkus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1, started before Quarkus so that its port can go into the
 * application's configuration: {@link #start()} returns {@code camel.component.emby.base-url} and
 * {@code camel.component.emby.api-key} overrides pointing the component at it.
 * <p>
 * {@code POST /v1/chat/completions} with {@code Authorization: Bearer }{@value #API_KEY} answers with
 * {@code chat.completion.chunk} server-sent events: a role chunk, one chunk per entry of {@link #DELTAS}, a finish chunk,
 * a usage chunk with {@code choices: []}, then {@code data: [DONE]}. A request whose body contains
 * {@value #FAIL_TRIGGER} (in any case) gets two deltas and then an in-stream error. Every request body is kept, in order, in the list
 * injected into a test field named {@code serverRequests}.
 */
public class LoopbackChatServer implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "test-key-from-the-test-resource";
    static final String MODEL = "loopback-model";
    static final String REQUEST_ID = "req-loopback";
    static final List<String> DELTAS = List.of("Rivers", " meander", " because", " water", " erodes", " the",
            " outer", " bank.");
    static final int PROMPT_TOKENS = 21;
    static final String FAIL_TRIGGER = "please fail";
    static final String FAILURE_MESSAGE = "the loopback server failed on purpose";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger streams = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the loopback server", e);
        }
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "loopback-chat-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
        return Map.of(
                "camel.component.emby.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "camel.component.emby.api-key", API_KEY);
    }

    @Override
    public void inject(TestInjector testInjector) {
        // a JDK type, so the test sees the same list whichever class loader loaded it
        testInjector.injectIntoFields(requests, field -> field.getName().equals("serverRequests"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, 405, "use POST");
                return;
            }
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                sendError(exchange, 401, "wrong or missing API key");
                return;
            }
            requests.add(body);
            stream(exchange, body);
        }
    }

    private void stream(HttpExchange exchange, String body) throws IOException {
        String id = "chatcmpl-loopback-" + streams.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("x-request-id", REQUEST_ID);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        send(out, chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null));
        if (body.toLowerCase(Locale.ROOT).contains(FAIL_TRIGGER)) {
            send(out, chunk(id, "{\"content\":\"" + DELTAS.get(0) + "\"}", null));
            send(out, chunk(id, "{\"content\":\"" + DELTAS.get(1) + "\"}", null));
            send(out, "{\"error\":{\"message\":\"" + FAILURE_MESSAGE + "\",\"type\":\"server_error\"}}");
            return;
        }
        for (String delta : DELTAS) {
            send(out, chunk(id, "{\"content\":\"" + delta + "\"}", null));
        }
        send(out, chunk(id, "{}", "stop"));
        send(out, "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                  + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":"
                  + DELTAS.size() + ",\"total_tokens\":" + (PROMPT_TOKENS + DELTAS.size()) + "}}");
        send(out, "[DONE]");
    }

    private static String chunk(String id, String delta, String finishReason) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"" + MODEL
               + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
               + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
