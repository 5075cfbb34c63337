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
package ai.emby.camel.chat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import static ai.emby.camel.chat.JsonValues.freeze;

/** Reads the JSON of option values: inline, from a resource, or a value that may or may not be JSON. */
final class OptionJson {

    private OptionJson() {
    }

    /** Inline JSON when the value starts with { or [, else a resource URI (no scheme means classpath). */
    static Object resolve(String option, String value, ChatOptions.ResourceLoader resources) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return parse(option, trimmed);
        }
        try (InputStream in = resources.open(trimmed)) {
            return freeze(Json.STRICT_READER.readValue(in));
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("Option " + option + ": resource '" + trimmed
                                               + "' not found (the value is neither inline JSON nor an existing resource)",
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Option " + option + ": resource '" + trimmed + "' is not valid JSON: "
                                               + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Option " + option + ": cannot read resource '" + trimmed + "': "
                                               + e.getMessage(),
                    e);
        }
    }

    static Object parse(String option, String json) {
        try {
            return freeze(Json.STRICT_READER.readValue(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Option " + option + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> parseAdditionalBodyProperties(Map<String, Object> properties) {
        if (properties == null || properties.isEmpty()) {
            return null;
        }
        Map<String, Object> parsed = new LinkedHashMap<>();
        properties.forEach((name, value) -> parsed.put(name, parseAdditionalValue(value)));
        return parsed;
    }

    /** JSON number, boolean, object, array or string literal as that; the JSON null as null; anything else as text. */
    private static Object parseAdditionalValue(Object value) {
        if (!(value instanceof String)) {
            return freeze(value);
        }
        try {
            return freeze(Json.STRICT_READER.readValue((String) value));
        } catch (JsonProcessingException e) {
            // Not JSON is the ordinary case for a plain text value (a user name, a tag): it is sent as the string.
            return value;
        }
    }
}
