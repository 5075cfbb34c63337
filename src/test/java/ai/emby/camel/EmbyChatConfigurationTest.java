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

import java.util.Map;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the endpoint contract: bad URIs fail at creation (or route start) with a message that says what to fix,
 * component options are defaults every endpoint copies (maps merged key by key), header overrides win, and bad input
 * fails the exchange before any request is sent.
 */
class EmbyChatConfigurationTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        EmbyComponent component = new EmbyComponent();
        component.getConfiguration().setApiKey("sk-component");
        component.getConfiguration().setModel("component-model");
        component.getConfiguration().setAdditionalHeader(new java.util.LinkedHashMap<>(
                Map.of("X-Team", "core", "X-Env", "test")));
        context.addComponent("emby", component);
        return context;
    }

    @Test
    void unknownOperationListsTheValidOnes() {
        assertThatThrownBy(() -> context.getEndpoint("emby:complete?model=m"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause().hasMessageContaining("Unknown operation: 'complete'").hasMessageContaining("chat");
    }

    @Test
    void unknownOptionFailsAtCreation() {
        assertThatThrownBy(() -> context.getEndpoint("emby:chat?modle=m"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("modle");
    }

    @Test
    void badOptionValuesFailAtCreation() {
        assertThatThrownBy(() -> context.getEndpoint("emby:chat?deltaFormat=xml"))
                .rootCause().hasMessageContaining("deltaFormat").hasMessageContaining("text, json");
        assertThatThrownBy(() -> context.getEndpoint("emby:chat?bufferBoundary=para"))
                .rootCause().hasMessageContaining("bufferBoundary");
        assertThatThrownBy(() -> context.getEndpoint("emby:chat?maxTokens=10&maxCompletionTokens=10"))
                .rootCause().hasMessageContaining("maxTokens").hasMessageContaining("maxCompletionTokens");
    }

    @Test
    void timeOptionsAcceptCamelDurations() {
        EmbyEndpoint endpoint = context.getEndpoint("emby:chat?idleTimeout=60s&firstDeltaTimeout=PT2M&connectTimeout=1500",
                EmbyEndpoint.class);
        assertThat(endpoint.getConfiguration().getIdleTimeout()).isEqualTo(60_000);
        assertThat(endpoint.getConfiguration().getFirstDeltaTimeout()).isEqualTo(120_000);
        assertThat(endpoint.getConfiguration().getConnectTimeout()).isEqualTo(1500);
    }

    @Test
    void deltaUriThatDoesNotResolveFailsAtRouteStart() {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad").to("emby:chat?deltaUri=nosuchscheme:x");
            }
        })).hasStackTraceContaining("nosuchscheme");
    }

    @Test
    void componentDefaultsAreCopiedAndMapsMergedPerEndpoint() throws Exception {
        server.enqueue(Responses.sse(Chunks.answer("ok")));
        String uri = String.format("emby:chat?baseUrl=%s&additionalHeader.X-Env=prod&additionalHeader.X-Extra=1",
                server.baseUrl());

        Exchange result = template.request(uri, e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        LlmServer.Request request = server.lastRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-component");
        assertThat(request.json()).containsEntry("model", "component-model");
        assertThat(request.header("X-Team")).isEqualTo("core");
        assertThat(request.header("X-Env")).isEqualTo("prod");
        assertThat(request.header("X-Extra")).isEqualTo("1");
        // the component's own map was not changed by the endpoint
        EmbyComponent component = context.getComponent("emby", EmbyComponent.class);
        assertThat(component.getConfiguration().getAdditionalHeader()).containsEntry("X-Env", "test")
                .doesNotContainKey("X-Extra");
    }

    @Test
    void headersOverrideOptionsAndInboundHttpHeadersAreNotForwarded() {
        server.enqueue(Responses.sse(Chunks.answer("ok")));

        template.request(String.format("emby:chat?baseUrl=%s&temperature=0.2", server.baseUrl()), e -> {
            e.getIn().setBody("hi");
            e.getIn().setHeader(EmbyConstants.MODEL, "header-model");
            e.getIn().setHeader(EmbyConstants.TEMPERATURE, "0.9");
            e.getIn().setHeader("Authorization", "Bearer inbound-user-token");
            e.getIn().setHeader(Exchange.HTTP_URI, "http://evil.example/");
        });

        LlmServer.Request request = server.lastRequest();
        assertThat(request.json()).containsEntry("model", "header-model").containsEntry("temperature", 0.9);
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-component");
        assertThat(request.path).isEqualTo("/v1/chat/completions");
    }

    @Test
    void missingKeyFailsBeforeAnyRequest() {
        EmbyComponent component = context.getComponent("emby", EmbyComponent.class);
        String saved = component.getConfiguration().getApiKey();
        component.getConfiguration().setApiKey(null);
        try {
            Exchange result = template.request(String.format("emby:chat?baseUrl=%s&model=m", server.baseUrl()),
                    e -> e.getIn().setBody("hi"));
            if (System.getenv("EMBY_API_KEY") == null && System.getProperty("emby.api.key") == null) {
                assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("apiKey").hasMessageContaining("EMBY_API_KEY");
                assertThat(server.requests()).isEmpty();
            }
        } finally {
            component.getConfiguration().setApiKey(saved);
        }
    }

    @Test
    void unsupportedBodyTypeFailsBeforeAnyRequest() {
        Exchange result = template.request(String.format("emby:chat?baseUrl=%s", server.baseUrl()),
                e -> e.getIn().setBody(42));

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Integer");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void badHeaderValueNamesTheHeader() {
        Exchange result = template.request(String.format("emby:chat?baseUrl=%s", server.baseUrl()), e -> {
            e.getIn().setBody("hi");
            e.getIn().setHeader(EmbyConstants.TEMPERATURE, "warm");
        });

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EmbyConstants.TEMPERATURE);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void additionalHeaderValuesAreMaskedInToString() {
        EmbyEndpoint endpoint = context.getEndpoint(
                "emby:chat?model=m&additionalHeader.X-Portkey-Api-Key=pk-secret-value", EmbyEndpoint.class);
        assertThat(endpoint.toString()).doesNotContain("pk-secret-value").contains("additionalHeader.X-Portkey-Api-Key=");
        assertThat(endpoint.getServiceUrl()).startsWith("http");
        assertThat(endpoint.getServiceProtocol()).isEqualTo("http");
    }

    @Test
    void keyIsMaskedInTheEndpointUri() {
        EmbyEndpoint endpoint = context.getEndpoint("emby:chat?apiKey=sk-very-secret&model=m", EmbyEndpoint.class);
        // what Camel shows in logs, JMX and route dumps is the sanitized URI: apiKey is a secret option
        assertThat(org.apache.camel.util.URISupport.sanitizeUri(endpoint.getEndpointUri()))
                .doesNotContain("sk-very-secret");
        assertThat(endpoint.toString()).doesNotContain("sk-very-secret");
        assertThat(endpoint.getConfiguration().toString()).doesNotContain("sk-very-secret");
    }
}
