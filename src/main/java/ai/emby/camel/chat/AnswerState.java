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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.emby.camel.protocol.Answer;
import ai.emby.camel.protocol.AnswerTooLargeException;
import ai.emby.camel.protocol.DeltaListener;

/**
 * What one stream's chunks have told so far: the choices and their finish reasons, usage, ids, and whether the answer
 * is complete. The bookkeeping half of {@link ChunkAccumulator}, which does the reading.
 */
final class AnswerState {

    // Choice indexes below this live in an array; anything else (a server sending absurd
    // indexes) goes to a map, so a bad index cannot make us allocate a huge array, and many of them
    // cost a lookup each, not a scan.
    private static final int MAX_DIRECT_INDEX = 1024;

    private ChoiceState[] choices = new ChoiceState[1];
    private Map<Integer, ChoiceState> farChoices;
    private int choiceCount;
    // the answer's choice: 0, or when a server answered on other indexes only, the lowest one seen
    private int lowestIndex = Integer.MAX_VALUE;
    private int finishedCount;
    private boolean done;
    private boolean firstDelta;
    // characters of text assembled over all choices, and their limit (0 = none)
    private long textChars;
    private final long maxTextChars;

    /** @param maxTextChars the most characters of text (see {@link #textChars()}) the answer may hold; 0 = no limit */
    AnswerState(long maxTextChars) {
        this.maxTextChars = maxTextChars;
    }
    private String responseId;
    private String responseModel;
    private Map<String, Object> usage;

    /** {@code [DONE]} was received. */
    void markDone() {
        done = true;
    }

    /** {@code [DONE]} was received. */
    boolean isDone() {
        return done;
    }

    /** {@code [DONE]} received, or at least one choice seen and every choice seen has a non-empty finish reason. */
    boolean isComplete() {
        return done || choiceCount > 0 && finishedCount == choiceCount;
    }

    /** A non-empty content, reasoning, refusal, tool-call or function-call delta has been received. */
    boolean hasFirstDelta() {
        return firstDelta;
    }

    /** Non-empty content deltas of the answer's choice (see {@link #primary()}). */
    int deltaCount() {
        ChoiceState first = primary();
        return first == null ? 0 : first.contentDeltas;
    }

    /** Text of the answer's choice so far, {@code ""} if none. */
    String partialContent() {
        ChoiceState first = primary();
        return first == null ? "" : first.content.toString();
    }

    /**
     * The choice the answer is: choice 0, or, when the server sent only other indexes (a proxy that renumbers, an
     * {@code n>1} request cut to one), the lowest index seen, so its text is not silently dropped. Null before any.
     */
    private ChoiceState primary() {
        if (choices[0] != null || lowestIndex == Integer.MAX_VALUE) {
            return choices[0];
        }
        return lowestIndex < MAX_DIRECT_INDEX ? choices[lowestIndex] : farChoices.get(lowestIndex);
    }

    /** The first non-empty response id wins (Azure's prompt-filter chunk has {@code "id": ""}). */
    boolean hasResponseId() {
        return responseId != null;
    }

    void responseId(String id) {
        responseId = id;
    }

    boolean hasResponseModel() {
        return responseModel != null;
    }

    void responseModel(String model) {
        responseModel = model;
    }

    /** The last non-null usage wins: it covers the whole request, so it is never summed. */
    void usage(Map<String, Object> value) {
        usage = value;
    }

    /**
     * Applies one choice of a chunk: its delta and finish reason; tells the listener (when any) each non-empty text.
     *
     * @return the finish reason when it says the server gave up on the answer (see {@link #isErrorFinish}), else null
     */
    String apply(int index, DeltaFields d, String finishReason, DeltaListener listener) {
        ChoiceState choice = choice(index);
        if (choice.role == null && ChoiceState.notEmpty(d.role)) {
            choice.role = d.role;
        }
        String reasoning = choice.addReasoning(d);
        if (reasoning != null || d.reasoningDetails != null && !d.reasoningDetails.isEmpty()) {
            // Encrypted-only reasoning details carry no text but still show the model is working.
            firstDelta = true;
        }
        if (reasoning != null) {
            textChars += reasoning.length();
            if (listener != null) {
                listener.onReasoning(index, reasoning);
            }
        }
        if (ChoiceState.notEmpty(d.content)) {
            textChars += d.content.length();
            choice.content.append(d.content);
            choice.contentDeltas++;
            firstDelta = true;
            if (listener != null) {
                listener.onContent(index, d.content);
            }
        }
        if (ChoiceState.notEmpty(d.refusal)) {
            textChars += d.refusal.length();
            choice.addRefusal(d.refusal);
            firstDelta = true;
        }
        for (int i = 0; i < d.fragmentCount; i++) {
            ToolCallFragment fragment = d.fragment(i);
            textChars += length(fragment.name) + length(fragment.arguments);
            choice.addToolCall(fragment);
            firstDelta = true;
        }
        if (d.functionCallSeen) {
            textChars += length(d.functionName) + length(d.functionArguments);
            choice.addFunctionCall(d.functionName, d.functionArguments);
            firstDelta = true;
        }
        // A finish_reason of "" (sent by some servers on every chunk) counts as null.
        if (ChoiceState.notEmpty(finishReason)) {
            if (choice.finishReason == null) {
                finishedCount++;
            }
            choice.finishReason = finishReason;
            if (isErrorFinish(finishReason)) {
                return finishReason;
            }
        }
        return null;
    }

    /**
     * Characters of text assembled so far over all choices: content, reasoning (each delta's text once), refusal, and
     * tool-call and function-call names and arguments.
     */
    long textChars() {
        return textChars;
    }

    /** Throws when the answer holds more text than its limit; called once per chunk, after the chunk was applied. */
    void checkSize() {
        if (maxTextChars > 0 && textChars > maxTextChars) {
            throw new AnswerTooLargeException("the answer grew past maxAnswerChars (" + maxTextChars + " characters of"
                                              + " content, reasoning, refusal and tool-call arguments, over all"
                                              + " choices): raise maxAnswerChars, or set it to 0 to turn the limit off");
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** A snapshot of everything assembled so far. */
    Answer answer() {
        Answer.Builder b = new Answer.Builder();
        ChoiceState first = primary();
        if (first != null) {
            b.content = first.content.toString();
            b.finishReason = first.finishReason;
            b.reasoning = first.reasoning();
            b.refusal = first.refusal();
            b.toolCalls = first.toolCalls();
            b.functionCall = first.functionCall();
            b.assistantMessage = first.assistantMessage();
            b.deltaCount = first.contentDeltas;
        } else {
            b.assistantMessage = new ChoiceState(0).assistantMessage();
        }
        if (usage != null) {
            UsageTokens.copyInto(b, usage);
        }
        b.responseId = responseId;
        b.responseModel = responseModel;
        b.choiceCount = choiceCount;
        if (choiceCount > 1) {
            b.choices = choiceList();
        }
        return b.build();
    }

    private ChoiceState choice(int index) {
        if (index >= 0 && index < MAX_DIRECT_INDEX) {
            if (index >= choices.length) {
                choices = Arrays.copyOf(choices, Math.min(MAX_DIRECT_INDEX, Math.max(index + 1, choices.length * 2)));
            }
            ChoiceState choice = choices[index];
            if (choice == null) {
                choice = newChoice(index);
                choices[index] = choice;
            }
            return choice;
        }
        if (farChoices == null) {
            farChoices = new HashMap<>();
        }
        ChoiceState choice = farChoices.get(index);
        if (choice == null) {
            choice = newChoice(index);
            farChoices.put(index, choice);
        }
        return choice;
    }

    private ChoiceState newChoice(int index) {
        choiceCount++;
        lowestIndex = Math.min(lowestIndex, index);
        return new ChoiceState(index);
    }

    private List<Map<String, Object>> choiceList() {
        List<ChoiceState> all = new ArrayList<>(choiceCount);
        for (ChoiceState choice : choices) {
            if (choice != null) {
                all.add(choice);
            }
        }
        if (farChoices != null) {
            all.addAll(farChoices.values());
            all.sort(Comparator.comparingInt(c -> c.index));
        }
        List<Map<String, Object>> list = new ArrayList<>(all.size());
        for (ChoiceState choice : all) {
            list.add(choice.toChoiceMap());
        }
        return list;
    }

    /**
     * Finish reasons by which a server says that it gave up on the answer: {@code error} (OpenRouter, Mistral),
     * {@code abort} (SGLang: the request was aborted) and {@code insufficient_system_resource} (DeepSeek: "interrupted
     * due to insufficient resource of the inference system"). Read once per choice, never per delta.
     */
    static boolean isErrorFinish(String finishReason) {
        switch (finishReason) {
            case "error":
            case "abort":
            case "insufficient_system_resource":
                return true;
            default:
                return false;
        }
    }
}
