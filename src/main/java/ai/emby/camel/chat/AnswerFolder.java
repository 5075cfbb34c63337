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

import java.util.Map;

import ai.emby.camel.protocol.Answer;
import ai.emby.camel.protocol.DeltaListener;

/**
 * The answer bookkeeping of the chat protocol (text, reasoning, refusal, tool-call assembly, usage, finish reason, the
 * size limit) offered to a protocol whose events are not chat chunks: the Responses API folds each of its typed
 * events into one of these calls, so both protocols assemble answers, tool calls and usage the same way.
 * <p>
 * One answer, always choice 0. Not thread-safe: one instance per stream, fed by one thread at a time.
 */
public final class AnswerFolder {

    private final AnswerState state;
    private final DeltaListener listener;
    // reused for every event: a delta allocates nothing but its text
    private final DeltaFields delta = new DeltaFields();

    /**
     * @param listener       told each non-empty content and reasoning text, or null
     * @param maxAnswerChars the most characters of text the answer may assemble; 0 = no limit
     */
    public AnswerFolder(DeltaListener listener, long maxAnswerChars) {
        this.state = new AnswerState(maxAnswerChars);
        this.listener = listener;
    }

    public void content(String text) {
        delta.reset();
        delta.content = text;
        apply(null);
    }

    public void reasoning(String text) {
        delta.reset();
        delta.reasoning = text;
        apply(null);
    }

    public void refusal(String text) {
        delta.reset();
        delta.refusal = text;
        apply(null);
    }

    /**
     * A fragment of a function call, merged by {@code index} as chat's tool-call fragments are.
     *
     * @param index     the call's position in the server's output
     * @param id        the call's id (what a tool result must name), or null on a fragment that continues a call
     * @param name      the function's name, or null
     * @param arguments a piece of the arguments, or null
     */
    public void toolCall(int index, String id, String name, String arguments) {
        delta.reset();
        ToolCallFragment fragment = delta.nextFragment();
        fragment.index = index;
        fragment.id = id;
        fragment.type = id != null || name != null ? "function" : null;
        fragment.name = name;
        fragment.arguments = arguments;
        apply(null);
    }

    /** The answer's finish reason ({@code stop}, {@code length}, {@code tool_calls}, ...). */
    public void finish(String finishReason) {
        delta.reset();
        apply(finishReason);
    }

    /** The last usage wins; chat's and the Responses API's token names are both read. */
    public void usage(Map<String, Object> usage) {
        state.usage(usage);
    }

    /** The first non-empty id wins. */
    public void responseId(String id) {
        if (!state.hasResponseId() && id != null && !id.isEmpty()) {
            state.responseId(id);
        }
    }

    /** The first non-empty model wins. */
    public void responseModel(String model) {
        if (!state.hasResponseModel() && model != null && !model.isEmpty()) {
            state.responseModel(model);
        }
    }

    public boolean hasFirstDelta() {
        return state.hasFirstDelta();
    }

    public int deltaCount() {
        return state.deltaCount();
    }

    public String partialContent() {
        return state.partialContent();
    }

    public Answer answer() {
        return state.answer();
    }

    private void apply(String finishReason) {
        state.apply(0, delta, finishReason, listener);
        state.checkSize();
    }
}
