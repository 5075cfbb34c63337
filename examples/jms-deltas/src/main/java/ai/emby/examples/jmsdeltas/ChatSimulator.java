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
package ai.emby.examples.jmsdeltas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenAI-compatible Chat Completions server on 127.0.0.1 that streams a deterministic answer derived from the
 * prompt, so the example runs with no API key and no network, and a test knows the exact text every stream carries.
 * <p>
 * {@code POST /v1/chat/completions} with a Bearer token (any value) answers with {@code chat.completion.chunk} events:
 * a role chunk, one chunk per word of {@link #answerFor(String)}, a finish chunk, a usage chunk with {@code choices: []}
 * and {@code data: [DONE]}. Words are written {@value #CHUNKS_PER_WRITE} chunks per network write, as real servers
 * often batch tokens: the component then emits several deltas of one stream back to back, which is what lets
 * concurrent JMS consumers see them out of order.
 */
public final class ChatSimulator implements AutoCloseable {

    /** The model name in the chunks. */
    public static final String MODEL = "jms-deltas-simulator";
    /** Words after the echoed prompt, so every answer is long enough to interleave with the others on the queue. */
    public static final int ANSWER_WORDS = 40;
    /** Chunks flushed together; the component hands each read's deltas to a worker in one go. */
    static final int CHUNKS_PER_WRITE = 4;
    /** A test that gathers streams gives up waiting after this long, so a stuck client cannot hang the simulator. */
    private static final Duration GATHER_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration writeDelay;
    private final CountDownLatch gathered;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger peakOpenStreams = new AtomicInteger();

    private ChatSimulator(HttpServer server, ExecutorService executor, Duration writeDelay, int streamsToGather) {
        this.server = server;
        this.executor = executor;
        this.writeDelay = writeDelay;
        this.gathered = new CountDownLatch(streamsToGather);
    }

    /** Starts a simulator on a free loopback port that waits {@code writeDelay} before each network write. */
    public static ChatSimulator start(Duration writeDelay) throws IOException {
        return start(writeDelay, 0);
    }

    /**
     * Starts a simulator whose first {@code streamsToGather} streams each wait, after their response headers, until
     * all of them are open: a test then knows that the streams really ran at the same time, not one after another.
     */
    public static ChatSimulator start(Duration writeDelay, int streamsToGather) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // one thread per stream: the default executor is the single dispatcher thread, which would serialise the
        // prompts; daemon threads, so a forgotten simulator never keeps the JVM alive
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "chat-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        ChatSimulator simulator = new ChatSimulator(server, executor, writeDelay, streamsToGather);
        server.createContext("/v1/chat/completions", simulator::handle);
        server.start();
        return simulator;
    }

    /** The base URL to give {@code emby:chat} (the part before {@code /chat/completions}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The whole answer the simulator streams for a prompt. */
    public static String answerFor(String prompt) {
        StringBuilder answer = new StringBuilder("echo: ").append(prompt);
        for (int word = 1; word <= ANSWER_WORDS; word++) {
            answer.append(" word").append(word);
        }
        return answer.toString();
    }

    /** The content deltas of {@link #answerFor(String)}, in order: one word each, with the space before it. */
    public static List<String> deltasFor(String prompt) {
        List<String> deltas = new ArrayList<>();
        for (String word : answerFor(prompt).split("(?= )")) {
            deltas.add(word);
        }
        return deltas;
    }

    /** The most streams that were open at the same moment. */
    public int peakOpenStreams() {
        return peakOpenStreams.get();
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
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, 405, "use POST");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                sendError(exchange, 401, "missing API key (Authorization: Bearer ...)");
                return;
            }
            String prompt = lastUserMessage(JSON.readTree(requestBody));
            if (prompt == null) {
                sendError(exchange, 400, "no user message with text content");
                return;
            }
            int open = openStreams.incrementAndGet();
            peakOpenStreams.accumulateAndGet(open, Math::max);
            try {
                stream(exchange, prompt, requestBody.length);
            } finally {
                openStreams.decrementAndGet();
            }
        } catch (IOException e) {
            // the client went away mid-stream (for example the application was stopped): nothing left to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(HttpExchange exchange, String prompt, int requestBytes) throws IOException, InterruptedException {
        String id = "chatcmpl-sim-" + requests.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("x-request-id", id);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        write(out, event(chunk(id, "role", "assistant", null)));

        if (gathered.getCount() > 0) {
            gathered.countDown();
            gathered.await(GATHER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<String> deltas = deltasFor(prompt);
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < deltas.size(); i++) {
            batch.append(event(chunk(id, "content", deltas.get(i), null)));
            if ((i + 1) % CHUNKS_PER_WRITE == 0 || i == deltas.size() - 1) {
                Thread.sleep(writeDelay.toMillis());
                write(out, batch.toString());
                batch.setLength(0);
            }
        }
        write(out, event(chunk(id, null, null, "stop")));
        // rough but plausible counts: about four bytes per prompt token, one token per streamed word
        int promptTokens = Math.max(1, requestBytes / 4);
        ObjectNode usage = JSON.createObjectNode()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", deltas.size())
                .put("total_tokens", promptTokens + deltas.size());
        ObjectNode usageChunk = JSON.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("model", MODEL);
        usageChunk.putArray("choices");
        usageChunk.set("usage", usage);
        write(out, event(usageChunk.toString()) + event("[DONE]"));
    }

    /** The text of the last user message: the prompt this answer echoes. */
    private static String lastUserMessage(JsonNode request) {
        String prompt = null;
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText()) && message.path("content").isTextual()) {
                prompt = message.path("content").asText();
            }
        }
        return prompt;
    }

    private static String chunk(String id, String deltaField, String deltaValue, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", MODEL);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (deltaField != null) {
            delta.put(deltaField, deltaValue);
        }
        choice.put("finish_reason", finishReason);
        return chunk.toString();
    }

    private static String event(String data) {
        return "data: " + data + "\n\n";
    }

    private static void write(OutputStream out, String events) throws IOException {
        out.write(events.getBytes(StandardCharsets.UTF_8));
        // flush per write: the point of the simulator is that the answer arrives over time, a few words at a time
        out.flush();
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", "invalid_request_error");
        byte[] body = error.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
