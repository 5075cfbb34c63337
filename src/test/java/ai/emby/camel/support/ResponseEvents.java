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

import static ai.emby.camel.support.Chunks.quote;

/**
 * Builds Responses API stream events as OpenAI's API reference documents them ({@code event: <type>} then
 * {@code data: {"type": <type>, ..., "sequence_number": n}}), numbering them 0, 1, 2, ... in the order they are made,
 * as OpenAI, vLLM and Ollama do. One instance per stream.
 */
public final class ResponseEvents {

    public static final String RESPONSE_ID = "resp_1";

    private int sequence;

    /** An event of the given type; {@code members} are the JSON members after type (no braces), or "". */
    public String event(String type, String members) {
        String data = "{\"type\":\"" + type + "\"" + (members.isEmpty() ? "" : "," + members) + ",\"sequence_number\":"
                      + sequence++ + "}";
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    /** The same event again with an explicit sequence number (to send one that goes backwards). */
    public static String numbered(String type, String members, long sequenceNumber) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + members + ",\"sequence_number\":"
               + sequenceNumber + "}\n\n";
    }

    public static String response(String status, String extra) {
        return "\"response\":{\"id\":\"" + RESPONSE_ID + "\",\"object\":\"response\",\"created_at\":1741290958,"
               + "\"status\":\"" + status + "\",\"model\":\"gpt-4.1-2025-04-14\",\"output\":[]"
               + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    public String created() {
        return event("response.created", response("in_progress", "\"usage\":null"));
    }

    public String inProgress() {
        return event("response.in_progress", response("in_progress", "\"usage\":null"));
    }

    public String messageAdded(int outputIndex) {
        return event("response.output_item.added", "\"output_index\":" + outputIndex + ",\"item\":{\"id\":\"msg_1\","
                                                   + "\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}");
    }

    public String textDelta(String text) {
        return event("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                                                   + "\"delta\":" + quote(text) + ",\"logprobs\":[]");
    }

    public static String usage(int input, int cached, int output, int reasoning) {
        return "\"usage\":{\"input_tokens\":" + input + ",\"input_tokens_details\":{\"cached_tokens\":" + cached + "},"
               + "\"output_tokens\":" + output + ",\"output_tokens_details\":{\"reasoning_tokens\":" + reasoning + "},"
               + "\"total_tokens\":" + (input + output) + "}";
    }

    public String completed() {
        return event("response.completed", response("completed", usage(10, 0, 2, 0)));
    }

    /** A whole answer: created, in_progress, the message item, one delta per text, completed with usage. */
    public static String[] answer(String... texts) {
        ResponseEvents events = new ResponseEvents();
        String[] pieces = new String[texts.length + 4];
        pieces[0] = events.created();
        pieces[1] = events.inProgress();
        pieces[2] = events.messageAdded(0);
        for (int i = 0; i < texts.length; i++) {
            pieces[i + 3] = events.textDelta(texts[i]);
        }
        pieces[texts.length + 3] = events.completed();
        return pieces;
    }
}
