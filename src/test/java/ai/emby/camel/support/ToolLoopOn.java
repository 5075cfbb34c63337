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
package ai.emby.camel.support;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;

/** What a test adds to run its endpoints with a tool loop on: one tool bound to a route that answers at once. */
public final class ToolLoopOn {

    /** The endpoint options (after an {@code &}): the tools of tools/orders.json, lookup_order bound. */
    public static final String OPTIONS = "&tools=classpath:tools/orders.json"
                                         + "&toolEndpoint.lookup_order=direct:lookupOrder";

    private ToolLoopOn() {
    }

    /** The route of the bound tool. */
    public static RoutesBuilder toolRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:lookupOrder").setBody(constant("{\"status\":\"shipped\"}"));
            }
        };
    }
}
