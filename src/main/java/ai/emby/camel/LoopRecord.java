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
package ai.emby.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.protocol.Answer;

/**
 * What a tool loop reports at its end: one entry per call ({@code CamelEmbyToolRounds}), the usage summed over the
 * calls, and the message list ({@code CamelEmbyMessages}). Guarded by its loop.
 */
final class LoopRecord {

    private final List<Map<String, Object>> rounds = new ArrayList<>();
    private Integer promptTokens;
    private Integer completionTokens;
    private Integer totalTokens;

    /** A call of the loop ended. */
    void round(int round, CallOutcome outcome) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("round", round);
        putIfSet(entry, "streamId", outcome.streamId());
        if (outcome.isSuccess()) {
            Answer answer = outcome.answer();
            putIfSet(entry, "finishReason", answer.getFinishReason());
            putIfSet(entry, "promptTokens", answer.getPromptTokens());
            putIfSet(entry, "completionTokens", answer.getCompletionTokens());
            putIfSet(entry, "totalTokens", answer.getTotalTokens());
            List<String> names = new ArrayList<>();
            if (answer.getToolCalls() != null) {
                for (Map<String, Object> call : answer.getToolCalls()) {
                    names.add(String.valueOf(call.get("name")));
                }
            }
            entry.put("toolCalls", names);
            promptTokens = sum(promptTokens, answer.getPromptTokens());
            completionTokens = sum(completionTokens, answer.getCompletionTokens());
            totalTokens = sum(totalTokens, answer.getTotalTokens());
        } else {
            entry.put("error", Failures.reasonName(outcome.failure()));
        }
        rounds.add(entry);
    }

    /** The tools of the last call ended: which of them failed is part of its entry. */
    void toolResults(List<ToolResult> results) {
        List<String> failed = new ArrayList<>();
        for (ToolResult result : results) {
            if (!result.isOk()) {
                failed.add(result.name());
            }
        }
        if (!failed.isEmpty() && !rounds.isEmpty()) {
            rounds.get(rounds.size() - 1).put("failedTools", failed);
        }
    }

    /** The loop's headers for the original exchange: on success the summed usage too. */
    Map<String, Object> headers(CallOutcome outcome, List<Object> messages) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(EmbyConstants.TOOL_ROUNDS, List.copyOf(rounds));
        headers.put(EmbyConstants.MESSAGES, new ArrayList<>(messages));
        if (outcome.isSuccess()) {
            putIfSet(headers, EmbyConstants.PROMPT_TOKENS, promptTokens);
            putIfSet(headers, EmbyConstants.COMPLETION_TOKENS, completionTokens);
            putIfSet(headers, EmbyConstants.TOTAL_TOKENS, totalTokens);
        }
        return headers;
    }

    private static Integer sum(Integer total, Integer value) {
        if (value == null) {
            return total;
        }
        return total == null ? value : total + value;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
