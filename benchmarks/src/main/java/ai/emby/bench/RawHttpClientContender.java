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
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The baseline: what a developer writes by hand with {@code java.net.http.HttpClient} and Jackson. Lines come from
 * {@code BodyHandlers.ofLines()}, each {@code data:} payload is parsed into a tree, the content is appended.
 */
final class RawHttpClientContender implements Contender {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExecutorService executor;
    private HttpClient client;
    private URI uri;

    @Override
    public String name() {
        return "baseline: HttpClient + Jackson";
    }

    @Override
    public void start(String baseUrl) {
        // the same unbounded cached pool HttpClient uses by default, but ours, so close() can end its threads
        // (HttpClient itself has no close() before Java 21)
        executor = Executors.newCachedThreadPool();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        uri = URI.create(baseUrl + "/chat/completions");
    }

    private HttpRequest request(String model) {
        Map<String, Object> body = Map.of("model", model, "stream", true,
                "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", PROMPT)));
        try {
            return HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer k")
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void runOne(String model, StreamProbe probe) throws Exception {
        read(client.send(request(model), HttpResponse.BodyHandlers.ofLines()), probe);
    }

    @Override
    public CompletableFuture<Void> runAsync(String model, StreamProbe probe) {
        // the dependent stage runs on the client's executor and blocks one of its threads for the whole stream
        return client.sendAsync(request(model), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> read(response, probe));
    }

    private static void read(HttpResponse<Stream<String>> response, StreamProbe probe) {
        StringBuilder text = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            lines.forEach(line -> {
                if (!line.startsWith("data:")) {
                    return;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    return;
                }
                try {
                    JsonNode choices = MAPPER.readTree(data).path("choices");
                    if (choices.size() > 0) {
                        String content = choices.get(0).path("delta").path("content").asText("");
                        text.append(content);
                        probe.delta(content);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (text.length() != probe.chars) {
            probe.error = "assembled " + text.length() + " chars but saw " + probe.chars;
        }
        probe.end();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        client = null;
    }
}
