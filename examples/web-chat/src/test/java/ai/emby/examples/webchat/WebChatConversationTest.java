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

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web chat keeps one conversation per user (a browser tab): a tab's second prompt is sent with its first prompt
 * and answer before it, and another tab starts with no history. Plain HTTP against the page's API, no browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebChatConversationTest {

    private static final Duration WORD_DELAY = Duration.ofMillis(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatSimulator simulator;
    private Main main;
    private String api;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        simulator = ChatSimulator.start(WORD_DELAY);
        main = WebChatApplication.createMain(simulator);
        main.addOverrideProperty("web-chat.port", String.valueOf(port));
        main.addOverrideProperty("web-chat.host", "127.0.0.1");
        main.start();
        api = "http://127.0.0.1:" + port + "/chat";
    }

    @AfterAll
    void stop() throws Exception {
        main.stop();
        simulator.close();
    }

    /** Posts the prompt for the tab and reads its event stream to the end; returns the stream's events. */
    private String ask(String tab, String prompt) throws Exception {
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(api + "/prompts"))
                .header("Content-Type", "application/json").timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("prompt", prompt,
                        "tab", tab)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isLessThan(300);
        String id = JSON.readTree(posted.body()).path("id").asText();
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(api + "/streams/" + id))
                .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.body()).contains("event: end");
        return events.body();
    }

    private List<JsonNode> lastRequestMessages() throws Exception {
        List<String> bodies = simulator.requestBodies();
        JsonNode messages = JSON.readTree(bodies.get(bodies.size() - 1)).path("messages");
        return List.copyOf(JSON.convertValue(messages, JSON.getTypeFactory()
                .constructCollectionType(List.class, JsonNode.class)));
    }

    private static List<String> roles(List<JsonNode> messages) {
        return messages.stream().map(m -> m.path("role").asText()).toList();
    }

    @Test
    void eachTabHasItsOwnConversation() throws Exception {
        ask("tab-ada", "My name is Ada.");
        ask("tab-ada", "What is my name?");

        List<JsonNode> second = lastRequestMessages();
        assertThat(roles(second)).containsExactly("system", "user", "assistant", "user");
        assertThat(second.get(1).path("content").asText()).isEqualTo("My name is Ada.");
        assertThat(second.get(2).path("content").asText()).isEqualTo(ChatSimulator.ANSWER);
        assertThat(second.get(3).path("content").asText()).isEqualTo("What is my name?");

        ask("tab-bob", "Hello.");
        assertThat(roles(lastRequestMessages())).as("another tab starts afresh").containsExactly("system", "user");
    }
}
