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
package ai.emby.examples.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1 for the tests: {@code POST /v1/chat/completions} answers
 * with server-sent events, as OpenAI streams them: a role chunk, one {@code chat.completion.chunk} per entry of
 * {@link #DELTAS} (a few milliseconds apart), a chunk with {@code finish_reason: "stop"}, a usage chunk with
 * {@code choices: []}, then {@code data: [DONE]}. It keeps the headers and the body of the last request.
 */
final class LoopbackChatServer implements AutoCloseable {

    static final List<String> DELTAS = List.of("Apache", " Camel", " is", " an", " integration", " framework", ".");
    static final String ANSWER = String.join("", DELTAS);
    static final int PROMPT_TOKENS = 21;
    static final int COMPLETION_TOKENS = DELTAS.size();

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Map<String, String> lastHeaders;
    private volatile String lastBody;

    LoopbackChatServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port", e);
        }
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "loopback-chat-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The value for {@code camel.component.emby.base-url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The headers of the last request, names in lower case. */
    Map<String, String> lastHeaders() {
        return lastHeaders;
    }

    /** The JSON body of the last request. */
    String lastBody() {
        return lastBody;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                lastBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            lastHeaders = headers;

            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("x-request-id", "req-loopback-1");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            send(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            for (String delta : DELTAS) {
                Thread.sleep(5);
                send(out, chunk("{\"content\":\"" + delta + "\"}", null));
            }
            send(out, chunk("{}", "stop"));
            send(out, "{\"id\":\"chatcmpl-loopback\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                      + "\"model\":\"loopback-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS
                      + ",\"completion_tokens\":" + COMPLETION_TOKENS + ",\"total_tokens\":"
                      + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}}");
            send(out, "[DONE]");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-loopback\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
               + "\"model\":\"loopback-model\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
               + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
