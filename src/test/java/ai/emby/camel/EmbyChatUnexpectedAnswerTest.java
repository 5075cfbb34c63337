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

import static ai.emby.camel.support.Faults.streamFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves what happens to answers that are not the usual shape (issue 13, defects 11b and 11c): an HTTP 200 JSON body
 * that is no chat completion ({@code {"detail":"Not Found"}} from a proxy's wrong route), to a non-streaming or a
 * streaming request, fails with {@code MALFORMED} and the server's text instead of succeeding with an empty body; an
 * answer that arrives on a choice index other than 0 only becomes the body and the output headers (and the partial
 * content of a failure), instead of being reported nowhere.
 */
class EmbyChatUnexpectedAnswerTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String emby = "emby:chat?model=m&apiKey=sk-test&maxRetries=0&baseUrl=" + server.baseUrl();
                from("direct:stream").to(emby);
                from("direct:whole").to(emby + "&stream=false");
                from("direct:emit").to(emby + "&deltaUri=mock:deltas");
            }
        };
    }

    @Test
    void aJsonAnswerWithoutChoicesIsMalformed() {
        for (String route : new String[] { "direct:whole", "direct:stream" }) {
            server.enqueue(Responses.json(200, "{\"detail\":\"Not Found\"}"));

            Exchange result = template.request(route, e -> e.getIn().setBody("hi"));

            EmbyStreamException failure = streamFailure(result, EmbyStreamException.Reason.MALFORMED);
            assertThat(failure.getMessage()).as(route).contains("no choices").contains("Not Found");
            assertThat(result.getMessage().getBody()).isEqualTo("hi");
        }
    }

    @Test
    void aJsonAnswerWithAnErrorStaysAServerError() {
        server.enqueue(Responses.json(200, "{\"error\":{\"message\":\"model overloaded\",\"code\":\"busy\"}}"));

        Exchange result = template.request("direct:whole", e -> e.getIn().setBody("hi"));

        EmbyStreamException failure = streamFailure(result, EmbyStreamException.Reason.SERVER_ERROR);
        assertThat(failure.getMessage()).contains("model overloaded");
    }

    @Test
    void anAnswerOnlyOnChoiceOneIsTheAnswer() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("Hel", "lo");
        server.enqueue(Responses.sse(Chunks.content(1, "Hel"), Chunks.content(1, "lo"), Chunks.finish(1, "stop"),
                Chunks.DONE));

        Exchange result = template.request("direct:emit", e -> e.getIn().setBody("hi"));

        deltas.assertIsSatisfied();
        assertThat(deltas.getReceivedExchanges()).allSatisfy(
                d -> assertThat(d.getIn().getHeader(EmbyConstants.CHOICE_INDEX)).isEqualTo(1));
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
        assertThat(result.getMessage().getHeader(EmbyConstants.DELTA_COUNT)).isEqualTo(2);
    }

    @Test
    void aNonStreamingAnswerOnlyOnChoiceOneIsTheAnswer() {
        server.enqueue(Responses.json(200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":1,"
                                           + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
                                           + "\"finish_reason\":\"stop\"}]}"));

        Exchange result = template.request("direct:whole", e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("Hello");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
    }

    @Test
    void aTruncatedAnswerOnlyOnChoiceTwoKeepsItsPartialContent() {
        server.enqueue(Responses.sse(Chunks.content(2, "Hel"), Chunks.content(2, "lo")));

        Exchange result = template.request("direct:stream", e -> e.getIn().setBody("hi"));

        EmbyStreamException failure = streamFailure(result, EmbyStreamException.Reason.TRUNCATED);
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
        assertThat(failure.getDeltaCount()).isEqualTo(2);
    }

    @Test
    void choiceZeroStaysTheAnswerWhenItCameLater() {
        server.enqueue(Responses.sse(Chunks.content(1, "one"), Chunks.content(0, "zero"), Chunks.finish(1, "stop"),
                Chunks.finish(0, "length"), Chunks.DONE));

        Exchange result = template.request("direct:stream", e -> e.getIn().setBody("hi"));

        assertThat(result.getMessage().getBody(String.class)).isEqualTo("zero");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("length");
        assertThat(result.getMessage().getHeader(EmbyConstants.CHOICES, java.util.List.class)).hasSize(2);
    }
}
