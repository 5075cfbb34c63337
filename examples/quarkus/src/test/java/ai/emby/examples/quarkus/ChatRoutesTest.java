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
package ai.emby.examples.quarkus;

import java.util.List;
import java.util.Map;

import ai.emby.camel.EmbyConstants;
import ai.emby.camel.EmbyStreamException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the application on Quarkus with {@code camel.component.emby.base-url} pointed at {@link LoopbackChatServer},
 * sends prompts to {@code direct:ask} through the injected {@link ProducerTemplate} and checks what the routes saw.
 */
@QuarkusTest
@WithTestResource(LoopbackChatServer.class)
class ChatRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProducerTemplate producer;

    @Inject
    CamelContext camelContext;

    @Inject
    DeltaCollector deltas;

    /** The model application.properties gives the component (EMBY_MODEL, else its default). */
    @ConfigProperty(name = "camel.component.emby.model")
    String configuredModel;

    /** Every request body the loopback server received, in order (injected by {@link LoopbackChatServer}). */
    List<String> serverRequests;

    @Test
    void streamsTheAnswerThroughTheDeltaRoute() throws Exception {
        int requestsBefore = serverRequests.size();

        Exchange result = producer.request("direct:ask", exchange -> exchange.getMessage().setBody("Why do rivers meander?"));

        assertThat(result.getException()).isNull();
        String answer = result.getMessage().getBody(String.class);
        assertThat(answer).isEqualTo(String.join("", LoopbackChatServer.DELTAS));
        Map<String, Object> headers = result.getMessage().getHeaders();
        assertThat(headers).containsEntry(EmbyConstants.FINISH_REASON, "stop")
                .containsEntry(EmbyConstants.PROMPT_TOKENS, LoopbackChatServer.PROMPT_TOKENS)
                .containsEntry(EmbyConstants.COMPLETION_TOKENS, LoopbackChatServer.DELTAS.size())
                .containsEntry(EmbyConstants.TOTAL_TOKENS, LoopbackChatServer.PROMPT_TOKENS + LoopbackChatServer.DELTAS.size())
                .containsEntry(EmbyConstants.DELTA_COUNT, LoopbackChatServer.DELTAS.size())
                .containsEntry(EmbyConstants.RESPONSE_MODEL, LoopbackChatServer.MODEL)
                .containsEntry(EmbyConstants.REQUEST_ID, LoopbackChatServer.REQUEST_ID);

        // the deltas went through direct:delta one by one, in order, before the exchange completed
        String streamId = result.getMessage().getHeader(EmbyConstants.STREAM_ID, String.class);
        assertThat(streamId).isNotBlank();
        List<DeltaCollector.Delta> received = deltas.deltas(streamId);
        assertThat(received).extracting(DeltaCollector.Delta::text).containsExactlyElementsOf(LoopbackChatServer.DELTAS);
        assertThat(received).extracting(DeltaCollector.Delta::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);

        // the request was built from application.properties: model, system message, streaming with usage
        assertThat(serverRequests).hasSize(requestsBefore + 1);
        JsonNode request = JSON.readTree(serverRequests.get(requestsBefore));
        assertThat(request.path("model").asText()).isEqualTo(configuredModel);
        assertThat(request.path("stream").asBoolean()).isTrue();
        assertThat(request.path("stream_options").path("include_usage").asBoolean()).isTrue();
        JsonNode messages = request.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).startsWith("You are a helpful assistant.");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Why do rivers meander?");
    }

    @Test
    void aFailedStreamFailsTheExchangeWithItsReasonAndPartialText() {
        Exchange result = producer.request("direct:ask", exchange -> exchange.getMessage().setBody("Please fail midway"));

        assertThat(result.getException()).isInstanceOf(EmbyStreamException.class);
        EmbyStreamException failure = (EmbyStreamException) result.getException();
        assertThat(failure.getReason()).isEqualTo(EmbyStreamException.Reason.SERVER_ERROR);
        assertThat(failure.getMessage()).contains(LoopbackChatServer.FAILURE_MESSAGE);
        assertThat(failure.getPartialContent()).isEqualTo(LoopbackChatServer.DELTAS.get(0) + LoopbackChatServer.DELTAS.get(1));
        assertThat(failure.getEmittedCount()).isEqualTo(2);
        assertThat(failure.getRequestId()).isEqualTo(LoopbackChatServer.REQUEST_ID);
    }

    @Test
    void theStartupQuestionIsSwitchedOffInTheTestProfile() {
        assertThat(camelContext.getRouteController().getRouteStatus("ask-on-startup")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camelContext.getRouteController().getRouteStatus("ask")).isEqualTo(ServiceStatus.Started);
    }
}
