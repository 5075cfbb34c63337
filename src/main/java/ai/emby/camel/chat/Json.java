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

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The component's own Jackson objects: never a mapper from the registry, whose settings (naming strategies, default
 * typing) could change the wire format.
 */
public final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFactory FACTORY = MAPPER.getFactory();
    /** Reads one JSON value and rejects anything after it ("12 abc" is not JSON). */
    static final ObjectReader STRICT_READER
            = MAPPER.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** The component's mapper, for a sibling protocol that reads with the same settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a text that must be exactly one JSON value (an input header's JSON, say). */
    public static Object readStrict(String json) throws JsonProcessingException {
        return STRICT_READER.readValue(json);
    }

    /** Serializes a request body as UTF-8 JSON. */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write the request body as JSON: " + e.getMessage(), e);
        }
    }
}
