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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain-HTTP browser stand-in: posts a prompt the way the page does, then reads the event stream as an
 * {@code EventSource} would (Last-Event-ID on request), recording every event with its arrival time.
 */
final class SseTestClient {

    static final ObjectMapper JSON = new ObjectMapper();

    record Event(String id, String event, String data, long nanos) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + data, e);
            }
        }
    }

    record Posted(int status, JsonNode body) {
        String id() {
            return body.path("id").asText();
        }
    }

    private final HttpClient http;
    private final String base;

    /** A client of the {@code emby-web:chat} bridge at {@code hostBase} ({@code http://host:port}). */
    SseTestClient(String hostBase, Executor executor) {
        this(executor, hostBase + "/chat");
    }

    /** A client of the bridge whose API is at {@code apiBase} (host and path prefix). */
    static SseTestClient atApi(String apiBase) {
        return new SseTestClient(null, apiBase);
    }

    private SseTestClient(Executor executor, String apiBase) {
        this.base = apiBase;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (executor != null) {
            builder.executor(executor);
        }
        this.http = builder.build();
    }

    Posted post(String prompt, String tab) throws Exception {
        String body = JSON.writeValueAsString(Map.of("prompt", prompt, "tab", tab));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/prompts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Posted(response.statusCode(), JSON.readTree(response.body()));
    }

    int cancel(String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/streams/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Opens the event stream; the stream's future completes at its end or error event, or when the body ends. */
    Stream open(String id, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/streams/" + id)).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        Stream stream = new Stream();
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(stream))
                .whenComplete((r, e) -> stream.done.complete(null));
        return stream;
    }

    /** The events of one stream as they arrive. */
    static final class Stream implements Flow.Subscriber<String> {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private String id;
        private String event;
        private StringBuilder data;
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (data != null) {
                    Event e = new Event(id, event == null ? "message" : event, data.toString(), System.nanoTime());
                    events.add(e);
                    if (e.event().equals("end") || e.event().equals("error")) {
                        done.complete(null);
                    }
                }
                id = null;
                event = null;
                data = null;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.complete(null);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        /** Stops reading and drops the connection, as a closed tab does. */
        void close() {
            subscription.cancel();
        }

        List<Event> deltas() {
            return events.stream().filter(e -> e.event().equals("delta")).toList();
        }

        String text() {
            StringBuilder text = new StringBuilder();
            for (Event e : deltas()) {
                text.append(e.json().path("text").asText());
            }
            return text.toString();
        }

        Event last() {
            return events.isEmpty() ? null : events.get(events.size() - 1);
        }
    }
}
