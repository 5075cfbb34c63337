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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects {@code reasoning_details} objects, merging the streamed fragments of one detail back into one object.
 */
final class ReasoningDetails {

    private final List<Object> details = new ArrayList<>();

    /**
     * Adds the details of one delta and returns their text (each detail's {@code text}, else its
     * {@code summary}), or null when they carry none.
     */
    String add(List<?> incoming) {
        StringBuilder text = null;
        for (Object item : incoming) {
            if (item instanceof Map) {
                Map<?, ?> detail = (Map<?, ?>) item;
                String piece = textOf(detail);
                if (piece != null) {
                    if (text == null) {
                        text = new StringBuilder(piece.length());
                    }
                    text.append(piece);
                }
                addDetail(detail);
            } else if (item != null) {
                details.add(item);
            }
        }
        return text == null ? null : text.toString();
    }

    boolean isEmpty() {
        return details.isEmpty();
    }

    /** A copy of the merged details, safe to hand out. */
    List<Object> snapshot() {
        List<Object> copy = new ArrayList<>(details.size());
        for (Object item : details) {
            copy.add(item instanceof Block ? ((Block) item).toMap() : item);
        }
        return copy;
    }

    private void addDetail(Map<?, ?> detail) {
        Block last = lastBlock();
        // OpenRouter streams one reasoning block as many fragments sharing "index" and "type"; the
        // block must go back to the server whole and in order, so the fragments are merged again.
        if (last != null && detail.containsKey("index")
                && Objects.equals(last.fields.get("index"), detail.get("index"))
                && Objects.equals(last.fields.get("type"), detail.get("type"))) {
            for (Map.Entry<?, ?> entry : detail.entrySet()) {
                last.merge(String.valueOf(entry.getKey()), entry.getValue());
            }
            return;
        }
        Block block = new Block();
        for (Map.Entry<?, ?> entry : detail.entrySet()) {
            block.fields.put(String.valueOf(entry.getKey()), entry.getValue());
        }
        details.add(block);
    }

    /**
     * One detail as it is merged: streamed text fields grow in a StringBuilder, so a block of n fragments costs O(n)
     * on the I/O thread instead of a String copy per fragment.
     */
    private static final class Block {

        final Map<String, Object> fields = new LinkedHashMap<>();

        void merge(String key, Object value) {
            Object current = fields.get(key);
            if (isStreamedText(key) && value instanceof String && current instanceof StringBuilder) {
                ((StringBuilder) current).append((String) value);
            } else if (isStreamedText(key) && value instanceof String && current instanceof String) {
                fields.put(key, new StringBuilder((String) current).append((String) value));
            } else if (value != null || !fields.containsKey(key)) {
                // Later fragments complete the block (the signature comes last), a null never erases.
                fields.put(key, value);
            }
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>(fields);
            map.replaceAll((key, value) -> value instanceof StringBuilder ? value.toString() : value);
            return map;
        }
    }

    private static boolean isStreamedText(String key) {
        return "text".equals(key) || "summary".equals(key) || "data".equals(key);
    }

    private Block lastBlock() {
        if (details.isEmpty()) {
            return null;
        }
        Object last = details.get(details.size() - 1);
        return last instanceof Block ? (Block) last : null;
    }

    private static String textOf(Map<?, ?> detail) {
        Object text = detail.get("text");
        if (text instanceof String && !((String) text).isEmpty()) {
            return (String) text;
        }
        Object summary = detail.get("summary");
        if (summary instanceof String && !((String) summary).isEmpty()) {
            return (String) summary;
        }
        return null;
    }
}
