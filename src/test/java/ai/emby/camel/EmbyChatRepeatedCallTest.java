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
 * Proves that the output headers describe the current call only (issue 13, defect 1): an exchange that calls
 * {@code emby:chat} twice, the first answer with tool calls, reasoning, usage and a finish reason, the second with none
 * of them, ends with none of the first call's output headers, and the second call's delta exchanges do not carry
 * them either. Input headers (the model override) and the user's own headers stay.
 */
class EmbyChatRepeatedCallTest extends CamelTestSupport {

    private static final String TOOL_CALL_ANSWER = "{\"id\":\"chatcmpl-1\",\"model\":\"first-model\",\"choices\":[{\"index\":0,"
                                                   + "\"delta\":{\"reasoning_content\":\"thinking\",\"tool_calls\":[{\"index\":0,"
                                                   + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
                                                   + "\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String emby = "emby:chat?model=test-model&apiKey=sk-test&maxRetries=0&baseUrl=" + server.baseUrl();
                from("direct:twice")
                        .to(emby)
                        .to("mock:first")
                        .setBody(constant("and now?"))
                        .to(emby + "&deltaUri=mock:deltas");
            }
        };
    }

    @Test
    void theSecondCallKeepsNoOutputHeaderOfTheFirst() throws Exception {
        server.enqueue(Responses.sse(Chunks.event(TOOL_CALL_ANSWER), Chunks.usage(10, 3), Chunks.DONE));
        // no finish reason, no usage, no id or model, no tool calls: complete by [DONE]
        server.enqueue(Responses.sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"plain\"}}]}\n\n",
                Chunks.DONE));
        MockEndpoint first = getMockEndpoint("mock:first");
        first.expectedMessageCount(1);
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("plain");

        Exchange result = template.request("direct:twice", e -> {
            e.getIn().setBody("look it up");
            e.getIn().setHeader(EmbyConstants.MODEL, "override-model");
            e.getIn().setHeader("tenant", "acme");
        });

        first.assertIsSatisfied();
        deltas.assertIsSatisfied();
        // the first call did set them
        var firstHeaders = first.getReceivedExchanges().get(0).getIn().getHeaders();
        assertThat(firstHeaders).containsKeys(EmbyConstants.TOOL_CALLS, EmbyConstants.REASONING,
                EmbyConstants.FINISH_REASON, EmbyConstants.PROMPT_TOKENS, EmbyConstants.USAGE,
                EmbyConstants.RESPONSE_MODEL);
        // and the list a call clears covers every output header it wrote
        assertThat(OutputHeaders.NAMES).containsAll(firstHeaders.keySet().stream()
                .filter(name -> name.startsWith("CamelEmby") && !name.equals(EmbyConstants.MODEL)).toList());

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("plain");
        List<String> stale = List.of(EmbyConstants.TOOL_CALLS, EmbyConstants.REASONING, EmbyConstants.FINISH_REASON,
                EmbyConstants.PROMPT_TOKENS, EmbyConstants.COMPLETION_TOKENS, EmbyConstants.TOTAL_TOKENS,
                EmbyConstants.USAGE, EmbyConstants.RESPONSE_ID, EmbyConstants.RESPONSE_MODEL);
        assertThat(result.getMessage().getHeaders()).doesNotContainKeys(stale.toArray(String[]::new));
        assertThat(result.getMessage().getHeader(EmbyConstants.DELTA_COUNT)).isEqualTo(1);
        assertThat(result.getMessage().getHeader(EmbyConstants.MODEL)).isEqualTo("override-model");
        assertThat(result.getMessage().getHeader("tenant")).isEqualTo("acme");

        Exchange delta = deltas.getReceivedExchanges().get(0);
        assertThat(delta.getIn().getHeaders()).doesNotContainKeys(stale.toArray(String[]::new));
        assertThat(delta.getIn().getHeader(EmbyConstants.MODEL)).isEqualTo("override-model");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.json()).containsEntry("model", "override-model"));
    }
}
