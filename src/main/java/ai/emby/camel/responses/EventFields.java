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
package ai.emby.camel.responses;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The top-level fields of one Responses stream event that the reader needs, read in one pass of a streaming parser.
 * Servers order the fields differently (Ollama's Go maps sort them, so {@code delta} comes before {@code type}), so the
 * event is collected first and dispatched after. The small objects ({@code response}, {@code item}, {@code error})
 * are read as trees; the others (logprobs, parts) are skipped. Reused for every event of a stream.
 */
final class EventFields {

    static final int NO_INDEX = -1;

    String type;
    boolean hasSequence;
    long sequenceNumber;
    String delta;
    int outputIndex;
    String itemId;
    String arguments;
    String code;
    String message;
    JsonNode response;
    JsonNode item;
    JsonNode error;

    void reset() {
        type = null;
        hasSequence = false;
        sequenceNumber = 0;
        delta = null;
        outputIndex = NO_INDEX;
        itemId = null;
        arguments = null;
        code = null;
        message = null;
        response = null;
        item = null;
        error = null;
    }

    /** Reads the object the parser is at (its first token not read yet); false when the payload is not an object. */
    boolean read(JsonParser p, ObjectMapper mapper) throws IOException {
        reset();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> type = text(p, value);
                case "sequence_number" -> {
                    if (value.isNumeric()) {
                        hasSequence = true;
                        sequenceNumber = p.getLongValue();
                    }
                }
                case "delta" -> delta = text(p, value);
                case "output_index" -> outputIndex = value.isNumeric() ? p.getIntValue() : NO_INDEX;
                case "item_id" -> itemId = text(p, value);
                case "arguments" -> arguments = text(p, value);
                case "code" -> code = value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getValueAsString() : null;
                case "message" -> message = text(p, value);
                case "response" -> response = tree(p, mapper, value);
                case "item" -> item = tree(p, mapper, value);
                case "error" -> error = tree(p, mapper, value);
                default -> p.skipChildren();
            }
        }
        return true;
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static JsonNode tree(JsonParser p, ObjectMapper mapper, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        return mapper.readTree(p);
    }
}
