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
package ai.emby.examples.kafkascaleout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenAI-compatible Chat Completions server on 127.0.0.1, paced like a model: it streams
 * {@link #answerFor(String, int) a deterministic answer} one word per chunk, waiting {@code delayMillis} before each
 * chunk. A test therefore knows the exact text of every answer, and a stream stays open for
 * {@code words * delayMillis}, long enough to kill the instance that reads it.
 */
public final class ChatSimulator implements AutoCloseable {

    /** A prompt that starts with this gets three deltas and then the end of the body, as if the server died. */
    public static final String FAIL_PREFIX = "fail:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final int words;
    private final long delayMillis;

    private ChatSimulator(HttpServer server, ExecutorService executor, int words, long delayMillis) {
        this.server = server;
        this.executor = executor;
        this.words = words;
        this.delayMillis = delayMillis;
    }

    /** Starts a simulator on a free loopback port whose answers have {@code words} words, one every {@code delayMillis}. */
    public static ChatSimulator start(int words, long delayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // one thread per open stream, daemon so that a forgotten simulator never keeps the JVM alive
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "chat-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        ChatSimulator simulator = new ChatSimulator(server, executor, words, delayMillis);
        server.createContext("/v1/chat/completions", simulator::handle);
        server.start();
        return simulator;
    }

    /** The base URL to give {@code emby:chat} (the part before {@code /chat/completions}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The whole answer streamed for a prompt: {@code "re: <prompt>"} and then {@code " w1 w2 … w<words-1>"}. */
    public static String answerFor(String prompt, int words) {
        return String.join("", deltasFor(prompt, words));
    }

    /** The content deltas of {@link #answerFor(String, int)}, in order; there are exactly {@code words} of them. */
    public static List<String> deltasFor(String prompt, int words) {
        List<String> deltas = new ArrayList<>();
        deltas.add("re: " + prompt);
        for (int word = 1; word < words; word++) {
            deltas.add(" w" + word);
        }
        return deltas;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            String prompt = null;
            for (JsonNode message : JSON.readTree(requestBody).path("messages")) {
                if ("user".equals(message.path("role").asText()) && message.path("content").isTextual()) {
                    prompt = message.path("content").asText();
                }
            }
            if (prompt == null) {
                byte[] error = "{\"error\":{\"message\":\"no user message\",\"type\":\"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(400, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            stream(exchange, prompt);
        } catch (IOException e) {
            // the client went away mid-stream, for example its JVM was killed: nothing left to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(HttpExchange exchange, String prompt) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        write(out, chunk("role", "assistant", null));
        List<String> deltas = deltasFor(prompt, words);
        for (int i = 0; i < deltas.size(); i++) {
            if (prompt.startsWith(FAIL_PREFIX) && i == 3) {
                return; // the body ends here, with no finish_reason and no [DONE]: the stream is TRUNCATED
            }
            Thread.sleep(delayMillis);
            write(out, chunk("content", deltas.get(i), null));
        }
        write(out, chunk(null, null, "stop"));
        ObjectNode usage = JSON.createObjectNode();
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", 8).put("completion_tokens", deltas.size())
                .put("total_tokens", 8 + deltas.size());
        write(out, "data: " + usage + "\n\ndata: [DONE]\n\n");
    }

    private static String chunk(String deltaField, String deltaValue, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", "chatcmpl-sim")
                .put("object", "chat.completion.chunk")
                .put("model", "kafka-scale-out-simulator");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (deltaField != null) {
            delta.put(deltaField, deltaValue);
        }
        choice.put("finish_reason", finishReason);
        return "data: " + chunk + "\n\n";
    }

    private static void write(OutputStream out, String events) throws IOException {
        out.write(events.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
