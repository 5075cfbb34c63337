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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.ToolChunks;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user guide's recipe "an assistant that looks up orders through a route", run as written: the YAML block is read
 * from docs/user-guide.md and loaded, and the Java routes are the guide's, with the model and base URL pointed at a
 * scripted server.
 */
class EmbyChatToolRecipeTest extends CamelTestSupport {

    private static final Path GUIDE = Path.of("docs/user-guide.md");
    private static final String MARKER = "<!-- recipe: order-assistant.yaml -->";

    @RegisterExtension
    LlmServer server = new LlmServer();

    @BeforeEach
    void scriptTheModel() throws Exception {
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("Looking up A-17… "),
                ToolChunks.wholeCallAtIndexZero("call_1", "lookup_order", "{\"order_id\":\"A-17\"}"),
                Chunks.finish("tool_calls"), Chunks.usage(30, 9), Chunks.DONE));
        server.enqueue(Responses.sse(Chunks.answer("A-17 has shipped", " and arrives tomorrow.")));
        context.getPropertiesComponent().addOverrideProperty("assistant.model", "gpt-5-mini");
        context.getPropertiesComponent().addOverrideProperty("assistant.baseUrl", server.baseUrl());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:tokens").to("mock:tokens");
            }
        });
    }

    @Test
    void theYamlRecipeOfTheUserGuideRuns() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("order-assistant.yaml",
                yamlBlockOfTheGuide()));

        assertTheAssistantAnswered();
    }

    @Test
    void theJavaRecipeOfTheUserGuideRuns() throws Exception {
        String baseUrl = server.baseUrl();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // as in the guide, with apiKey and baseUrl for the scripted server
                from("direct:assistant")
                    .to("emby:chat?model=gpt-5-mini&systemMessage=You+answer+questions+about+orders"
                        + "&tools=classpath:tools/orders.json"
                        + "&toolEndpoint.lookup_order=direct:lookupOrder"
                        + "&deltaUri=direct:tokens&apiKey=k&baseUrl=" + baseUrl)
                    .log("${body} (${header.CamelEmbyTotalTokens} tokens over ${header.CamelEmbyToolRounds.size()}"
                         + " requests)");

                from("direct:lookupOrder")
                    .setBody(simple("{\"order_id\": \"${body[order_id]}\", \"status\": \"shipped\", \"delivery\":"
                                    + " \"tomorrow\"}"));
            }
        });

        assertTheAssistantAnswered();
    }

    private void assertTheAssistantAnswered() throws Exception {
        MockEndpoint tokens = getMockEndpoint("mock:tokens");
        tokens.expectedBodiesReceived("Looking up A-17… ", "A-17 has shipped", " and arrives tomorrow.");

        Exchange result = template.request("direct:assistant", e -> {
            e.getIn().setBody("Where is my order A-17?");
        });

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("A-17 has shipped and arrives tomorrow.");
        tokens.assertIsSatisfied();
        assertThat(tokens.getExchanges()).extracting(e -> e.getIn().getHeader(EmbyConstants.TOOL_ROUND))
                .containsExactly(0, 1, 1);
        assertThat(result.getMessage().getHeader(EmbyConstants.TOOL_ROUNDS, List.class)).hasSize(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sent = (List<Map<String, Object>>) server.requests().get(1).json().get("messages");
        Map<String, Object> toolResult = sent.get(sent.size() - 1);
        assertThat(toolResult).containsEntry("role", "tool").containsEntry("tool_call_id", "call_1");
        assertThat((String) toolResult.get("content")).contains("\"status\": \"shipped\"").contains("A-17");
    }

    private static String yamlBlockOfTheGuide() throws Exception {
        String guide = Files.readString(GUIDE);
        int marker = guide.indexOf(MARKER);
        assertThat(marker).as("the recipe marker in %s", GUIDE).isPositive();
        int start = guide.indexOf("```yaml\n", marker) + "```yaml\n".length();
        int end = guide.indexOf("```", start);
        String yaml = guide.substring(start, end);
        // the scripted server takes any key
        return yaml.replace("baseUrl: \"{{assistant.baseUrl}}\"", "baseUrl: \"{{assistant.baseUrl}}\"\n              apiKey: k");
    }
}
