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

import ai.emby.camel.protocol.Answer;

/**
 * The token counts of a stream's usage object, read for the answer: the usage itself (copied) and its prompt,
 * completion, total, reasoning and cached tokens.
 */
final class UsageTokens {

    private UsageTokens() {
    }

    /** Copies the usage and the token counts it holds into the answer being built. */
    static void copyInto(Answer.Builder b, Map<String, Object> usage) {
        b.usage = new LinkedHashMap<>(usage);
        // chat's names, else the Responses API's (input/output tokens), so both protocols share this bookkeeping
        b.promptTokens = firstNonNull(intValue(usage.get("prompt_tokens")), intValue(usage.get("input_tokens")));
        b.completionTokens = firstNonNull(intValue(usage.get("completion_tokens")),
                intValue(usage.get("output_tokens")));
        b.totalTokens = intValue(usage.get("total_tokens"));
        b.reasoningTokens = firstNonNull(nestedInt(usage, "completion_tokens_details", "reasoning_tokens"),
                nestedInt(usage, "output_tokens_details", "reasoning_tokens"));
        b.cachedTokens = firstNonNull(nestedInt(usage, "prompt_tokens_details", "cached_tokens"),
                nestedInt(usage, "input_tokens_details", "cached_tokens"));
    }

    private static Integer firstNonNull(Integer a, Integer b) {
        return a != null ? a : b;
    }

    private static Integer intValue(Object value) {
        return value instanceof Number ? Integer.valueOf(((Number) value).intValue()) : null;
    }

    private static Integer nestedInt(Map<String, Object> map, String outer, String key) {
        Object details = map.get(outer);
        return details instanceof Map ? intValue(((Map<?, ?>) details).get(key)) : null;
    }
}
