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

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.emby.camel.protocol.Answer;
import ai.emby.camel.protocol.Excerpts;
import ai.emby.camel.protocol.AnswerReader;
import ai.emby.camel.protocol.DeltaListener;
import ai.emby.camel.protocol.InStreamErrorException;
import ai.emby.camel.protocol.MalformedPayloadException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Folds the {@code chat.completion.chunk} payloads of one stream into the assembled answer.
 * <p>
 * Not thread-safe: one instance per stream, fed by one thread at a time.
 */
final class ChunkAccumulator implements AnswerReader {

    /** The SSE event type of an error event (and of an older llama.cpp {@code error:} field). */
    private static final String ERROR_EVENT = "error";

    // Choice indexes below this live in an array; anything else (a server sending absurd
    // indexes) goes to a list, so a bad index cannot make us allocate a huge array.
    private static final int MAX_DIRECT_INDEX = 1024;

    private static final byte[] DONE = { '[', 'D', 'O', 'N', 'E', ']' };
    private static final char[] ERROR = { 'e', 'r', 'r', 'o', 'r' };

    private final JsonFactory jsonFactory;
    private final ObjectMapper mapper;
    private final DeltaListener listener;
    private final ObjectReader valueReader;
    private final ObjectReader nodeReader;
    private final DeltaReader deltaReader;
    private final DeltaFields delta = new DeltaFields();

    private ChoiceState[] choices = new ChoiceState[1];
    private List<ChoiceState> farChoices;
    private int choiceCount;
    private int finishedCount;
    private boolean done;
    private boolean firstDelta;
    private String responseId;
    private String responseModel;
    private Map<String, Object> usage;

    // Errors seen in the chunk being read: raised once the whole chunk has been applied.
    private boolean chunkError;
    private boolean finishedWithError;
    private String errorFinishReason;
    private JsonNode choiceError;

    public ChunkAccumulator(JsonFactory jsonFactory, ObjectMapper mapper, DeltaListener listener) {
        this.jsonFactory = Objects.requireNonNull(jsonFactory, "jsonFactory");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.listener = listener;
        // Subtrees are read from the middle of a chunk: a mapper configured to fail on trailing
        // tokens would otherwise reject every one of them.
        this.valueReader = mapper.readerFor(Object.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.nodeReader = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.deltaReader = new DeltaReader(valueReader, nodeReader);
    }

    /** Dispatches one SSE event: an error event, the {@code [DONE]} marker, or a chunk (an empty one is ignored). */
    @Override
    public void onEvent(String eventType, byte[] data, int offset, int length) {
        if (ERROR_EVENT.equals(eventType)) {
            acceptErrorEvent(data, offset, length);
        } else if (length > 0) {
            acceptChunk(data, offset, length);
        }
    }

    @Override
    public void onWholeAnswer(byte[] data, int offset, int length) {
        acceptCompletion(data, offset, length);
    }

    /**
     * Parses one {@code data:} payload (UTF-8 JSON) of a streamed chunk. A blank payload is ignored, and a
     * {@code [DONE]} payload passed here by mistake counts as {@link #markDone()}.
     *
     * @throws MalformedPayloadException when the payload is not a JSON object (or a one-element array of one)
     * @throws InStreamErrorException  when the chunk carries an error
     */
    public void acceptChunk(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (isDone(data, offset, length)) {
            markDone();
            return;
        }
        read(data, offset, length, false);
    }

    /**
     * Reads the payload of an event whose SSE type is {@code error} (or an llama.cpp {@code error:} field): JSON per
     * the error rules, or plain text that is then the message.
     *
     * @throws InStreamErrorException always
     */
    public void acceptErrorEvent(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        String raw = Excerpts.text(data, offset, length);
        ErrorPayload error = ErrorPayload.parse(mapper, raw);
        String message = error.message();
        if (message == null) {
            String text = raw.strip();
            message = text.isEmpty() ? "empty error event" : text;
        }
        throw new InStreamErrorException(message, error.type(), error.code(), raw);
    }

    /**
     * Reads a whole non-streaming {@code chat.completion} body ({@code choices[i].message}); each non-empty choice
     * is reported as one content delta (and one reasoning delta). Marks the stream complete: a body that parsed
     * whole cannot have been cut short.
     *
     * @throws MalformedPayloadException when the body is blank or not a JSON object
     * @throws InStreamErrorException  when the body carries an error
     */
    public void acceptCompletion(byte[] data, int offset, int length) {
        read(data, offset, length, true);
        markDone();
    }

    /** Records that {@code [DONE]} was received. */
    public void markDone() {
        done = true;
    }

    /** {@code [DONE]} received, or at least one choice seen and every choice seen has a non-empty finish reason. */
    @Override
    public boolean isComplete() {
        return done || choiceCount > 0 && finishedCount == choiceCount;
    }

    /** A non-empty content, reasoning, refusal, tool-call or function-call delta has been received. */
    @Override
    public boolean hasFirstDelta() {
        return firstDelta;
    }

    /** Non-empty content deltas of choice 0. */
    @Override
    public int deltaCount() {
        ChoiceState first = choices[0];
        return first == null ? 0 : first.contentDeltas;
    }

    /** Text of choice 0 so far, {@code ""} if none. */
    @Override
    public String partialContent() {
        ChoiceState first = choices[0];
        return first == null ? "" : first.content.toString();
    }

    /** A snapshot of everything assembled so far. */
    @Override
    public Answer answer() {
        Answer.Builder b = new Answer.Builder();
        ChoiceState first = choices[0];
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
            b.usage = new LinkedHashMap<>(usage);
            b.promptTokens = intValue(usage.get("prompt_tokens"));
            b.completionTokens = intValue(usage.get("completion_tokens"));
            b.totalTokens = intValue(usage.get("total_tokens"));
            b.reasoningTokens = nestedInt(usage, "completion_tokens_details", "reasoning_tokens");
            b.cachedTokens = nestedInt(usage, "prompt_tokens_details", "cached_tokens");
        }
        b.responseId = responseId;
        b.responseModel = responseModel;
        b.choiceCount = choiceCount;
        if (choiceCount > 1) {
            b.choices = choiceList();
        }
        return b.build();
    }

    private void read(byte[] data, int offset, int length, boolean completion) {
        Objects.checkFromIndexSize(offset, length, data.length);
        chunkError = false;
        finishedWithError = false;
        errorFinishReason = null;
        choiceError = null;
        String problem;
        try (JsonParser p = jsonFactory.createParser(data, offset, length)) {
            problem = readDocument(p, completion);
        } catch (JsonProcessingException e) {
            throw new MalformedPayloadException("Malformed JSON: " + e.getOriginalMessage(),
                    Excerpts.excerpt(data, offset, length), e);
        } catch (IOException e) {
            throw new MalformedPayloadException("Unreadable JSON: " + e.getMessage(),
                    Excerpts.excerpt(data, offset, length), e);
        }
        if (problem != null) {
            throw new MalformedPayloadException(problem, Excerpts.excerpt(data, offset, length), null);
        }
        if (chunkError || finishedWithError || choiceError != null) {
            throw inStreamError(Excerpts.text(data, offset, length));
        }
    }

    /** Returns null when the document was read, else why it is not a chunk. */
    private String readDocument(JsonParser p, boolean completion) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            // Some servers send an empty "data:" line as a keep-alive.
            return completion ? "Empty body" : null;
        }
        if (t == JsonToken.START_OBJECT) {
            readRoot(p, completion);
        } else if (t == JsonToken.START_ARRAY) {
            // Google-style servers wrap (error) objects in a one-element array.
            while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
                if (t == JsonToken.START_OBJECT) {
                    readRoot(p, completion);
                } else {
                    p.skipChildren();
                }
            }
        } else {
            return "Payload is not a JSON object";
        }
        return p.nextToken() == null ? null : "Trailing content after the JSON object";
    }

    private void readRoot(JsonParser p, boolean completion) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "id":
                    // Azure's prompt-filter chunk has "id": "" and "model": "": the first non-empty value wins.
                    if (responseId == null && t == JsonToken.VALUE_STRING) {
                        responseId = nonEmpty(p.getText());
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "model":
                    if (responseModel == null && t == JsonToken.VALUE_STRING) {
                        responseModel = nonEmpty(p.getText());
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "choices":
                    if (t == JsonToken.START_ARRAY) {
                        readChoices(p, completion);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "usage":
                    readUsage(p, t);
                    break;
                case "x_groq":
                    if (t == JsonToken.START_OBJECT) {
                        readXGroq(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "error":
                    if (t != JsonToken.VALUE_NULL) {
                        chunkError = true;
                    }
                    p.skipChildren();
                    break;
                case "object":
                    // vLLM-style error objects sent without the "error" wrapper: {"object": "error", "message": ...}
                    if (t == JsonToken.VALUE_STRING && isErrorText(p)) {
                        chunkError = true;
                    }
                    p.skipChildren();
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    /** The current string token is {@code error}: compared in the parser's buffer, so no String per chunk. */
    private static boolean isErrorText(JsonParser p) throws IOException {
        if (p.getTextLength() != ERROR.length) {
            return false;
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = 0; i < ERROR.length; i++) {
            if (text[offset + i] != ERROR[i]) {
                return false;
            }
        }
        return true;
    }

    private void readXGroq(JsonParser p) throws IOException {
        // Groq reports usage as x_groq.usage in the last chunk.
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("usage".equals(name)) {
                readUsage(p, t);
            } else {
                p.skipChildren();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void readUsage(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            // The last non-null usage wins: it covers the whole request, so it is never summed.
            usage = (Map<String, Object>) valueReader.readValue(p);
        } else {
            p.skipChildren();
        }
    }

    private void readChoices(JsonParser p, boolean completion) throws IOException {
        int position = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                readChoice(p, position, completion);
            } else {
                p.skipChildren();
            }
            position++;
        }
    }

    private void readChoice(JsonParser p, int position, boolean completion) throws IOException {
        DeltaFields d = delta;
        d.reset();
        int index = -1;
        String finishReason = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index":
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        index = p.getIntValue();
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "delta":
                    readDelta(p, t, completion ? DeltaFields.OTHER : DeltaFields.PREFERRED);
                    break;
                case "message":
                    readDelta(p, t, completion ? DeltaFields.PREFERRED : DeltaFields.OTHER);
                    break;
                case "finish_reason":
                    if (t == JsonToken.VALUE_STRING) {
                        finishReason = p.getText();
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "error":
                    if (t != JsonToken.VALUE_NULL) {
                        JsonNode error = nodeReader.readValue(p);
                        if (choiceError == null) {
                            choiceError = error;
                        }
                    }
                    break;
                case "usage":
                    readUsage(p, t);
                    break;
                default:
                    p.skipChildren();
            }
        }
        // Servers that omit "index" send choices in order.
        apply(index >= 0 ? index : position, finishReason);
    }

    private void readDelta(JsonParser p, JsonToken t, int rank) throws IOException {
        // A chunk carries "delta", a completion "message"; a few servers send both, and then the
        // one that belongs to the kind of response wins.
        if (t != JsonToken.START_OBJECT || rank == DeltaFields.OTHER && delta.source == DeltaFields.PREFERRED) {
            p.skipChildren();
            return;
        }
        if (delta.source != DeltaFields.NONE) {
            delta.reset();
        }
        deltaReader.read(p, delta);
        delta.source = rank;
    }

    private void apply(int index, String finishReason) {
        ChoiceState choice = choice(index);
        DeltaFields d = delta;
        if (choice.role == null && ChoiceState.notEmpty(d.role)) {
            choice.role = d.role;
        }
        String reasoning = choice.addReasoning(d);
        if (reasoning != null || d.reasoningDetails != null && !d.reasoningDetails.isEmpty()) {
            // Encrypted-only reasoning details carry no text but still show the model is working.
            firstDelta = true;
        }
        if (reasoning != null && listener != null) {
            listener.onReasoning(index, reasoning);
        }
        if (ChoiceState.notEmpty(d.content)) {
            choice.content.append(d.content);
            choice.contentDeltas++;
            firstDelta = true;
            if (listener != null) {
                listener.onContent(index, d.content);
            }
        }
        if (ChoiceState.notEmpty(d.refusal)) {
            choice.addRefusal(d.refusal);
            firstDelta = true;
        }
        for (int i = 0; i < d.fragmentCount; i++) {
            choice.addToolCall(d.fragment(i));
            firstDelta = true;
        }
        if (d.functionCallSeen) {
            choice.addFunctionCall(d.functionName, d.functionArguments);
            firstDelta = true;
        }
        // A finish_reason of "" (sent by some servers on every chunk) counts as null.
        if (ChoiceState.notEmpty(finishReason)) {
            if (choice.finishReason == null) {
                finishedCount++;
            }
            choice.finishReason = finishReason;
            if (isErrorFinish(finishReason) && !finishedWithError) {
                finishedWithError = true;
                errorFinishReason = finishReason;
            }
        }
    }

    private ChoiceState choice(int index) {
        if (index >= 0 && index < MAX_DIRECT_INDEX) {
            if (index >= choices.length) {
                choices = Arrays.copyOf(choices, Math.min(MAX_DIRECT_INDEX, Math.max(index + 1, choices.length * 2)));
            }
            ChoiceState choice = choices[index];
            if (choice == null) {
                choice = new ChoiceState(index);
                choices[index] = choice;
                choiceCount++;
            }
            return choice;
        }
        if (farChoices == null) {
            farChoices = new ArrayList<>();
        }
        for (ChoiceState choice : farChoices) {
            if (choice.index == index) {
                return choice;
            }
        }
        ChoiceState choice = new ChoiceState(index);
        farChoices.add(choice);
        choiceCount++;
        return choice;
    }

    private List<Map<String, Object>> choiceList() {
        List<ChoiceState> all = new ArrayList<>(choiceCount);
        for (ChoiceState choice : choices) {
            if (choice != null) {
                all.add(choice);
            }
        }
        if (farChoices != null) {
            all.addAll(farChoices);
            all.sort(Comparator.comparingInt(c -> c.index));
        }
        List<Map<String, Object>> list = new ArrayList<>(all.size());
        for (ChoiceState choice : all) {
            list.add(choice.toChoiceMap());
        }
        return list;
    }

    private InStreamErrorException inStreamError(String raw) {
        ErrorPayload top = chunkError ? ErrorPayload.parse(mapper, raw) : ErrorPayload.none();
        ErrorPayload inChoice = choiceError != null
                ? ErrorPayload.ofErrorMember(mapper, choiceError) : ErrorPayload.none();
        String message = firstNonNull(top.message(), inChoice.message());
        if (message == null) {
            // No message anywhere (e.g. a bare finish_reason "error"): the payload itself tells most; when it is too
            // long to be quoted whole, the finish reason is named first.
            message = Excerpts.excerpt(raw);
            if (errorFinishReason != null && raw.length() > Excerpts.MAX_CHARS) {
                message = "finish_reason \"" + errorFinishReason + "\": " + message;
            }
        }
        return new InStreamErrorException(message, firstNonNull(top.type(), inChoice.type()),
                firstNonNull(top.code(), inChoice.code()), raw);
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

    private static boolean isDone(byte[] data, int offset, int length) {
        // openai-node treats any payload starting with [DONE] as the end marker; so do we, after the whitespace some
        // proxies put before it
        int start = offset;
        int end = offset + length;
        while (start < end && data[start] <= ' ') {
            start++;
        }
        return end - start >= DONE.length && data[start] == '['
                && Arrays.equals(data, start, start + DONE.length, DONE, 0, DONE.length);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Integer intValue(Object value) {
        return value instanceof Number ? Integer.valueOf(((Number) value).intValue()) : null;
    }

    private static Integer nestedInt(Map<String, Object> map, String outer, String key) {
        Object details = map.get(outer);
        return details instanceof Map ? intValue(((Map<?, ?>) details).get(key)) : null;
    }
}
