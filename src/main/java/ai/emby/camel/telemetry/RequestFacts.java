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
package ai.emby.camel.telemetry;

import java.util.Map;

/**
 * What a call's telemetry says about its request, read once from the request body the call sends.
 *
 * @param operation     {@code gen_ai.operation.name}
 * @param provider      {@code gen_ai.provider.name}
 * @param model         the model asked for
 * @param stream        whether the answer is streamed
 * @param temperature   null when not set, as the other sampling fields
 * @param maxTokens     {@code max_tokens}, {@code max_completion_tokens} or {@code max_output_tokens}
 * @param serverAddress the host of the base URL
 * @param serverPort    its port
 * @param input         the messages (Chat Completions) or input (Responses API) sent; null unless content capture
 *                      is on
 */
public record RequestFacts(String operation, String provider, String model, boolean stream, Double temperature,
                           Long maxTokens, Double topP, String serverAddress, int serverPort, Object input) {

    /** The facts of a request body of either wire protocol. */
    public static RequestFacts of(Server server, Map<String, Object> body, boolean captureContent) {
        Object input = null;
        if (captureContent) {
            input = body.containsKey("messages") ? body.get("messages") : body.get("input");
        }
        Long maxTokens = number(body, "max_completion_tokens") != null ? whole(body, "max_completion_tokens")
                : number(body, "max_tokens") != null ? whole(body, "max_tokens") : whole(body, "max_output_tokens");
        return new RequestFacts(server.operation(), server.provider(), text(body.get("model")),
                Boolean.TRUE.equals(body.get("stream")), decimal(body, "temperature"), maxTokens,
                decimal(body, "top_p"), server.address(), server.port(), input);
    }

    /**
     * What every call of an endpoint shares.
     *
     * @param operation {@code gen_ai.operation.name}
     * @param provider  {@code gen_ai.provider.name}
     */
    public record Server(String operation, String provider, String address, int port) {
    }

    private static Number number(Map<String, Object> body, String key) {
        return body.get(key) instanceof Number n ? n : null;
    }

    private static Double decimal(Map<String, Object> body, String key) {
        Number n = number(body, key);
        return n == null ? null : n.doubleValue();
    }

    private static Long whole(Map<String, Object> body, String key) {
        Number n = number(body, key);
        return n == null ? null : n.longValue();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
