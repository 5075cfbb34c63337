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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The first loop a developer writes by hand with {@code java.net.http.HttpClient} and Jackson: lines come from
 * {@code BodyHandlers.ofLines()}, a blocking stream, so every open stream holds a thread. Kept as a row; the baseline is
 * {@link AsyncHttpClientContender}.
 */
final class RawHttpClientContender implements Contender {

    private ExecutorService executor;
    private HttpClient client;
    private URI uri;

    @Override
    public String name() {
        return "HttpClient blocking lines + Jackson (a thread per stream)";
    }

    @Override
    public void start(String baseUrl) {
        // the same unbounded cached pool HttpClient uses by default, but ours, so close() can end its threads
        // (HttpClient itself has no close() before Java 21)
        executor = Executors.newCachedThreadPool();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        uri = URI.create(baseUrl + "/chat/completions");
    }

    @Override
    public void runOne(String model, StreamProbe probe) throws Exception {
        read(client.send(HandWrittenSse.request(uri, model), HttpResponse.BodyHandlers.ofLines()), probe);
    }

    @Override
    public CompletableFuture<Void> runAsync(String model, StreamProbe probe) {
        // the dependent stage runs on the client's executor and blocks one of its threads for the whole stream
        return client.sendAsync(HandWrittenSse.request(uri, model), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> read(response, probe));
    }

    private static void read(HttpResponse<Stream<String>> response, StreamProbe probe) {
        StringBuilder text = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            lines.forEach(line -> HandWrittenSse.readLine(line, text, probe));
        }
        HandWrittenSse.end(text, probe);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        client = null;
    }
}
