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
package ai.emby.camel.springboot;

import java.util.Map;

import ai.emby.camel.EmbyConstants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter as an application sees it: auto-configured through
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, the properties reach the
 * HTTP request of a stream from a loopback server.
 */
@SpringBootTest(classes = EmbyStarterSpringBootTest.TestApplication.class, properties = {
        "camel.component.emby.api-key=starter-test-key",
        "camel.component.emby.model=starter-model",
        "camel.component.emby.temperature=0.25",
        "camel.component.emby.idle-timeout=30s",
        "camel.component.emby.additional-header.X-Team=core",
        "camel.component.emby.additional-body-property.user=\"alice\"",
        "camel.component.emby.max-retries=0" })
class EmbyStarterSpringBootTest {

    private static final LoopbackChatServer SERVER = start();

    @Autowired
    private ProducerTemplate producer;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("camel.component.emby.base-url", SERVER::baseUrl);
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Test
    void theBoundOptionsReachTheRequest() throws Exception {
        Exchange exchange = producer.request("direct:ask", e -> e.getMessage().setBody("Hi"));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo(String.join("", LoopbackChatServer.DELTAS));
        assertThat(exchange.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");

        Map<String, String> headers = SERVER.lastHeaders();
        assertThat(headers).containsEntry("authorization", "Bearer starter-test-key").containsEntry("x-team", "core");
        JsonNode body = new ObjectMapper().readTree(SERVER.lastBody());
        assertThat(body.get("model").asText()).isEqualTo("starter-model");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.get("user").asText()).isEqualTo("alice");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.has("parallel_tool_calls")).as("an unset option is not sent").isFalse();
    }

    private static LoopbackChatServer start() {
        try {
            return new LoopbackChatServer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {

        @Bean
        RouteBuilder askRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:ask").to("emby:chat");
                }
            };
        }
    }
}
