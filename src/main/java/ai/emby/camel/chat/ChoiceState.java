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
import java.util.List;
import java.util.Map;

/**
 * Everything assembled so far for one choice index of a stream.
 */
final class ChoiceState {

    final int index;
    final StringBuilder content = new StringBuilder();
    String role;
    String finishReason;
    int contentDeltas;
    private StringBuilder reasoning;
    private StringBuilder reasoningContentField;
    private StringBuilder reasoningField;
    private ReasoningDetails reasoningDetails;
    private StringBuilder refusal;
    private ToolCallAssembler toolCalls;
    private boolean functionCallSeen;
    private String functionName;
    private StringBuilder functionArguments;

    ChoiceState(int index) {
        this.index = index;
    }

    /** Stores the reasoning of one delta under the field names the server used; returns the delta's reasoning text. */
    String addReasoning(DeltaFields delta) {
        String text = null;
        if (notEmpty(delta.reasoningContent)) {
            reasoningContentField = append(reasoningContentField, delta.reasoningContent);
            text = delta.reasoningContent;
        }
        if (notEmpty(delta.reasoning)) {
            reasoningField = append(reasoningField, delta.reasoning);
            if (text == null) {
                text = delta.reasoning;
            }
        }
        if (delta.reasoningDetails != null && !delta.reasoningDetails.isEmpty()) {
            if (reasoningDetails == null) {
                reasoningDetails = new ReasoningDetails();
            }
            String detailsText = reasoningDetails.add(delta.reasoningDetails);
            if (text == null) {
                text = detailsText;
            }
        }
        if (text == null && notEmpty(delta.partsReasoning)) {
            text = delta.partsReasoning;
        }
        // OpenRouter sends the same text as "reasoning" and in "reasoning_details": counted once.
        if (text != null) {
            reasoning = append(reasoning, text);
        }
        return text;
    }

    void addRefusal(String text) {
        refusal = append(refusal, text);
    }

    void addToolCall(ToolCallFragment fragment) {
        if (toolCalls == null) {
            toolCalls = new ToolCallAssembler();
        }
        toolCalls.accept(fragment);
    }

    void addFunctionCall(String name, String arguments) {
        functionCallSeen = true;
        functionName = ToolCallState.mergeName(functionName, name);
        if (arguments != null) {
            functionArguments = append(functionArguments, arguments);
        }
    }

    String reasoning() {
        return reasoning == null ? null : reasoning.toString();
    }

    String refusal() {
        return refusal == null ? null : refusal.toString();
    }

    List<Map<String, Object>> toolCalls() {
        return toolCalls == null || toolCalls.isEmpty() ? null : toolCalls.toHeaderList();
    }

    Map<String, Object> functionCall() {
        if (!functionCallSeen) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", functionName);
        map.put("arguments", functionArguments == null ? "" : functionArguments.toString());
        return map;
    }

    /** This choice as a request message for the next turn. */
    Map<String, Object> assistantMessage() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role != null ? role : "assistant");
        message.put("content", content.length() == 0 ? null : content.toString());
        if (refusal != null) {
            message.put("refusal", refusal.toString());
        }
        if (toolCalls != null && !toolCalls.isEmpty()) {
            message.put("tool_calls", toolCalls.toMessageList());
        }
        Map<String, Object> functionCall = functionCall();
        if (functionCall != null) {
            message.put("function_call", functionCall);
        }
        if (reasoningContentField != null) {
            message.put("reasoning_content", reasoningContentField.toString());
        }
        if (reasoningField != null) {
            message.put("reasoning", reasoningField.toString());
        }
        if (reasoningDetails != null && !reasoningDetails.isEmpty()) {
            message.put("reasoning_details", reasoningDetails.snapshot());
        }
        return message;
    }

    /** This choice as an element of the choices list. */
    Map<String, Object> toChoiceMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", index);
        map.put("content", content.toString());
        map.put("finishReason", finishReason);
        map.put("reasoning", reasoning());
        map.put("refusal", refusal());
        map.put("toolCalls", toolCalls());
        return map;
    }

    static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static StringBuilder append(StringBuilder sb, String text) {
        StringBuilder target = sb != null ? sb : new StringBuilder(Math.max(16, text.length()));
        target.append(text);
        return target;
    }
}
