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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves what an exchange sends when its input is awkward (issue 13, defects 11d and 11f): a blank
 * {@code CamelEmbyModel} header does not replace the configured model, and Camel's redelivery of an exchange whose
 * body is a one-shot {@code InputStream} (stream caching off) sends the same prompt again, not an empty one.
 */
class EmbyChatRequestInputTest extends CamelTestSupport {

    private static final String PROMPT = "Summarize the attached report";

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // the InputStream must reach the producer as it is, as a route without stream caching delivers it
        context.setStreamCaching(false);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String emby = "emby:chat?model=configured-model&apiKey=sk-test&maxRetries=0&baseUrl=" + server.baseUrl();
                from("direct:chat").to(emby);
                from("direct:redelivered")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(1).redeliveryDelay(0))
                        .to(emby);
            }
        };
    }

    @Test
    void aBlankModelHeaderCountsAsAbsent() {
        for (String blank : List.of("", "  ")) {
            server.enqueue(Responses.sse(Chunks.answer("ok")));
            Exchange result = template.request("direct:chat", e -> {
                e.getIn().setBody("hi");
                e.getIn().setHeader(EmbyConstants.MODEL, blank);
            });
            assertThat(result.getException()).as("model header '%s'", blank).isNull();
            assertThat(server.lastRequest().json()).containsEntry("model", "configured-model");
        }
    }

    @Test
    void redeliveryOfAnInputStreamBodySendsTheSamePrompt() {
        // the first attempt fails with a status the component does not retry itself (maxRetries=0): Camel redelivers
        server.enqueue(Responses.json(500, "{\"error\":{\"message\":\"try again\"}}"));
        server.enqueue(Responses.sse(Chunks.answer("done")));

        Exchange result = template.request("direct:redelivered",
                e -> e.getIn().setBody(new ByteArrayInputStream(PROMPT.getBytes(StandardCharsets.UTF_8))));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("done");
        assertThat(server.requests()).hasSize(2).allSatisfy(request -> assertThat(request.json().get("messages"))
                .isEqualTo(List.of(Map.of("role", "user", "content", PROMPT))));
    }
}
