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
 * Proves that failures are data: an error event after HTTP 200, an HTTP error status (JSON or HTML body) and a stream
 * that ends without a finish each fail the original exchange with the typed exception of the contract, which Camel's
 * dead-letter channel receives together with the text that arrived before the failure.
 */
class EmbyChatErrorHandlingTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead").useOriginalMessage());
                from("direct:chat").routeId("chat")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s&deltaUri=mock:deltas&maxRetries=0",
                                server.baseUrl())
                        .to("mock:answers");
            }
        };
    }

    @Test
    void errorEventAfterThreeDeltasReachesTheDeadLetterChannelWithThePartialText() throws Exception {
        MockEndpoint dead = getMockEndpoint("mock:dead");
        dead.expectedMessageCount(1);
        getMockEndpoint("mock:deltas").expectedBodiesReceived("The ", "answer ", "is");
        getMockEndpoint("mock:answers").expectedMessageCount(0);
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                "event: error\ndata: {\"error\":{\"message\":\"Upstream model overloaded\",\"type\":\"server_error\","
                                                                                      + "\"code\":\"overloaded\"}}\n\n"));

        template.sendBody("direct:chat", "What is the answer?");

        MockEndpoint.assertIsSatisfied(context);
        Exchange failed = dead.getReceivedExchanges().get(0);
        EmbyStreamException e = failed.getProperty(Exchange.EXCEPTION_CAUGHT, EmbyStreamException.class);
        assertThat(e).isNotNull();
        assertThat(e.getReason()).isEqualTo(EmbyStreamException.Reason.SERVER_ERROR);
        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getDeltaCount()).isEqualTo(3);
        assertThat(e.getEmittedCount()).isEqualTo(3);
        assertThat(e.getErrorType()).isEqualTo("server_error");
        assertThat(e.getErrorCode()).isEqualTo("overloaded");
        assertThat(e.getRequestId()).isEqualTo("req-123");
        assertThat(e.getMessage()).contains("Upstream model overloaded");
        // the original message is what the dead letter gets
        assertThat(failed.getIn().getBody()).isEqualTo("What is the answer?");
    }

    @Test
    void errorPayloadWithoutEventTypeIsAServerErrorToo() {
        server.enqueue(Responses.sse(Chunks.content("partial"),
                Chunks.event("{\"error\":{\"message\":\"Rate limit reached mid-stream\",\"code\":429}}")));

        Exchange result = template.request(String.format("emby:chat?model=m&apiKey=k&baseUrl=%s", server.baseUrl()),
                e -> e.getIn().setBody("hi"));

        EmbyStreamException e = result.getException(EmbyStreamException.class);
        assertThat(e.getReason()).isEqualTo(EmbyStreamException.Reason.SERVER_ERROR);
        assertThat(e.getErrorCode()).isEqualTo("429");
        assertThat(e.getPartialContent()).isEqualTo("partial");
    }

    @Test
    void unauthorizedWithJsonErrorBody() throws Exception {
        getMockEndpoint("mock:dead").expectedMessageCount(1);
        server.enqueue(Responses.json(401, "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"invalid_request_error\","
                                           + "\"code\":\"invalid_api_key\"}}",
                "x-request-id", "req-401"));

        template.sendBody("direct:chat", "hi");

        MockEndpoint.assertIsSatisfied(context);
        EmbyApiException e = getMockEndpoint("mock:dead").getReceivedExchanges().get(0)
                .getProperty(Exchange.EXCEPTION_CAUGHT, EmbyApiException.class);
        assertThat(e.getStatusCode()).isEqualTo(401);
        assertThat(e.getHttpResponseCode()).isEqualTo(401);
        assertThat(e.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(e.getErrorCode()).isEqualTo("invalid_api_key");
        assertThat(e.getMessage()).contains("401").contains("Invalid API Key").doesNotContain("sk-test");
        assertThat(e.getResponseBody()).contains("invalid_api_key");
        assertThat(e.getRequestId()).isEqualTo("req-401");
        assertThat(e.getRetryAfter()).isNull();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void badGatewayWithHtmlBody() {
        server.enqueue(Responses.body(502, "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"));

        Exchange result = template.request(
                String.format("emby:chat?model=m&apiKey=k&baseUrl=%s&maxRetries=0", server.baseUrl()),
                e -> e.getIn().setBody("hi"));

        EmbyApiException e = result.getException(EmbyApiException.class);
        assertThat(e).isNotNull();
        assertThat(e.getStatusCode()).isEqualTo(502);
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getMessage()).contains("HTTP 502").contains("text/html");
        assertThat(e.getResponseBody()).contains("<h1>502 Bad Gateway</h1>");
    }

    @Test
    void streamEndingWithoutFinishIsTruncated() {
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("cut "), Chunks.content("off")));

        Exchange result = template.request(String.format("emby:chat?model=m&apiKey=k&baseUrl=%s", server.baseUrl()),
                e -> e.getIn().setBody("hi"));

        EmbyStreamException e = result.getException(EmbyStreamException.class);
        assertThat(e.getReason()).isEqualTo(EmbyStreamException.Reason.TRUNCATED);
        assertThat(e.getPartialContent()).isEqualTo("cut off");
        assertThat(e.getDeltaCount()).isEqualTo(2);
        // on failure the original keeps its body; only the stream id is added
        assertThat(result.getMessage().getBody()).isEqualTo("hi");
        assertThat(result.getMessage().getHeader(EmbyConstants.STREAM_ID)).isNotNull();
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isNull();
    }
}
