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

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tool loop configured wrongly fails the route's start, before any request, with a message that says what to
 * change: a tools schema that is not JSON Schema, two tools with one name, a binding of an undeclared tool, a tool URI
 * that resolves to no endpoint, a binding on emby:responses.
 */
class EmbyChatToolBindingsTest extends CamelTestSupport {

    private static final String BASE = "model=m&apiKey=k&baseUrl=http://127.0.0.1:9/v1";

    private void startRouteTo(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to(uri);
                from("direct:lookupOrder").setBody(constant("{}"));
            }
        });
    }

    @Test
    void aSchemaThatIsNotJsonSchemaFailsTheRouteStart() {
        assertThatThrownBy(() -> startRouteTo("emby:chat?" + BASE + "&tools=classpath:tools/bad-schema.json"
                                              + "&toolEndpoint.lookup_order=direct:lookupOrder"))
                .hasStackTraceContaining("tool lookup_order is not valid JSON Schema")
                .hasStackTraceContaining("parameters.properties.order_id.type \"text\" is not a JSON Schema type");
    }

    @Test
    void twoToolsWithOneNameFailTheRouteStart() {
        assertThatThrownBy(() -> startRouteTo("emby:chat?" + BASE + "&tools=classpath:tools/duplicate-names.json"
                                              + "&toolEndpoint.lookup_order=direct:lookupOrder"))
                .hasStackTraceContaining("declares two tools named lookup_order");
    }

    @Test
    void aBindingOfAToolTheToolsOptionLacksFailsTheRouteStart() {
        assertThatThrownBy(() -> startRouteTo("emby:chat?" + BASE + "&tools=classpath:tools/orders.json"
                                              + "&toolEndpoint.cancel_order=direct:lookupOrder"))
                .hasStackTraceContaining("toolEndpoint.cancel_order binds a tool the tools option does not declare")
                .hasStackTraceContaining("lookup_order, get_weather");
    }

    @Test
    void aToolUriThatResolvesToNoEndpointFailsTheRouteStart() {
        assertThatThrownBy(() -> startRouteTo("emby:chat?" + BASE + "&tools=classpath:tools/orders.json"
                                              + "&toolEndpoint.lookup_order=nosuchscheme:orders"))
                .hasStackTraceContaining("toolEndpoint.lookup_order=nosuchscheme:orders resolves to no endpoint");
    }

    @Test
    void bindingsWithoutToolsFailTheRouteStart() {
        assertThatThrownBy(() -> startRouteTo("emby:chat?" + BASE + "&toolEndpoint.lookup_order=direct:lookupOrder"))
                .hasStackTraceContaining("the tools option declares none");
    }

    @Test
    void bindingsOnTheResponsesApiFailTheRouteStart() {
        assertThatThrownBy(() -> startRouteTo("emby:responses?" + BASE + "&tools=classpath:tools/orders.json"
                                              + "&toolEndpoint.lookup_order=direct:lookupOrder"))
                .hasStackTraceContaining("toolEndpoint.* is supported by emby:chat only");
    }

    @Test
    void anUnknownToolErrorsValueFailsTheEndpoint() {
        assertThatThrownBy(() -> startRouteTo("emby:chat?" + BASE + "&tools=classpath:tools/orders.json"
                                              + "&toolEndpoint.lookup_order=direct:lookupOrder&toolErrors=ignore"))
                .hasStackTraceContaining("Invalid value 'ignore' for option toolErrors. Valid values: model, fail");
    }
}
