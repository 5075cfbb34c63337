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

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The tools an endpoint binds to Camel endpoints ({@code toolEndpoint.<name>}), checked when the producer starts:
 * every bound name must be a tool of the {@code tools} option, tool names must be unique, each tool's parameters must
 * be a JSON Schema of an object, and each URI must resolve to an endpoint — so a mistake fails the route's start, not
 * a request.
 */
final class ToolBindings {

    /** A tool and the producer of its endpoint. */
    record Tool(String name, Endpoint endpoint, AsyncProducer producer) {
    }

    private static final ToolBindings NONE = new ToolBindings(Map.of());

    private final Map<String, Tool> tools;

    private ToolBindings(Map<String, Tool> tools) {
        this.tools = tools;
    }

    /**
     * @param declared the parsed tools option (a JSON array), or null
     * @param bindings the toolEndpoint.* option: tool name → endpoint URI
     */
    static ToolBindings of(CamelContext context, EmbyOperation operation, Object declared,
                           Map<String, Object> bindings) throws Exception {
        if (bindings == null || bindings.isEmpty()) {
            return NONE;
        }
        if (operation != EmbyOperation.CHAT) {
            throw new IllegalArgumentException("toolEndpoint.* is supported by emby:chat only: remove it from the emby:"
                                               + operation.value() + " endpoint, or use emby:chat");
        }
        Map<String, Map<?, ?>> byName = declaredTools(declared);
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (Map.Entry<String, Object> binding : bindings.entrySet()) {
            String name = binding.getKey();
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("toolEndpoint." + name + " binds a tool the tools option does not"
                                                   + " declare; declared: " + String.join(", ", byName.keySet()));
            }
            String uri = binding.getValue() == null ? "" : binding.getValue().toString().strip();
            if (uri.isEmpty()) {
                throw new IllegalArgumentException("toolEndpoint." + name + " is empty: set it to an endpoint URI such"
                                                   + " as direct:" + name);
            }
            Endpoint endpoint;
            try {
                endpoint = CamelContextHelper.getMandatoryEndpoint(context, uri);
            } catch (NoSuchEndpointException e) {
                throw new IllegalArgumentException("toolEndpoint." + name + "=" + uri + " resolves to no endpoint: "
                                                   + e.getMessage(), e);
            }
            tools.put(name, new Tool(name, endpoint, endpoint.createAsyncProducer()));
        }
        for (Tool tool : tools.values()) {
            ServiceHelper.startService(tool.producer());
        }
        return new ToolBindings(Map.copyOf(tools));
    }

    private static Map<String, Map<?, ?>> declaredTools(Object declared) {
        if (!(declared instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("toolEndpoint.* binds tools, but the tools option declares none: set"
                                               + " tools to a JSON array of {type: function, function: {name,"
                                               + " description, parameters}} (inline or a resource)");
        }
        Map<String, Map<?, ?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Map<?, ?> function = ToolSchemas.function(list.get(i), i);
            String name = (String) function.get("name");
            if (byName.put(name, function) != null) {
                throw new IllegalArgumentException("Option tools declares two tools named " + name + ": tool names"
                                                   + " must be unique");
            }
            ToolSchemas.checkParameters(name, function.get("parameters"));
        }
        return byName;
    }

    boolean isEmpty() {
        return tools.isEmpty();
    }

    /** The bound tool of this name, or null. */
    Tool get(String name) {
        return tools.get(name);
    }

    Collection<String> names() {
        return tools.keySet();
    }

    void stop() {
        for (Tool tool : tools.values()) {
            ServiceHelper.stopService(tool.producer());
        }
    }
}
