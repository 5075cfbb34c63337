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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.protocol.Answer;
import org.apache.camel.Message;

/**
 * Turns an assembled answer into the output headers of the original exchange (and of the emitEnd exchange).
 */
final class OutputHeaders {

    /** Every header {@link #of} may write: what a new call removes first, so no header describes an earlier call. */
    static final List<String> NAMES = List.of(EmbyConstants.FINISH_REASON, EmbyConstants.PROMPT_TOKENS,
            EmbyConstants.COMPLETION_TOKENS, EmbyConstants.TOTAL_TOKENS, EmbyConstants.REASONING_TOKENS,
            EmbyConstants.CACHED_TOKENS, EmbyConstants.USAGE, EmbyConstants.RESPONSE_ID, EmbyConstants.RESPONSE_MODEL,
            EmbyConstants.REQUEST_ID, EmbyConstants.RATE_LIMIT, EmbyConstants.REASONING, EmbyConstants.REFUSAL,
            EmbyConstants.TOOL_CALLS, EmbyConstants.ASSISTANT_MESSAGE, EmbyConstants.CHOICES,
            EmbyConstants.FUNCTION_CALL, EmbyConstants.DELTA_COUNT, EmbyConstants.STREAM_ID,
            EmbyConstants.TOOL_ROUNDS, EmbyConstants.MESSAGES);

    private OutputHeaders() {
    }

    /** The headers of a successful outcome. */
    static Map<String, Object> of(CallOutcome outcome) {
        Answer result = outcome.answer();
        String requestId = outcome.requestId();
        Map<String, String> rateLimit = outcome.rateLimit();
        Map<String, Object> headers = new LinkedHashMap<>();
        put(headers, EmbyConstants.FINISH_REASON, result.getFinishReason());
        put(headers, EmbyConstants.PROMPT_TOKENS, result.getPromptTokens());
        put(headers, EmbyConstants.COMPLETION_TOKENS, result.getCompletionTokens());
        put(headers, EmbyConstants.TOTAL_TOKENS, result.getTotalTokens());
        put(headers, EmbyConstants.REASONING_TOKENS, result.getReasoningTokens());
        put(headers, EmbyConstants.CACHED_TOKENS, result.getCachedTokens());
        put(headers, EmbyConstants.USAGE, result.getUsage());
        put(headers, EmbyConstants.RESPONSE_ID, result.getResponseId());
        put(headers, EmbyConstants.RESPONSE_MODEL, result.getResponseModel());
        put(headers, EmbyConstants.REQUEST_ID, requestId);
        put(headers, EmbyConstants.RATE_LIMIT, rateLimit);
        put(headers, EmbyConstants.REASONING, result.getReasoning());
        put(headers, EmbyConstants.REFUSAL, result.getRefusal());
        put(headers, EmbyConstants.TOOL_CALLS, result.getToolCalls());
        put(headers, EmbyConstants.ASSISTANT_MESSAGE, result.getAssistantMessage());
        put(headers, EmbyConstants.CHOICES, result.getChoices());
        put(headers, EmbyConstants.FUNCTION_CALL, result.getFunctionCall());
        headers.put(EmbyConstants.DELTA_COUNT, result.getDeltaCount());
        headers.put(EmbyConstants.STREAM_ID, outcome.streamId());
        return headers;
    }

    /**
     * Removes the output headers an earlier call left on the message (a tool loop or summarize-then-translate in one
     * route): an answer without tool calls must not keep the last one's, or a loop on CamelEmbyToolCalls never ends.
     * Input headers stay.
     */
    static void removeFrom(Message message) {
        for (String name : NAMES) {
            message.removeHeader(name);
        }
    }

    private static void put(Map<String, Object> headers, String name, Object value) {
        // absent stays absent: a header set to null would still show up in header dumps and copies
        if (value != null) {
            headers.put(name, value);
        }
    }
}
