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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The result of one tool call: the text sent back to the model, or why the call failed.
 *
 * @param errorType null when the call succeeded, else the kind of failure for telemetry's {@code error.type}:
 *                  {@code unknown_tool}, {@code invalid_arguments}, {@code timeout}, or the exception's class
 * @param error     null when the call succeeded, else what the model is told
 * @param cause     the tool endpoint's exception, if any
 */
record ToolResult(String callId, String name, String content, String errorType, String error, Exception cause) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ToolResult ok(String callId, String name, String content) {
        return new ToolResult(callId, name, content, null, null, null);
    }

    static ToolResult failed(String callId, String name, String errorType, String error, Exception cause) {
        return new ToolResult(callId, name, null, errorType, error, cause);
    }

    /** A failure whose exception names its kind. */
    static ToolResult failed(String callId, String name, String error, Exception cause) {
        return failed(callId, name, cause.getClass().getName(), error, cause);
    }

    boolean isOk() {
        return error == null;
    }

    /** The tool message of the next request; a failure is sent as {"error": "..."} so the model can recover. */
    Map<String, Object> toMessage() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "tool");
        message.put("tool_call_id", callId);
        message.put("content", isOk() ? content : errorJson());
        return message;
    }

    private String errorJson() {
        try {
            return JSON.writeValueAsString(Map.of("error", error));
        } catch (JsonProcessingException e) {
            // a map of one string always serialises; keep the text if it ever does not
            return error;
        }
    }
}
