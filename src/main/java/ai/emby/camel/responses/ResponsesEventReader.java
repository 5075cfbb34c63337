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
package ai.emby.camel.responses;

import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import ai.emby.camel.chat.AnswerFolder;
import ai.emby.camel.protocol.Answer;
import ai.emby.camel.protocol.AnswerReader;
import ai.emby.camel.protocol.DeltaListener;
import ai.emby.camel.protocol.Excerpts;
import ai.emby.camel.protocol.InStreamErrorException;
import ai.emby.camel.protocol.MalformedPayloadException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Folds the typed events of one Responses API stream into the answer: text, reasoning and refusal deltas, function
 * calls (an {@code output_item.added} and its argument fragments), and the end ({@code response.completed} or
 * {@code response.incomplete}, or a failure). Unknown event types are ignored, since new ones appear often.
 * <p>
 * Not thread-safe: one instance per stream, fed by one thread at a time.
 */
final class ResponsesEventReader implements AnswerReader {

    private final ObjectMapper mapper;
    private final AnswerFolder folder;
    private final EventFields event = new EventFields();
    private boolean ended;
    private boolean keepAlive;
    private boolean toolCalls;
    private long lastSequence = Long.MIN_VALUE;
    // created at the first function call: the output index of each call item, and which calls had argument deltas
    private Map<String, Integer> callIndexes;
    private BitSet streamedArguments;

    ResponsesEventReader(ObjectMapper mapper, DeltaListener listener, long maxAnswerChars) {
        this.mapper = mapper;
        this.folder = new AnswerFolder(listener, maxAnswerChars);
    }

    @Override
    public void onEvent(String eventType, byte[] data, int offset, int length) {
        keepAlive = false;
        read(data, offset, length);
        String type = event.type != null ? event.type : eventType;
        if (type == null) {
            if (event.error != null) {
                // an untyped {"error": {...}} (a gateway's chat-style error): an error reported is never ignored
                throw errorEvent(data, offset, length);
            }
            return;
        }
        if ("keepalive".equals(type) || "response.keep_alive".equals(type)) {
            // a heartbeat of long requests (OpenAI, OpenRouter): like an event-stream comment, not data
            keepAlive = true;
            return;
        }
        checkOrder(data, offset, length);
        apply(type, data, offset, length);
    }

    private void read(byte[] data, int offset, int length) {
        try (JsonParser p = mapper.getFactory().createParser(data, offset, length)) {
            if (!event.read(p, mapper)) {
                throw new MalformedPayloadException("a Responses event must be a JSON object",
                        Excerpts.excerpt(data, offset, length), null);
            }
        } catch (IOException e) {
            throw new MalformedPayloadException("the event is not valid JSON: " + e.getMessage(),
                    Excerpts.excerpt(data, offset, length), e);
        }
    }

    /**
     * Every event numbers itself; a number that goes backwards or repeats means events were replayed or reordered (a
     * proxy or a resumed stream gone wrong), so the text assembled can no longer be trusted: MALFORMED.
     */
    private void checkOrder(byte[] data, int offset, int length) {
        if (!event.hasSequence) {
            return;
        }
        if (event.sequenceNumber <= lastSequence) {
            throw new MalformedPayloadException("sequence_number " + event.sequenceNumber + " came after " + lastSequence
                                                + ": the events are repeated or out of order",
                    Excerpts.excerpt(data, offset, length), null);
        }
        lastSequence = event.sequenceNumber;
    }

    private void apply(String type, byte[] data, int offset, int length) {
        switch (type) {
            case "response.output_text.delta" -> folder.content(event.delta);
            case "response.reasoning_text.delta", "response.reasoning_summary_text.delta" -> folder.reasoning(event.delta);
            case "response.refusal.delta" -> folder.refusal(event.delta);
            case "response.output_item.added", "response.output_item.done" -> item(type);
            case "response.function_call_arguments.delta" -> arguments(event.delta, true);
            case "response.function_call_arguments.done" -> arguments(event.arguments, false);
            case "response.created", "response.in_progress", "response.queued" ->
                ResponseObject.identify(event.response, folder);
            case "response.completed" -> end("completed");
            case "response.incomplete" -> end("incomplete");
            case "response.failed" -> throw ResponseObject.failure(event.response, mapper, Excerpts.text(data, offset, length));
            case "error" -> throw errorEvent(data, offset, length);
            default -> {
                // an event type this reader does not know (annotations, tool progress, new ones): not part of the text
            }
        }
    }

    /** A function-call item starts a call (its id and name) or, when done, brings arguments no delta carried. */
    private void item(String type) {
        JsonNode item = event.item;
        if (item == null || !"function_call".equals(ResponseObject.text(item, "type"))) {
            return;
        }
        int index = event.outputIndex;
        if (callIndexes == null) {
            callIndexes = new HashMap<>();
            streamedArguments = new BitSet();
        }
        String itemId = ResponseObject.text(item, "id");
        if (itemId != null && index != EventFields.NO_INDEX) {
            callIndexes.put(itemId, index);
        }
        toolCalls = true;
        if ("response.output_item.added".equals(type)) {
            // its arguments are not taken: vLLM repeats them in the first argument delta, OpenAI sends ""
            folder.toolCall(index, ResponseObject.text(item, "call_id"), ResponseObject.text(item, "name"), null);
        } else if (!streamedArguments.get(Math.max(index, 0))) {
            // a server that sent the call whole, without deltas
            folder.toolCall(index, ResponseObject.text(item, "call_id"), ResponseObject.text(item, "name"),
                    ResponseObject.text(item, "arguments"));
            streamedArguments.set(Math.max(index, 0));
        }
    }

    private void arguments(String text, boolean fragment) {
        int index = event.outputIndex;
        if (index == EventFields.NO_INDEX && callIndexes != null && event.itemId != null) {
            index = callIndexes.getOrDefault(event.itemId, EventFields.NO_INDEX);
        }
        if (streamedArguments == null) {
            callIndexes = new HashMap<>();
            streamedArguments = new BitSet();
        }
        int bit = Math.max(index, 0);
        // the .done event repeats the whole arguments: they count only when no fragment came before
        if (fragment || !streamedArguments.get(bit)) {
            toolCalls = true;
            folder.toolCall(index, null, null, text);
            if (text != null && !text.isEmpty()) {
                streamedArguments.set(bit);
            }
        }
    }

    private void end(String status) {
        ResponseObject.finish(event.response, status, toolCalls, folder, mapper);
        ended = true;
    }

    private InStreamErrorException errorEvent(byte[] data, int offset, int length) {
        String raw = Excerpts.text(data, offset, length);
        if (event.message == null && event.error != null) {
            // some servers nest it: {"type": "error", "error": {"message": ...}}
            return ResponseObject.failure(event.error.has("error") ? event.error : mapper.createObjectNode()
                    .set("error", event.error), mapper, raw);
        }
        String message = event.message != null ? event.message : "the server sent an error event without a message";
        return new InStreamErrorException(Excerpts.excerpt(message), null, event.code, raw);
    }

    @Override
    public void onWholeAnswer(byte[] data, int offset, int length) {
        JsonNode root;
        try {
            root = mapper.readTree(data, offset, length);
        } catch (IOException e) {
            throw new MalformedPayloadException("the answer is not valid JSON: " + e.getMessage(),
                    Excerpts.excerpt(data, offset, length), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayloadException("the answer is not a JSON object", Excerpts.excerpt(data, offset, length),
                    null);
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject() || "failed".equals(ResponseObject.text(root, "status"))) {
            throw ResponseObject.failure(root, mapper, Excerpts.text(data, offset, length));
        }
        toolCalls = ResponseObject.foldOutput(root, folder);
        ResponseObject.finish(root, "completed", toolCalls, folder, mapper);
        ended = true;
    }

    @Override
    public boolean isComplete() {
        return ended;
    }

    @Override
    public boolean hasEndMarker() {
        return ended;
    }

    @Override
    public boolean isKeepAlive() {
        return keepAlive;
    }

    @Override
    public String endMarker() {
        return "response.completed or response.incomplete";
    }

    @Override
    public boolean hasFirstDelta() {
        return folder.hasFirstDelta();
    }

    @Override
    public int deltaCount() {
        return folder.deltaCount();
    }

    @Override
    public String partialContent() {
        return folder.partialContent();
    }

    @Override
    public Answer answer() {
        return folder.answer();
    }
}
