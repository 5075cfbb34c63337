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
package ai.emby.examples.webchat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenAI-compatible server on 127.0.0.1 that streams like a reasoning model, so the web chat runs on a
 * machine with no API key and no network: {@code POST /v1/chat/completions} answers with
 * {@code chat.completion.chunk} events, first a few {@code reasoning_content} words (what a reasoning model thinks
 * before it answers), then the canned answer one word per chunk, a finish chunk, a usage chunk and
 * {@code data: [DONE]}. A prompt containing {@value #FAIL_TRIGGER} gets {@value #WORDS_BEFORE_FAILURE} words and then
 * an in-stream error, to show how the page keeps the partial text of a failed answer.
 * <p>
 * Adapted from the quick start's simulator. It writes with one thread per stream (the JDK's HTTP server blocks), which
 * is fine for a demo model; the bridge in front of it holds no thread per browser.
 */
public final class ChatSimulator implements AutoCloseable {

    /** The model name the simulator reports. */
    public static final String MODEL = "web-chat-simulator";
    /** A prompt containing this word gets a stream that fails midway. */
    public static final String FAIL_TRIGGER = "FAIL";
    /** Words streamed before the simulated failure. */
    public static final int WORDS_BEFORE_FAILURE = 8;
    /** The message of the simulated in-stream error. */
    public static final String FAILURE_MESSAGE = "the simulated model lost its train of thought";
    /** What the simulated model "thinks" first, streamed as reasoning deltas. */
    public static final String REASONING = "The user asks a question. I will answer briefly and say that I am a"
                                           + " simulator.";
    /** The canned answer, streamed one word (with its trailing space) per chunk. */
    public static final String ANSWER = "Hello from the camel-emby web chat! This answer comes from the local"
                                        + " simulator, not from a model. It streams word by word, the way a real model"
                                        + " streams its tokens, and the page shows it growing a few times a second:"
                                        + " the route groups the words with bufferBoundary=word and a short"
                                        + " bufferTimeout, and the emby-web bridge writes each group to this page as"
                                        + " one Server-Sent Event. Press Stop to cancel an answer, or close the tab:"
                                        + " either ends the model call within a second. Set EMBY_API_KEY to ask Emby"
                                        + " AI instead.";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration wordDelay;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();

    private ChatSimulator(HttpServer server, ExecutorService executor, Duration wordDelay) {
        this.server = server;
        this.executor = executor;
        this.wordDelay = wordDelay;
    }

    /** Starts a simulator on a free loopback port that waits {@code wordDelay} before each word. */
    public static ChatSimulator start(Duration wordDelay) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // one thread per stream: the default executor is the single dispatcher thread, which would make every prompt
        // wait for the stream before it; daemon threads, so a forgotten simulator never keeps the JVM alive
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "chat-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        ChatSimulator simulator = new ChatSimulator(server, executor, wordDelay);
        server.createContext("/v1/chat/completions", simulator::handle);
        server.start();
        return simulator;
    }

    /** The base URL to give {@code emby:chat} (the part before {@code /chat/completions}). */
    /** The bodies of the requests received, in order (the tests read the history a conversation sent). */
    public List<String> requestBodies() {
        return List.copyOf(requestBodies);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The words of a text, each with its trailing space, as the simulator streams them. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            words.add(word);
        }
        return words;
    }

    /** The text a failing stream sends before its error. */
    public static String failurePartialText() {
        return String.join("", words(ANSWER).subList(0, WORDS_BEFORE_FAILURE));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            requestBodies.add(requestBody);
            if (!"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, 405, "use POST");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                sendError(exchange, 401, "missing API key (Authorization: Bearer ...)");
                return;
            }
            stream(exchange, requestBody);
        } catch (IOException e) {
            // the client went away mid-stream (the page's Stop, a closed tab): the write failed, nothing left to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(HttpExchange exchange, String requestBody) throws IOException, InterruptedException {
        String id = "chatcmpl-sim-" + requests.incrementAndGet();
        boolean fail = requestBody.contains(FAIL_TRIGGER);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("x-request-id", id);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        send(out, "data: " + chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String word : words(REASONING)) {
            Thread.sleep(wordDelay.toMillis());
            send(out, "data: " + chunk(id, "{\"reasoning_content\":" + jsonString(word) + "}", null));
        }
        List<String> deltas = words(ANSWER);
        int count = fail ? WORDS_BEFORE_FAILURE : deltas.size();
        for (int i = 0; i < count; i++) {
            Thread.sleep(wordDelay.toMillis());
            send(out, "data: " + chunk(id, "{\"content\":" + jsonString(deltas.get(i)) + "}", null));
        }
        if (fail) {
            send(out, "event: error\ndata: {\"error\":{\"message\":\"" + FAILURE_MESSAGE + "\",\"type\":\"server_error\"}}");
            return;
        }
        send(out, "data: " + chunk(id, "{}", "stop"));
        // rough but plausible counts: about four characters per prompt token, one token per streamed word
        int promptTokens = Math.max(1, requestBody.length() / 4);
        int completionTokens = words(REASONING).size() + deltas.size();
        send(out, "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"" + MODEL
                  + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                  + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}");
        send(out, "data: [DONE]");
    }

    private static String chunk(String id, String delta, String finishReason) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":"
               + System.currentTimeMillis() / 1000 + ",\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":"
               + delta + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write((event + "\n\n").getBytes(StandardCharsets.UTF_8));
        // flush per event: the point of the simulator is that each word arrives on its own
        out.flush();
    }

    private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = ("{\"error\":{\"message\":" + jsonString(message) + ",\"type\":\"invalid_request_error\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
