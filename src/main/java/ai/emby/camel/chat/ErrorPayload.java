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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The message, type and code read out of an error JSON body (HTTP error responses and in-stream errors).
 *
 * @param message the error message, or null
 * @param type    {@code error.type}, else TGI's top-level {@code error_type}, or null
 * @param code    {@code error.code} (a number as its String), else {@code error.status}, or null
 */
public record ErrorPayload(String message, String type, String code) {

    private static final ErrorPayload NONE = new ErrorPayload(null, null, null);

    /**
     * Parses an error body. Returns an instance whose fields are all null when the body is null, blank, not JSON
     * or not an error object.
     */
    public static ErrorPayload parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            // Not an exception for the caller: proxies and load balancers answer with HTML or plain
            // text, and then the caller falls back to the status line or the raw text.
            return NONE;
        }
        return of(root);
    }

    static ErrorPayload none() {
        return NONE;
    }

    /** Reads an error document already parsed: an object, or an array whose first element is one. */
    static ErrorPayload of(JsonNode root) {
        JsonNode node = root;
        // Google's OpenAI-compatible endpoint wraps the error object in a one-element array.
        if (node != null && node.isArray()) {
            node = node.size() > 0 ? node.get(0) : null;
        }
        if (node == null || !node.isObject()) {
            return NONE;
        }
        JsonNode error = node.get("error");
        String message = null;
        String type = null;
        String code = null;
        if (error != null && error.isObject()) {
            message = text(error.get("message"));
            type = text(error.get("type"));
            code = text(error.get("code"));
            if (code == null) {
                // Google sends the HTTP-ish status name ("INVALID_ARGUMENT") next to a numeric code;
                // some gateways send only the status.
                code = text(error.get("status"));
            }
        }
        if (message == null) {
            message = text(node.get("message"));
        }
        if (message == null) {
            // FastAPI-based servers (vLLM, TGI, LocalAI) answer {"detail": "..."} or a list of validation errors.
            message = text(node.get("detail"));
        }
        if (message == null && error != null && error.isTextual()) {
            message = text(error);
        }
        if (message == null && error != null && error.isObject()) {
            // LiteLLM's streaming guardrails send {"error": {"error": "..."}} (the HTTPException detail as is).
            message = textOnly(error.get("error"));
        }
        if (type == null) {
            // TGI before 2.4.1: {"error": "...", "error_type": "generation"}
            type = textOnly(node.get("error_type"));
        }
        if (message == null && type == null && code == null) {
            return NONE;
        }
        return new ErrorPayload(message, type, code);
    }

    /** Reads the {@code error} member of a choice, which has the shape of a top-level {@code error} object. */
    static ErrorPayload ofErrorMember(ObjectMapper mapper, JsonNode error) {
        return of(mapper.createObjectNode().set("error", error));
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isContainerNode()) {
            return node.toString();
        }
        String text = node.asText();
        return text.isEmpty() ? null : text;
    }

    private static String textOnly(JsonNode node) {
        return node != null && node.isTextual() ? text(node) : null;
    }

    /** True when nothing was found. */
    public boolean isEmpty() {
        return message == null && type == null && code == null;
    }
}
