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
package ai.emby.camel.protocol;

import java.util.List;
import java.util.Map;

/**
 * The assembled answer of one call, whatever wire protocol carried it: the text, finish reason, usage and the rest of
 * the output of choice 0, and every choice when there were several. Immutable. "Choice 0" is the answer's choice: a
 * server that sent only other indexes answered on the lowest of them.
 */
public final class Answer {

    private final String content;
    private final String finishReason;
    private final Map<String, Object> usage;
    private final Integer promptTokens;
    private final Integer completionTokens;
    private final Integer totalTokens;
    private final Integer reasoningTokens;
    private final Integer cachedTokens;
    private final String responseId;
    private final String responseModel;
    private final String reasoning;
    private final String refusal;
    private final List<Map<String, Object>> toolCalls;
    private final Map<String, Object> assistantMessage;
    private final List<Map<String, Object>> choices;
    private final Map<String, Object> functionCall;
    private final int deltaCount;
    private final int choiceCount;

    private Answer(Builder b) {
        this.content = b.content;
        this.finishReason = b.finishReason;
        this.usage = b.usage;
        this.promptTokens = b.promptTokens;
        this.completionTokens = b.completionTokens;
        this.totalTokens = b.totalTokens;
        this.reasoningTokens = b.reasoningTokens;
        this.cachedTokens = b.cachedTokens;
        this.responseId = b.responseId;
        this.responseModel = b.responseModel;
        this.reasoning = b.reasoning;
        this.refusal = b.refusal;
        this.toolCalls = b.toolCalls;
        this.assistantMessage = b.assistantMessage;
        this.choices = b.choices;
        this.functionCall = b.functionCall;
        this.deltaCount = b.deltaCount;
        this.choiceCount = b.choiceCount;
    }

    /** Text of choice 0, {@code ""} when none. */
    public String getContent() {
        return content;
    }

    /** Finish reason of choice 0, or null. */
    public String getFinishReason() {
        return finishReason;
    }

    /** The last non-null usage object, as the server sent it, or null. */
    public Map<String, Object> getUsage() {
        return usage;
    }

    public Integer getPromptTokens() {
        return promptTokens;
    }

    public Integer getCompletionTokens() {
        return completionTokens;
    }

    public Integer getTotalTokens() {
        return totalTokens;
    }

    /** {@code usage.completion_tokens_details.reasoning_tokens}, or null. */
    public Integer getReasoningTokens() {
        return reasoningTokens;
    }

    /** {@code usage.prompt_tokens_details.cached_tokens}, or null. */
    public Integer getCachedTokens() {
        return cachedTokens;
    }

    /** The first non-empty {@code id}, or null. */
    public String getResponseId() {
        return responseId;
    }

    /** The first non-empty {@code model}, or null. */
    public String getResponseModel() {
        return responseModel;
    }

    /** Reasoning text of choice 0, or null. */
    public String getReasoning() {
        return reasoning;
    }

    /** Refusal text of choice 0, or null. */
    public String getRefusal() {
        return refusal;
    }

    /** Tool calls of choice 0 ({@code index}, {@code id}, {@code type}, {@code name}, {@code arguments}), or null. */
    public List<Map<String, Object>> getToolCalls() {
        return toolCalls;
    }

    /** Choice 0 as a request message for the next turn; never null. */
    public Map<String, Object> getAssistantMessage() {
        return assistantMessage;
    }

    /** All choices, only when more than one choice index was seen; else null. */
    public List<Map<String, Object>> getChoices() {
        return choices;
    }

    /** Legacy {@code function_call} of choice 0 ({@code name}, {@code arguments}), or null. */
    public Map<String, Object> getFunctionCall() {
        return functionCall;
    }

    /** Non-empty content deltas of choice 0. */
    public int getDeltaCount() {
        return deltaCount;
    }

    /** Number of distinct choice indexes seen. */
    public int getChoiceCount() {
        return choiceCount;
    }

    @Override
    public String toString() {
        return "Answer[finishReason=" + finishReason + ", contentLength=" + content.length()
                + ", deltaCount=" + deltaCount + ", choiceCount=" + choiceCount + ", usage=" + usage + "]";
    }

    /** Collects the values of an answer; a protocol's reader fills it in and calls {@link #build()}. */
    public static final class Builder {
        public String content = "";
        public String finishReason;
        public Map<String, Object> usage;
        public Integer promptTokens;
        public Integer completionTokens;
        public Integer totalTokens;
        public Integer reasoningTokens;
        public Integer cachedTokens;
        public String responseId;
        public String responseModel;
        public String reasoning;
        public String refusal;
        public List<Map<String, Object>> toolCalls;
        public Map<String, Object> assistantMessage;
        public List<Map<String, Object>> choices;
        public Map<String, Object> functionCall;
        public int deltaCount;
        public int choiceCount;

        public Answer build() {
            return new Answer(this);
        }
    }
}
