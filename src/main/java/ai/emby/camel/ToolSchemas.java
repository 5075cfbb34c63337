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
import java.util.Set;

/**
 * The checks a declared tool gets before any request: the shape OpenAI-compatible servers require
 * ({@code {type: function, function: {name, parameters}}}), and parameters that are a JSON Schema of an object, with
 * the schema keywords that must have a given JSON type having it. Not a full JSON Schema validator: what a server
 * would reject, or a model could not use, fails here with the tool's name.
 */
final class ToolSchemas {

    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean",
            "null");

    private ToolSchemas() {
    }

    /** The {@code function} object of the tool at this position of the tools option. */
    static Map<?, ?> function(Object tool, int index) {
        if (!(tool instanceof Map<?, ?> map) || !(map.get("function") instanceof Map<?, ?> function)) {
            throw new IllegalArgumentException("Option tools: entry " + index + " is not {\"type\": \"function\","
                                               + " \"function\": {...}}");
        }
        if (map.get("type") != null && !"function".equals(map.get("type"))) {
            throw new IllegalArgumentException("Option tools: entry " + index + " has type " + map.get("type")
                                               + "; only function tools can be bound to endpoints");
        }
        if (!(function.get("name") instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("Option tools: entry " + index + " has no function.name");
        }
        return function;
    }

    /** Throws when the parameters are not a JSON Schema of an object. */
    static void checkParameters(String tool, Object parameters) {
        if (parameters == null) {
            return; // a tool without arguments
        }
        if (!(parameters instanceof Map<?, ?> schema)) {
            throw invalid(tool, "parameters must be a JSON Schema object, not " + describe(parameters));
        }
        if (!"object".equals(schema.get("type"))) {
            throw invalid(tool, "parameters must have \"type\": \"object\" (the arguments are one JSON object)");
        }
        checkSchema(tool, "parameters", schema);
        Object required = schema.get("required");
        if (required != null) {
            Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
            for (Object name : (List<?>) required) {
                if (!properties.containsKey(name)) {
                    throw invalid(tool, "parameters.required names " + name + ", which is not in properties");
                }
            }
        }
    }

    private static void checkSchema(String tool, String path, Map<?, ?> schema) {
        Object type = schema.get("type");
        if (type != null) {
            List<?> types = type instanceof List<?> list ? list : List.of(type);
            for (Object t : types) {
                if (!TYPES.contains(t)) {
                    throw invalid(tool, path + ".type " + describe(t) + " is not a JSON Schema type (" + TYPES + ")");
                }
            }
        }
        Object properties = schema.get("properties");
        if (properties != null) {
            if (!(properties instanceof Map<?, ?> props)) {
                throw invalid(tool, path + ".properties must be an object");
            }
            for (Map.Entry<?, ?> property : props.entrySet()) {
                if (!(property.getValue() instanceof Map<?, ?> sub)) {
                    throw invalid(tool, path + ".properties." + property.getKey() + " must be a schema object");
                }
                checkSchema(tool, path + ".properties." + property.getKey(), sub);
            }
        }
        Object required = schema.get("required");
        if (required != null && (!(required instanceof List<?> list)
                                 || !list.stream().allMatch(String.class::isInstance))) {
            throw invalid(tool, path + ".required must be an array of property names");
        }
        Object items = schema.get("items");
        if (items != null) {
            if (!(items instanceof Map<?, ?> sub)) {
                throw invalid(tool, path + ".items must be a schema object");
            }
            checkSchema(tool, path + ".items", sub);
        }
        Object values = schema.get("enum");
        if (values != null && !(values instanceof List)) {
            throw invalid(tool, path + ".enum must be an array");
        }
    }

    private static IllegalArgumentException invalid(String tool, String why) {
        return new IllegalArgumentException("Option tools: tool " + tool + " is not valid JSON Schema: " + why);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof String ? "\"" + value + "\"" : value.getClass().getSimpleName();
    }
}
