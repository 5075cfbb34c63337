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
package ai.emby.camel.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which stored messages a request sends, and which a conversation keeps: the newest whole turns that fit a message
 * count and a character budget. A turn starts at a user message and holds everything up to the next one — the
 * assistant's tool calls, their results, the answer — so trimming never splits a tool round (every provider rejects a
 * tool result whose call is gone, or a call without its results). Leading system messages are always kept and not
 * counted; the newest turn is kept even when it alone passes a limit.
 *
 * @param maxMessages most messages, 0 = no limit
 * @param maxChars    most characters of content and tool-call arguments, 0 = no limit
 */
public record ConversationWindow(int maxMessages, int maxChars) {

    public static final ConversationWindow UNLIMITED = new ConversationWindow(0, 0);

    public ConversationWindow {
        if (maxMessages < 0 || maxChars < 0) {
            throw new IllegalArgumentException("maxMessages and maxChars must be 0 (no limit) or more");
        }
    }

    /** The messages to keep of these, oldest first. */
    public List<Map<String, Object>> trim(List<Map<String, Object>> messages) {
        if (maxMessages == 0 && maxChars == 0) {
            return messages;
        }
        int firstTurn = 0;
        while (firstTurn < messages.size() && "system".equals(messages.get(firstTurn).get("role"))) {
            firstTurn++;
        }
        List<Integer> turnStarts = new ArrayList<>();
        for (int i = firstTurn; i < messages.size(); i++) {
            if (i == firstTurn || "user".equals(messages.get(i).get("role"))) {
                turnStarts.add(i);
            }
        }
        // walk back from the newest turn while the next older one still fits
        int keepFrom = messages.size();
        int count = 0;
        long chars = 0;
        for (int t = turnStarts.size() - 1; t >= 0; t--) {
            int start = turnStarts.get(t);
            int turnCount = keepFrom - start;
            long turnChars = chars(messages.subList(start, keepFrom));
            boolean newest = keepFrom == messages.size();
            if (!newest && (maxMessages > 0 && count + turnCount > maxMessages
                            || maxChars > 0 && chars + turnChars > maxChars)) {
                break;
            }
            count += turnCount;
            chars += turnChars;
            keepFrom = start;
        }
        List<Map<String, Object>> kept = new ArrayList<>(messages.subList(0, firstTurn));
        kept.addAll(messages.subList(keepFrom, messages.size()));
        return kept;
    }

    /** The characters a budget counts: content (text, or the text of parts) and tool-call arguments. */
    static long chars(List<Map<String, Object>> messages) {
        long total = 0;
        for (Map<String, Object> message : messages) {
            total += textLength(message.get("content"));
            if (message.get("tool_calls") instanceof List<?> calls) {
                for (Object call : calls) {
                    if (call instanceof Map<?, ?> c && c.get("function") instanceof Map<?, ?> f) {
                        total += textLength(f.get("arguments")) + textLength(f.get("name"));
                    }
                }
            }
        }
        return total;
    }

    private static long textLength(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof List<?> parts) {
            long total = 0;
            for (Object part : parts) {
                if (part instanceof Map<?, ?> p && p.get("text") != null) {
                    total += p.get("text").toString().length();
                }
            }
            return total;
        }
        return value.toString().length();
    }
}
