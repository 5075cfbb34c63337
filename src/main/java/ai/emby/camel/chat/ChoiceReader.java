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
import java.util.Map;

import ai.emby.camel.protocol.DeltaListener;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Reads the {@code choices} array of a chunk (or of a whole completion) with Jackson's streaming parser and applies
 * each choice to the {@link AnswerState}. One reused {@link DeltaFields}: no allocation per choice but what is kept.
 */
final class ChoiceReader {

    private final ObjectReader valueReader;
    private final ObjectReader nodeReader;
    private final DeltaReader deltaReader;
    private final DeltaFields delta = new DeltaFields();
    private final AnswerState state;
    private final ChunkErrors errors;
    private final DeltaListener listener;

    ChoiceReader(ObjectReader valueReader, ObjectReader nodeReader, AnswerState state, ChunkErrors errors,
                 DeltaListener listener) {
        this.valueReader = valueReader;
        this.nodeReader = nodeReader;
        this.deltaReader = new DeltaReader(valueReader, nodeReader);
        this.state = state;
        this.errors = errors;
        this.listener = listener;
    }

    void readChoices(JsonParser p, boolean completion) throws IOException {
        int position = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                readChoice(p, position, completion);
            } else {
                p.skipChildren();
            }
            position++;
        }
    }

    private void readChoice(JsonParser p, int position, boolean completion) throws IOException {
        DeltaFields d = delta;
        d.reset();
        int index = -1;
        String finishReason = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index":
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        index = p.getIntValue();
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "delta":
                    readDelta(p, t, completion ? DeltaFields.OTHER : DeltaFields.PREFERRED);
                    break;
                case "message":
                    readDelta(p, t, completion ? DeltaFields.PREFERRED : DeltaFields.OTHER);
                    break;
                case "finish_reason":
                    if (t == JsonToken.VALUE_STRING) {
                        finishReason = p.getText();
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "error":
                    if (t != JsonToken.VALUE_NULL) {
                        JsonNode error = nodeReader.readValue(p);
                        errors.noteChoiceError(error);
                    }
                    break;
                case "usage":
                    readUsage(p, t);
                    break;
                default:
                    p.skipChildren();
            }
        }
        // Servers that omit "index" send choices in order.
        errors.noteErrorFinish(state.apply(index >= 0 ? index : position, delta, finishReason, listener));
    }

    private void readDelta(JsonParser p, JsonToken t, int rank) throws IOException {
        // A chunk carries "delta", a completion "message"; a few servers send both, and then the
        // one that belongs to the kind of response wins.
        if (t != JsonToken.START_OBJECT || rank == DeltaFields.OTHER && delta.source == DeltaFields.PREFERRED) {
            p.skipChildren();
            return;
        }
        if (delta.source != DeltaFields.NONE) {
            delta.reset();
        }
        deltaReader.read(p, delta);
        delta.source = rank;
    }

    @SuppressWarnings("unchecked")
    void readUsage(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            // the last non-null usage wins: it covers the whole request, so it is never summed
            state.usage((Map<String, Object>) valueReader.readValue(p));
        } else {
            p.skipChildren();
        }
    }
}
