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

/**
 * The wire protocol a shared test runs against: its operation (the word in the endpoint URI), its path, and a whole
 * streamed answer in its events. A test written against this runs unchanged for {@code emby:chat} and
 * {@code emby:responses}, which shows that everything but the wire format is shared code.
 */
public enum Wire {

    CHAT("chat", "/v1/chat/completions"),
    RESPONSES("responses", "/v1/responses");

    private final String operation;
    private final String path;

    Wire(String operation, String path) {
        this.operation = operation;
        this.path = path;
    }

    /** {@code emby:chat} or {@code emby:responses}. */
    public String uri() {
        return "emby:" + operation;
    }

    public String path() {
        return path;
    }

    /** The first event of a stream, before any text (chat: the role chunk; responses: response.created, unnumbered). */
    public String start() {
        return this == CHAT ? Chunks.role()
                : "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\","
                  + "\"status\":\"in_progress\"}}\n\n";
    }

    /** One content delta, not numbered (a Responses server numbers its events; unnumbered ones are not checked). */
    public String content(String text) {
        return this == CHAT ? Chunks.content(text)
                : "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"output_index\":0,"
                  + "\"delta\":" + Chunks.quote(text) + "}\n\n";
    }

    /** An error inside the stream, with this message. */
    public String error(String message) {
        return this == CHAT ? Chunks.event("{\"error\":{\"message\":" + Chunks.quote(message) + "}}")
                : "event: error\ndata: {\"type\":\"error\",\"code\":null,\"message\":" + Chunks.quote(message)
                  + "}\n\n";
    }

    /** The end of a stream after its content (chat: finish chunk and [DONE]; responses: response.completed). */
    public String[] end() {
        return this == CHAT ? new String[] { Chunks.finish("stop"), Chunks.DONE }
                : new String[] { "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
                                 + "{\"id\":\"resp_1\",\"status\":\"completed\"}}\n\n" };
    }

    /** A complete streamed answer with one content delta per text. */
    public String[] answer(String... texts) {
        return this == CHAT ? Chunks.answer(texts) : ResponseEvents.answer(texts);
    }
}
