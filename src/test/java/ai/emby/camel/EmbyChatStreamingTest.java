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
package ai.emby.camel;

import java.util.List;
import java.util.Map;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the basic contract over real HTTP: the original exchange ends with the assembled answer and its headers, and in
 * emit mode every non-empty content delta arrives at the deltaUri, in order, with the delta headers.
 */
class EmbyChatStreamingTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:aggregate")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s", server.baseUrl());
                from("direct:emit")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s&deltaUri=mock:deltas", server.baseUrl());
            }
        };
    }

    @Test
    void aggregateModeReturnsTheWholeAnswerWithUsage() {
        server.enqueue(Responses.sse(Chunks.answer("Hello", ", ", "world")));

        Exchange result = template.request("direct:aggregate", e -> e.getIn().setBody("Say hello"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello, world");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(result.getMessage().getHeader(EmbyConstants.PROMPT_TOKENS)).isEqualTo(10);
        assertThat(result.getMessage().getHeader(EmbyConstants.COMPLETION_TOKENS)).isEqualTo(3);
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(13);
        assertThat(result.getMessage().getHeader(EmbyConstants.DELTA_COUNT)).isEqualTo(3);
        assertThat(result.getMessage().getHeader(EmbyConstants.REQUEST_ID)).isEqualTo("req-123");
        assertThat(result.getMessage().getHeader(EmbyConstants.STREAM_ID, String.class)).isNotBlank();

        LlmServer.Request request = server.lastRequest();
        assertThat(request.path).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test");
        Map<String, Object> body = request.json();
        assertThat(body).containsEntry("model", "test-model").containsEntry("stream", true);
        assertThat(body.get("messages")).isEqualTo(List.of(Map.of("role", "user", "content", "Say hello")));
        assertThat(body.get("stream_options")).isEqualTo(Map.of("include_usage", true));
    }

    @Test
    void emitModeSendsEveryDeltaInOrder() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("Hello", ", ", "world");
        server.enqueue(Responses.sse(Chunks.answer("Hello", ", ", "world")));

        Exchange result = template.request("direct:emit", e -> {
            e.getIn().setBody("Say hello");
            e.getIn().setHeader("tenant", "acme");
        });

        deltas.assertIsSatisfied();
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello, world");
        String streamId = result.getMessage().getHeader(EmbyConstants.STREAM_ID, String.class);
        for (int i = 0; i < 3; i++) {
            Exchange delta = deltas.getReceivedExchanges().get(i);
            assertThat(delta.getIn().getHeader(EmbyConstants.DELTA_INDEX)).isEqualTo(i);
            assertThat(delta.getIn().getHeader(EmbyConstants.CHOICE_INDEX)).isEqualTo(0);
            assertThat(delta.getIn().getHeader(EmbyConstants.DELTA_TYPE)).isEqualTo("content");
            assertThat(delta.getIn().getHeader(EmbyConstants.STREAM_ID)).isEqualTo(streamId);
            assertThat(delta.getIn().getHeader("tenant")).isEqualTo("acme");
            assertThat(delta.getPattern()).isEqualTo(org.apache.camel.ExchangePattern.InOnly);
            assertThat(delta.getProperty(Exchange.CORRELATION_ID)).isEqualTo(result.getExchangeId());
        }
    }
}
