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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serve mode as an operator runs it: three prompts to {@code POST /ask}, then a scrape of
 * {@code /actuator/prometheus} that shows the GenAI client metrics of the three calls. The scrape is saved to
 * {@code target/prometheus-scrape.txt} (the README shows an excerpt).
 */
@CamelSpringBootTest
@ActiveProfiles("serve")
// Spring Boot tests leave metrics exporters off unless asked: the application itself has Prometheus on
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrometheusMetricsTest {

    private static final LoopbackChatServer SERVER = new LoopbackChatServer();
    private static final int PROMPTS = 3;

    @DynamicPropertySource
    static void chatServer(DynamicPropertyRegistry registry) {
        registry.add("camel.component.emby.base-url", SERVER::baseUrl);
        registry.add("camel.component.emby.api-key", () -> "test-key");
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theScrapeShowsTheGenAiClientMetricsOfThePrompts() throws Exception {
        for (int i = 0; i < PROMPTS; i++) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ask"))
                    .POST(HttpRequest.BodyPublishers.ofString("What is Apache Camel?")));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).startsWith(LoopbackChatServer.ANSWER);
        }

        HttpResponse<String> scrape = send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).GET());
        assertThat(scrape.statusCode()).isEqualTo(200);
        Files.writeString(Path.of("target/prometheus-scrape.txt"), scrape.body(), StandardCharsets.UTF_8);
        String genAi = Arrays.stream(scrape.body().split("\n")).filter(l -> l.contains("gen_ai"))
                .collect(Collectors.joining("\n"));

        assertThat(genAi).contains("# TYPE gen_ai_client_operation_duration_seconds histogram");
        assertThat(line(genAi, "gen_ai_client_operation_duration_seconds_count{"))
                .contains("gen_ai_operation_name=\"chat\"").contains("gen_ai_provider_name=\"emby\"")
                .contains("outcome=\"success\"").endsWith(" " + PROMPTS);
        assertThat(line(genAi, "gen_ai_client_operation_time_to_first_chunk_seconds_count{")).endsWith(" " + PROMPTS);
        assertThat(line(genAi, "gen_ai_client_operation_time_per_output_chunk_seconds_count{"))
                .endsWith(" " + PROMPTS);
        assertThat(line(genAi, "gen_ai_client_token_usage_tokens_sum{", "gen_ai_token_type=\"input\""))
                .endsWith(" " + (double) PROMPTS * LoopbackChatServer.PROMPT_TOKENS);
        assertThat(line(genAi, "gen_ai_client_token_usage_tokens_sum{", "gen_ai_token_type=\"output\""))
                .endsWith(" " + (double) PROMPTS * LoopbackChatServer.COMPLETION_TOKENS);
    }

    private static String line(String scrape, String... parts) {
        return Arrays.stream(scrape.split("\n"))
                .filter(l -> Arrays.stream(parts).allMatch(l::contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + Arrays.toString(parts) + " in:\n" + scrape));
    }
}
