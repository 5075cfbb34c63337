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
 * One parsed element of a delta's {@code tool_calls} array, reused from chunk to chunk.
 */
final class ToolCallFragment {

    static final int NO_INDEX = -1;

    int index = NO_INDEX;
    String id;
    String type;
    String name;
    String arguments;
    Map<String, Object> extras;

    void reset() {
        index = NO_INDEX;
        id = null;
        type = null;
        name = null;
        arguments = null;
        extras = null;
    }

    void putExtra(String key, Object value) {
        if (extras == null) {
            extras = new LinkedHashMap<>();
        }
        extras.put(key, value);
    }
}
