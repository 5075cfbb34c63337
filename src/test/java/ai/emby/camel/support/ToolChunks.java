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
 * Streamed chunks with tool calls, in the shapes real providers send them: OpenAI's fragments (a call's id and name
 * first, its arguments in pieces, parallel calls interleaved by index), Ollama's whole calls (one chunk per call,
 * every one at index 0), Gemini's whole calls without any index.
 */
public final class ToolChunks {

    private ToolChunks() {
    }

    /** A chunk of choice 0 with this delta JSON. */
    public static String delta(String deltaJson) {
        return Chunks.event("{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":null}]}");
    }

    /** DeepSeek's reasoning delta. */
    public static String reasoning(String text) {
        return delta("{\"reasoning_content\":" + Chunks.quote(text) + "}");
    }

    /** The first fragment of a call: index, id, name, no arguments yet. */
    public static String callStart(int index, String id, String name) {
        return delta("{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\","
                     + "\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}");
    }

    /** A piece of a call's arguments. */
    public static String arguments(int index, String piece) {
        return delta("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":" + Chunks.quote(piece)
                     + "}}]}");
    }

    /** A whole call in one chunk at index 0 (Ollama). */
    public static String wholeCallAtIndexZero(String id, String name, String arguments) {
        return delta("{\"tool_calls\":[{\"index\":0,\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\""
                     + name + "\",\"arguments\":" + Chunks.quote(arguments) + "}}]}");
    }

    /** Whole calls without indexes in one chunk (Gemini's OpenAI-compatible API). */
    public static String wholeCallsWithoutIndex(String... idNameArguments) {
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < idNameArguments.length; i += 3) {
            calls.append(i == 0 ? "" : ",").append("{\"id\":\"").append(idNameArguments[i])
                    .append("\",\"type\":\"function\",\"function\":{\"name\":\"").append(idNameArguments[i + 1])
                    .append("\",\"arguments\":").append(Chunks.quote(idNameArguments[i + 2])).append("}}");
        }
        return delta("{\"tool_calls\":[" + calls + "]}");
    }

    /** The end of a tool-call answer: finish tool_calls, usage, [DONE]. */
    public static String[] end(int prompt, int completion) {
        return new String[] { Chunks.finish("tool_calls"), Chunks.usage(prompt, completion), Chunks.DONE };
    }
}
