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

    private final JsonFactory jsonFactory;
    private final ObjectMapper mapper;
    private final ChoiceReader choiceReader;

    private final AnswerState state;
    // errors seen in the chunk being read: raised once the whole chunk has been applied
    private final ChunkErrors errors;
    // whether the document being read has a "choices" array
    private boolean choicesSeen;

    public ChunkAccumulator(JsonFactory jsonFactory, ObjectMapper mapper, DeltaListener listener) {
        this(jsonFactory, mapper, listener, 0);
    }

    /**
     * @param maxAnswerChars the most characters of text the answer may assemble (see {@link AnswerState#textChars()});
     *                       0 = no limit
     */
    public ChunkAccumulator(JsonFactory jsonFactory, ObjectMapper mapper, DeltaListener listener, long maxAnswerChars) {
        this.state = new AnswerState(maxAnswerChars);
        this.jsonFactory = Objects.requireNonNull(jsonFactory, "jsonFactory");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        // Subtrees are read from the middle of a chunk: a mapper configured to fail on trailing
        // tokens would otherwise reject every one of them.
        ObjectReader valueReader = mapper.readerFor(Object.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        ObjectReader nodeReader = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.errors = new ChunkErrors(mapper);
        this.choiceReader = new ChoiceReader(valueReader, nodeReader, state, errors, listener);
    }

    /** Dispatches one SSE event: an error event, the {@code [DONE]} marker, or a chunk (an empty one is ignored). */
    @Override
    public void onEvent(String eventType, byte[] data, int offset, int length) {
        if (ChunkEvents.ERROR_EVENT.equals(eventType)) {
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
     * @throws ai.emby.camel.protocol.AnswerTooLargeException when the answer grew past maxAnswerChars with this chunk
     */
    public void acceptChunk(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (ChunkEvents.isDone(data, offset, length)) {
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
        throw ChunkEvents.errorEvent(mapper, data, offset, length);
    }

    /**
     * Reads a whole non-streaming {@code chat.completion} body ({@code choices[i].message}); each non-empty choice
     * is reported as one content delta (and one reasoning delta). Marks the stream complete: a body that parsed
     * whole cannot have been cut short.
     *
     * @throws MalformedPayloadException when the body is blank, not a JSON object, or has no {@code choices}
     * @throws InStreamErrorException  when the body carries an error
     */
    public void acceptCompletion(byte[] data, int offset, int length) {
        read(data, offset, length, true);
        markDone();
    }

    /** Records that {@code [DONE]} was received. */
    public void markDone() {
        state.markDone();
    }

    /** {@code [DONE]} received, or at least one choice seen and every choice seen has a non-empty finish reason. */
    @Override
    public boolean isComplete() {
        return state.isComplete();
    }

    /** {@code [DONE]} was received (or the whole non-streaming answer was read). */
    @Override
    public boolean hasEndMarker() {
        return state.isDone();
    }

    /** A non-empty content, reasoning, refusal, tool-call or function-call delta has been received. */
    @Override
    public boolean hasFirstDelta() {
        return state.hasFirstDelta();
    }

    /** Non-empty content deltas of the answer's choice (0, else the lowest index seen). */
    @Override
    public int deltaCount() {
        return state.deltaCount();
    }

    /** Text of the answer's choice so far, {@code ""} if none. */
    @Override
    public String partialContent() {
        return state.partialContent();
    }

    /** A snapshot of everything assembled so far. */
    @Override
    public Answer answer() {
        return state.answer();
    }

    private void read(byte[] data, int offset, int length, boolean completion) {
        Objects.checkFromIndexSize(offset, length, data.length);
        errors.reset();
        choicesSeen = false;
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
        if (errors.any()) {
            throw errors.toException(Excerpts.text(data, offset, length));
        }
        if (completion && !choicesSeen) {
            throw errors.noChoices(data, offset, length);
        }
        // after the chunk was applied: the partial content holds everything received
        state.checkSize();
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
                    if (!state.hasResponseId() && t == JsonToken.VALUE_STRING) {
                        state.responseId(nonEmpty(p.getText()));
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "model":
                    if (!state.hasResponseModel() && t == JsonToken.VALUE_STRING) {
                        state.responseModel(nonEmpty(p.getText()));
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "choices":
                    if (t == JsonToken.START_ARRAY) {
                        choicesSeen = true;
                        choiceReader.readChoices(p, completion);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "usage":
                    choiceReader.readUsage(p, t);
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
                        errors.markChunk();
                    }
                    p.skipChildren();
                    break;
                case "object":
                    // vLLM-style error objects sent without the "error" wrapper: {"object": "error", "message": ...}
                    if (t == JsonToken.VALUE_STRING && ChunkErrors.isErrorText(p)) {
                        errors.markChunk();
                    }
                    p.skipChildren();
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private void readXGroq(JsonParser p) throws IOException {
        // Groq reports usage as x_groq.usage in the last chunk.
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("usage".equals(name)) {
                choiceReader.readUsage(p, t);
            } else {
                p.skipChildren();
            }
        }
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
