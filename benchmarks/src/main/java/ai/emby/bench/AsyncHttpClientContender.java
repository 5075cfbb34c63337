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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * The baseline: the loop a careful engineer writes by hand with {@code java.net.http.HttpClient} and Jackson, with no
 * thread per stream. {@code sendAsync} with {@code BodySubscribers.fromLineSubscriber}: the client's threads push each
 * line to a subscriber, which parses {@code data:} payloads into a tree and appends the content.
 */
final class AsyncHttpClientContender implements Contender {

    private ExecutorService executor;
    private HttpClient client;
    private URI uri;

    @Override
    public String name() {
        return "baseline: HttpClient async lines + Jackson";
    }

    @Override
    public void start(String baseUrl) {
        // the same unbounded cached pool HttpClient uses by default, but ours, so close() can end its threads
        executor = Executors.newCachedThreadPool();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        uri = URI.create(baseUrl + "/chat/completions");
    }

    @Override
    public void runOne(String model, StreamProbe probe) throws Exception {
        runAsync(model, probe).get();
    }

    @Override
    public CompletableFuture<Void> runAsync(String model, StreamProbe probe) {
        LineReader reader = new LineReader(probe);
        return client.sendAsync(HandWrittenSse.request(uri, model), info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.fromLineSubscriber(reader, s -> null,
                                StandardCharsets.UTF_8, null)
                        : HttpResponse.BodySubscribers.replacing(null))
                .thenAccept(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode());
                    }
                });
    }

    /** Reads the lines of one stream as the client pushes them; asks for all of them at once. */
    private static final class LineReader implements Flow.Subscriber<String> {
        private final StreamProbe probe;
        private final StringBuilder text = new StringBuilder();

        LineReader(StreamProbe probe) {
            this.probe = probe;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            HandWrittenSse.readLine(line, text, probe);
        }

        @Override
        public void onError(Throwable failure) {
            probe.error = String.valueOf(failure);
            probe.end();
        }

        @Override
        public void onComplete() {
            HandWrittenSse.end(text, probe);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        client = null;
    }
}
