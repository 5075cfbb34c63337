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
 * Builds chat.completion.chunk events the way OpenAI-compatible servers write them.
 */
public final class Chunks {

    public static final String DONE = "data: [DONE]\n\n";

    private Chunks() {
    }

    /** The first chunk: role only, no content. */
    public static String role() {
        return event("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"test-model\","
                     + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
    }

    /** A content delta of choice 0. */
    public static String content(String text) {
        return content(0, text);
    }

    public static String content(int choice, String text) {
        return event("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"test-model\","
                     + "\"choices\":[{\"index\":" + choice + ",\"delta\":{\"content\":" + quote(text)
                     + "},\"finish_reason\":null}]}");
    }

    /** The finish chunk of choice 0. */
    public static String finish(String reason) {
        return finish(0, reason);
    }

    public static String finish(int choice, String reason) {
        return event("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"test-model\","
                     + "\"choices\":[{\"index\":" + choice + ",\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}");
    }

    /** The usage-only chunk OpenAI sends last with stream_options.include_usage: choices is empty. */
    public static String usage(int prompt, int completion) {
        return event("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"test-model\","
                     + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                     + ",\"total_tokens\":" + (prompt + completion) + "}}");
    }

    /** A whole answer: role, one delta per text, finish, usage, [DONE]. */
    public static String[] answer(String... texts) {
        String[] events = new String[texts.length + 4];
        events[0] = role();
        for (int i = 0; i < texts.length; i++) {
            events[i + 1] = content(texts[i]);
        }
        events[texts.length + 1] = finish("stop");
        events[texts.length + 2] = usage(10, texts.length);
        events[texts.length + 3] = DONE;
        return events;
    }

    public static String event(String json) {
        return "data: " + json + "\n\n";
    }

    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
