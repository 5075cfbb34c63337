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
import java.util.Map;

import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.protocol.Answer;

/**
 * Turns an assembled answer into the output headers of the original exchange (and of the emitEnd exchange).
 */
final class OutputHeaders {

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

    private static void put(Map<String, Object> headers, String name, Object value) {
        // absent stays absent: a header set to null would still show up in header dumps and copies
        if (value != null) {
            headers.put(name, value);
        }
    }
}
