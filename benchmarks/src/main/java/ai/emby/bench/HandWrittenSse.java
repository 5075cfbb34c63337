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
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What both hand-written java.net.http loops share: the request, and reading one line of the event stream. */
final class HandWrittenSse {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HandWrittenSse() {
    }

    static HttpRequest request(URI uri, String model) {
        Map<String, Object> body = Map.of("model", model, "stream", true,
                "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", Contender.PROMPT)));
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

    /** Appends the content of one {@code data:} line to text and tells the probe; other lines are skipped. */
    static void readLine(String line, StringBuilder text, StreamProbe probe) {
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
    }

    /** Checks the assembled text against what the probe saw, then ends the probe. */
    static void end(StringBuilder text, StreamProbe probe) {
        if (text.length() != probe.chars) {
            probe.error = "assembled " + text.length() + " chars but saw " + probe.chars;
        }
        probe.end();
    }
}
