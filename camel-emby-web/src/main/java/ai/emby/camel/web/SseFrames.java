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
package ai.emby.camel.web;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.emby.camel.EmbyApiException;
import ai.emby.camel.EmbyConstants;
import ai.emby.camel.EmbyStreamException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Message;

/**
 * The bridge's wire format: Server-Sent Events whose data is one line of JSON (so a delta with a line break needs no
 * multi-line data field), and the JSON bodies of its HTTP answers.
 * <pre>
 * id: 7
 * event: delta            (or reasoning)
 * data: {"text":"Hello ","choice":0}
 *
 * id: 42
 * event: end
 * data: {"finishReason":"stop","promptTokens":12,"completionTokens":40,"totalTokens":52,"usage":{...},"model":"..."}
 *
 * id: 9
 * event: error
 * data: {"reason":"SERVER_ERROR","message":"...","partial":"The text received before"}
 * </pre>
 */
final class SseFrames {

    /** The error reason sent when a reconnect asks for events the bridge no longer has. */
    static final String NOT_RESUMABLE = "NOT_RESUMABLE";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SseFrames() {
    }

    static String event(int id, String event, Map<String, ?> data) {
        StringBuilder frame = new StringBuilder(64);
        if (id >= 0) {
            frame.append("id: ").append(id).append('\n');
        }
        return frame.append("event: ").append(event).append("\ndata: ").append(json(data)).append("\n\n").toString();
    }

    static String delta(int id, String type, int choice, String text) {
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("text", text);
        data.put("choice", choice);
        return event(id, "reasoning".equals(type) ? "reasoning" : "delta", data);
    }

    static String retry(long millis) {
        return "retry: " + millis + "\n\n";
    }

    static String comment(String text) {
        return ": " + text + "\n\n";
    }

    /** The end event of a complete answer, from the output headers of its exchange. */
    static Map<String, Object> endData(Message message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("finishReason", message.getHeader(EmbyConstants.FINISH_REASON));
        data.put("promptTokens", message.getHeader(EmbyConstants.PROMPT_TOKENS));
        data.put("completionTokens", message.getHeader(EmbyConstants.COMPLETION_TOKENS));
        data.put("totalTokens", message.getHeader(EmbyConstants.TOTAL_TOKENS));
        data.put("reasoningTokens", message.getHeader(EmbyConstants.REASONING_TOKENS));
        data.put("usage", message.getHeader(EmbyConstants.USAGE));
        data.put("model", message.getHeader(EmbyConstants.RESPONSE_MODEL));
        data.values().removeIf(v -> v == null);
        return data;
    }

    /** The error event of a failed call: the Reason (API_ERROR for an HTTP error), the message and the partial text. */
    static Map<String, Object> errorData(Exception failure, String partialSoFar) {
        Map<String, Object> data = new LinkedHashMap<>();
        String partial = partialSoFar;
        if (failure instanceof EmbyStreamException stream) {
            data.put("reason", stream.getReason().name());
            // the component's partial content also holds text received but not yet delivered when the call ended
            partial = stream.getPartialContent();
        } else if (failure instanceof EmbyApiException api) {
            data.put("reason", "API_ERROR");
            data.put("status", api.getStatusCode());
        } else if (failure instanceof IllegalArgumentException) {
            data.put("reason", "INVALID_REQUEST");
        } else {
            data.put("reason", "INTERNAL_ERROR");
        }
        data.put("message", failure.getMessage());
        data.put("partial", partial == null ? "" : partial);
        return data;
    }

    static Map<String, Object> notResumable(String message, String partial) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", NOT_RESUMABLE);
        data.put("message", message);
        data.put("partial", partial);
        return data;
    }

    /** A JSON error body for the HTTP API: {"error": code, "message": text}. */
    static String problem(String code, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("error", code);
        data.put("message", message);
        return json(data);
    }

    /** Ends an HTTP API response with this status and JSON body. */
    static void reply(HttpServerResponse response, int status, String json) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(json);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write an event as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
