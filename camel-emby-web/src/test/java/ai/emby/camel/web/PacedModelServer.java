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
package ai.emby.camel.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An OpenAI-compatible chat server on loopback, paced like a model with timers (no thread per stream, so 200 streams
 * at once pace as exactly as one): after {@link #firstDeltaMillis} it sends one word every {@link #wordMillis}, then
 * the finish, a usage chunk and [DONE]. A prompt containing {@code FAIL} gets an in-stream error after three words.
 * A prompt containing {@code client-N} has the time its first word was written recorded under that key, so a test can
 * measure what the browser side saw against what the model sent. A prompt containing {@code SILENT} gets the role
 * chunk and then nothing, until the client goes away: a model that is thinking.
 */
final class PacedModelServer implements BeforeEachCallback, AfterEachCallback {

    static final Pattern CLIENT = Pattern.compile("client-\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    volatile long firstDeltaMillis = 150;
    volatile long wordMillis = 30;
    volatile int words = 20;

    private final Map<String, Long> firstDeltaNanos = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private Vertx vertx;
    private HttpServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    /** The nanoTime at which the first word for {@code client-N} was written, or null. */
    Long firstDeltaNanos(String client) {
        return firstDeltaNanos.get(client);
    }

    int openStreams() {
        return open.get();
    }

    /** The answer text the server streams for a normal prompt. */
    String answer() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(word(i));
        }
        return text.toString();
    }

    static String word(int i) {
        return "w" + i + " ";
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String prompt;
            try {
                JsonNode messages = JSON.readTree(body.toString()).path("messages");
                prompt = messages.get(messages.size() - 1).path("content").asText();
            } catch (Exception e) {
                request.response().setStatusCode(400).end("{\"error\":{\"message\":\"bad request\"}}");
                return;
            }
            stream(request.response(), prompt);
        });
    }

    private void stream(HttpServerResponse response, String prompt) {
        Matcher client = CLIENT.matcher(prompt);
        String key = client.find() ? client.group() : null;
        boolean fail = prompt.contains("FAIL");
        int total = fail ? 3 : words;
        response.setChunked(true).putHeader("Content-Type", "text/event-stream");
        response.write("data: " + chunk("{\"role\":\"assistant\",\"content\":\"\"}", null) + "\n\n");
        open.incrementAndGet();
        boolean[] closed = new boolean[1];
        response.closeHandler(v -> closed[0] = true);
        if (prompt.contains("SILENT")) {
            response.closeHandler(v -> open.decrementAndGet());
            return;
        }
        int[] sent = new int[1];
        vertx.setTimer(firstDeltaMillis, first -> {
            Runnable next = new Runnable() {
                @Override
                public void run() {
                    if (closed[0]) {
                        open.decrementAndGet();
                        return;
                    }
                    if (sent[0] < total) {
                        if (sent[0] == 0 && key != null) {
                            firstDeltaNanos.put(key, System.nanoTime());
                        }
                        response.write("data: " + chunk("{\"content\":\"" + word(sent[0]) + "\"}", null) + "\n\n");
                        sent[0]++;
                        Runnable self = this;
                        vertx.setTimer(wordMillis, t -> self.run());
                        return;
                    }
                    open.decrementAndGet();
                    if (fail) {
                        response.end("data: {\"error\":{\"message\":\"simulated failure\",\"type\":\"server_error\"}}\n\n");
                        return;
                    }
                    response.write("data: " + chunk("{}", "stop") + "\n\n");
                    response.write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"paced\","
                                   + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + total
                                   + ",\"total_tokens\":" + (5 + total) + "}}\n\n");
                    response.end("data: [DONE]\n\n");
                }
            };
            next.run();
        });
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"paced\",\"choices\":[{\"index\":0,"
               + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    static List<String> words(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(PacedModelServer::word).toList();
    }
}
