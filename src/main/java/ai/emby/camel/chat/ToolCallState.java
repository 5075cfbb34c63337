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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tool call being assembled from its fragments.
 */
final class ToolCallState {

    final int position;
    final int serverIndex;
    String id;
    String type;
    String name;
    final StringBuilder arguments = new StringBuilder();
    Map<String, Object> extras;

    ToolCallState(int position, int serverIndex) {
        this.position = position;
        this.serverIndex = serverIndex;
    }

    void merge(ToolCallFragment fragment) {
        if (id == null && fragment.id != null) {
            id = fragment.id;
        }
        if (type == null && fragment.type != null) {
            type = fragment.type;
        }
        name = mergeName(name, fragment.name);
        if (fragment.arguments != null) {
            arguments.append(fragment.arguments);
        }
        if (fragment.extras != null) {
            if (extras == null) {
                extras = new LinkedHashMap<>();
            }
            extras.putAll(fragment.extras);
        }
    }

    /**
     * OpenAI sends a function name once, in the first fragment; some servers repeat the full name in
     * every fragment, so an equal name is not appended again, and any other name is taken as a piece.
     */
    static String mergeName(String current, String incoming) {
        if (incoming == null || incoming.isEmpty()) {
            return current;
        }
        if (current == null || current.isEmpty()) {
            return incoming;
        }
        return current.equals(incoming) ? current : current + incoming;
    }

    String typeOrDefault() {
        // Some servers omit "type"; "function" is the only type Chat Completions knows for these calls.
        return type != null ? type : "function";
    }

    Map<String, Object> toHeaderMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", position);
        map.put("id", id);
        map.put("type", typeOrDefault());
        map.put("name", name);
        map.put("arguments", arguments.toString());
        return map;
    }

    Map<String, Object> toMessageMap() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", name);
        function.put("arguments", arguments.toString());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("type", typeOrDefault());
        map.put("function", function);
        if (extras != null) {
            // Fields such as Gemini's extra_content (thought signatures) must go back with the call.
            extras.forEach(map::putIfAbsent);
        }
        return map;
    }
}
