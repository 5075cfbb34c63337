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

import java.util.Map;

import ai.emby.camel.chat.AnswerFolder;
import ai.emby.camel.chat.ErrorPayload;
import ai.emby.camel.protocol.Excerpts;
import ai.emby.camel.protocol.InStreamErrorException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a Responses API {@code response} object tells about the end of an answer: its finish reason (from
 * {@code status} and {@code incomplete_details.reason}), usage, id and model, the error of a failed response, and (for a
 * non-streaming answer) its output items.
 */
final class ResponseObject {

    private ResponseObject() {
    }

    /**
     * The chat-style finish reason of a finished response: {@code completed} is {@code stop} (or {@code tool_calls} when
     * the output has function calls); {@code incomplete} is {@code length} for {@code max_output_tokens},
     * {@code content_filter} for {@code content_filter}, else the reason as sent ({@code incomplete} when none); any
     * other status is passed on as it is.
     */
    static String finishReason(String status, String incompleteReason, boolean toolCalls) {
        if (status == null || "completed".equals(status)) {
            return toolCalls ? "tool_calls" : "stop";
        }
        if (!"incomplete".equals(status)) {
            return status;
        }
        if (incompleteReason == null || incompleteReason.isEmpty()) {
            return "incomplete";
        }
        return switch (incompleteReason) {
            case "max_output_tokens" -> "length";
            case "content_filter" -> "content_filter";
            default -> incompleteReason;
        };
    }

    /** Id and model of a response object (the first non-empty values win). */
    static void identify(JsonNode response, AnswerFolder folder) {
        if (response != null) {
            folder.responseId(text(response, "id"));
            folder.responseModel(text(response, "model"));
        }
    }

    /**
     * Applies a terminal response: id, model, usage and the finish reason.
     *
     * @param defaultStatus the status the event type implies, for a server that sends none in the object
     */
    static void finish(JsonNode response, String defaultStatus, boolean toolCalls, AnswerFolder folder,
                       ObjectMapper mapper) {
        String status = defaultStatus;
        String incompleteReason = null;
        if (response != null) {
            identify(response, folder);
            JsonNode usage = response.get("usage");
            if (usage != null && usage.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = mapper.convertValue(usage, Map.class);
                folder.usage(map);
            }
            String sent = text(response, "status");
            if (sent != null) {
                status = sent;
            }
            JsonNode details = response.get("incomplete_details");
            if (details != null && details.isObject()) {
                incompleteReason = text(details, "reason");
            }
        }
        folder.finish(finishReason(status, incompleteReason, toolCalls));
    }

    /** The exception of a {@code response.failed} event (its {@code response.error}), or of an error answer. */
    static InStreamErrorException failure(JsonNode response, ObjectMapper mapper, String raw) {
        ErrorPayload error = response == null ? null : ErrorPayload.parse(mapper, response.toString());
        String message = error == null || error.message() == null ? "the response failed (no error message was sent)"
                : error.message();
        return new InStreamErrorException(Excerpts.excerpt(message), error == null ? null : error.type(),
                error == null ? null : error.code(), raw);
    }

    /** Folds the {@code output} items of a whole (non-streamed) response, in order. */
    static boolean foldOutput(JsonNode response, AnswerFolder folder) {
        JsonNode output = response.get("output");
        boolean toolCalls = false;
        if (output == null || !output.isArray()) {
            return false;
        }
        for (int i = 0; i < output.size(); i++) {
            JsonNode item = output.get(i);
            switch (String.valueOf(text(item, "type"))) {
                case "message" -> foldParts(item.get("content"), folder);
                case "reasoning" -> {
                    foldTexts(item.get("summary"), folder);
                    foldTexts(item.get("content"), folder);
                }
                case "function_call" -> {
                    toolCalls = true;
                    folder.toolCall(i, text(item, "call_id"), text(item, "name"), text(item, "arguments"));
                }
                default -> {
                    // other item types (web search calls, images, ...) carry no text of the answer
                }
            }
        }
        return toolCalls;
    }

    private static void foldParts(JsonNode parts, AnswerFolder folder) {
        if (parts == null || !parts.isArray()) {
            return;
        }
        for (JsonNode part : parts) {
            String type = text(part, "type");
            if ("output_text".equals(type)) {
                folder.content(text(part, "text"));
            } else if ("refusal".equals(type)) {
                folder.refusal(text(part, "refusal"));
            }
        }
    }

    private static void foldTexts(JsonNode parts, AnswerFolder folder) {
        if (parts != null && parts.isArray()) {
            for (JsonNode part : parts) {
                folder.reasoning(text(part, "text"));
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
