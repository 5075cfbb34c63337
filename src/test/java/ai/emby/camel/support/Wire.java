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

    /** A complete streamed answer with one content delta per text. */
    public String[] answer(String... texts) {
        return this == CHAT ? Chunks.answer(texts) : ResponseEvents.answer(texts);
    }
}
