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

import java.util.ArrayList;
import java.util.List;

import ai.emby.camel.EmbyConstants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.MockEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application against a loopback OpenAI-compatible server: {@code base-url} and {@code api-key} are pointed at
 * it with {@link DynamicPropertySource}, the rest comes from {@code application.properties}.
 */
@CamelSpringBootTest
@SpringBootTest(properties = { "example.ask-on-startup=false", "example.print-deltas=false" })
@MockEndpoints("log:" + ChatRoutes.DELTA_LOG + "*")
class EmbySpringBootApplicationTest {

    private static final LoopbackChatServer SERVER = new LoopbackChatServer();

    @DynamicPropertySource
    static void chatServer(DynamicPropertyRegistry registry) {
        registry.add("camel.component.emby.base-url", SERVER::baseUrl);
        registry.add("camel.component.emby.api-key", () -> "test-key");
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Autowired
    private ProducerTemplate producer;

    /** What the delta route's log endpoint received, in order. */
    @EndpointInject("mock:log:" + ChatRoutes.DELTA_LOG)
    private MockEndpoint deltas;

    @Value("${camel.component.emby.model}")
    private String model;

    @Test
    void streamsTheAnswerThroughTheDeltaRoute() throws Exception {
        deltas.reset();
        deltas.expectedBodiesReceived(LoopbackChatServer.DELTAS);

        Exchange exchange = producer.request(ChatRoutes.ASK, e -> e.getMessage().setBody("What is Apache Camel?"));

        assertThat(exchange.getException()).isNull();
        Message answer = exchange.getMessage();
        assertThat(answer.getBody(String.class)).isEqualTo(LoopbackChatServer.ANSWER);
        assertThat(answer.getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(answer.getHeader(EmbyConstants.PROMPT_TOKENS)).isEqualTo(LoopbackChatServer.PROMPT_TOKENS);
        assertThat(answer.getHeader(EmbyConstants.COMPLETION_TOKENS)).isEqualTo(LoopbackChatServer.COMPLETION_TOKENS);
        assertThat(answer.getHeader(EmbyConstants.TOTAL_TOKENS))
                .isEqualTo(LoopbackChatServer.PROMPT_TOKENS + LoopbackChatServer.COMPLETION_TOKENS);
        assertThat(answer.getHeader(EmbyConstants.DELTA_COUNT)).isEqualTo(LoopbackChatServer.DELTAS.size());
        assertThat(answer.getHeader(EmbyConstants.REQUEST_ID)).isEqualTo("req-loopback-1");

        // every delta reached the delta route, in order, before the answer came back
        deltas.assertIsSatisfied();
        List<Integer> indexes = new ArrayList<>();
        for (Exchange delta : deltas.getExchanges()) {
            indexes.add(delta.getMessage().getHeader(EmbyConstants.DELTA_INDEX, Integer.class));
            assertThat(delta.getMessage().getHeader(EmbyConstants.STREAM_ID))
                    .isEqualTo(answer.getHeader(EmbyConstants.STREAM_ID));
        }
        assertThat(indexes).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void theRequestCarriesTheCamelComponentEmbyProperties() throws Exception {
        producer.requestBody(ChatRoutes.ASK, "Hello");

        assertThat(SERVER.lastHeaders())
                .containsEntry("authorization", "Bearer test-key")
                .containsEntry("x-title", "camel-emby-spring-boot-example");
        JsonNode body = new ObjectMapper().readTree(SERVER.lastBody());
        assertThat(body.get("model").asText()).isEqualTo(model);
        assertThat(body.get("stream").asBoolean()).isTrue();
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asText()).startsWith("You are a helpful assistant.");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Hello");
    }
}
