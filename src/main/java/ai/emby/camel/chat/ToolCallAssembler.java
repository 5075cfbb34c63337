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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges the tool-call fragments of one choice into whole calls, per the stream rules.
 */
final class ToolCallAssembler {

    private final List<ToolCallState> calls = new ArrayList<>(2);

    void accept(ToolCallFragment fragment) {
        ToolCallState call;
        if (fragment.index != ToolCallFragment.NO_INDEX) {
            call = latestAt(fragment.index);
            // Gemini-style servers send every parallel call with index 0: a new id means a new call.
            if (call == null || fragment.id != null && call.id != null && !fragment.id.equals(call.id)) {
                call = start(fragment.index);
            }
        } else if (fragment.id != null) {
            call = withId(fragment.id);
            if (call == null) {
                ToolCallState last = lastStarted();
                // An id arriving for a call that has none yet belongs to that call.
                call = last != null && last.id == null ? last : start(ToolCallFragment.NO_INDEX);
            }
        } else {
            ToolCallState last = lastStarted();
            call = last != null ? last : start(ToolCallFragment.NO_INDEX);
        }
        call.merge(fragment);
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    List<Map<String, Object>> toHeaderList() {
        List<Map<String, Object>> list = new ArrayList<>(calls.size());
        for (ToolCallState call : calls) {
            list.add(call.toHeaderMap());
        }
        return list;
    }

    List<Map<String, Object>> toMessageList() {
        List<Map<String, Object>> list = new ArrayList<>(calls.size());
        for (ToolCallState call : calls) {
            list.add(call.toMessageMap());
        }
        return list;
    }

    private ToolCallState start(int serverIndex) {
        ToolCallState call = new ToolCallState(calls.size(), serverIndex);
        calls.add(call);
        return call;
    }

    private ToolCallState lastStarted() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    private ToolCallState latestAt(int serverIndex) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            ToolCallState call = calls.get(i);
            if (call.serverIndex == serverIndex) {
                return call;
            }
        }
        return null;
    }

    private ToolCallState withId(String id) {
        // Servers that repeat the id on every fragment without an index continue their call.
        for (int i = calls.size() - 1; i >= 0; i--) {
            ToolCallState call = calls.get(i);
            if (id.equals(call.id)) {
                return call;
            }
        }
        return null;
    }
}
