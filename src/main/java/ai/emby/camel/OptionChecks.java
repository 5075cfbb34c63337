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

import java.util.Map;

/**
 * The checks an endpoint's options must pass when it is created: values that can never work fail there, with a
 * message naming the option, the value and what is allowed, instead of at the first exchange.
 */
final class OptionChecks {

    /** The options given in milliseconds or as a Camel duration. */
    private static final String[] TIME_OPTIONS = { "bufferTimeout", "connectTimeout", "firstDeltaTimeout",
            "idleTimeout", "requestTimeout", "maxRetryDelay", "toolTimeout" };

    private OptionChecks() {
    }

    /**
     * Refuses a negative duration as written in the URI: Camel's duration converter reads {@code -5s} and
     * {@code PT-5S} as 0, which would silently turn the timeout off. Call before the parameters are bound.
     */
    static void checkTimeTexts(Map<String, Object> parameters) {
        for (String option : TIME_OPTIONS) {
            Object value = parameters.get(option);
            if (value instanceof String && ((String) value).contains("-")) {
                throw new IllegalArgumentException("Invalid value '" + value + "' for option " + option
                                                   + ": must be 0 or more milliseconds, or a Camel duration such as"
                                                   + " 30s or PT1M" + offMeaning(option));
            }
        }
    }

    /** Checks the bound options of an endpoint. */
    static void check(EmbyConfiguration c, String endpoint) {
        if (c.getMaxTokens() != null && c.getMaxCompletionTokens() != null) {
            throw new IllegalArgumentException(
                    "Set either maxTokens or maxCompletionTokens on " + endpoint + ", not both: maxTokens"
                                               + " sends the older max_tokens for servers that ignore max_completion_tokens");
        }
        requireOneOf("deltaFormat", c.getDeltaFormat(), "text", "json");
        requireOneOf("bufferBoundary", c.getBufferBoundary(), "none", "word", "sentence", "line");
        if (c.getResponseFormat() != null) {
            requireOneOf("responseFormat", c.getResponseFormat(), "text", "json_object", "json_schema");
            if ("json_schema".equals(c.getResponseFormat()) && c.getJsonSchema() == null) {
                throw new IllegalArgumentException("responseFormat=json_schema needs the jsonSchema option (a resource"
                                                   + " URI such as classpath:schema.json, or inline JSON)");
            }
        }
        requireNotNegative("bufferSize", c.getBufferSize());
        requireNotNegative("bufferMaxChars", c.getBufferMaxChars());
        requireNotNegative("bufferTimeout", c.getBufferTimeout());
        requireNotNegative("connectTimeout", c.getConnectTimeout());
        requireNotNegative("firstDeltaTimeout", c.getFirstDeltaTimeout());
        requireNotNegative("idleTimeout", c.getIdleTimeout());
        requireNotNegative("requestTimeout", c.getRequestTimeout());
        requireNotNegative("maxRetries", c.getMaxRetries());
        requireNotNegative("maxRetryDelay", c.getMaxRetryDelay());
        requireNotNegative("maxAnswerChars", c.getMaxAnswerChars());
        requireNotNegative("maxEventSize", c.getMaxEventSize());
        requireNotNegative("maxToolRounds", c.getMaxToolRounds());
        requireNotNegative("conversationMaxMessages", c.getConversationMaxMessages());
        requireNotNegative("conversationMaxChars", c.getConversationMaxChars());
        requireNotNegative("toolTimeout", c.getToolTimeout());
        requirePositive("toolConcurrency", c.getToolConcurrency());
        requireOneOf("toolErrors", c.getToolErrors(), "model", "fail");
        // a request for no tokens at all is refused by every server: better at startup than as a 400 per exchange
        requirePositive("maxCompletionTokens", c.getMaxCompletionTokens());
        requirePositive("maxTokens", c.getMaxTokens());
        if (c.getProxyHost() != null && c.getProxyPort() == null) {
            throw new IllegalArgumentException("proxyHost is set but proxyPort is not: set both");
        }
        if (c.getProxyPort() != null && (c.getProxyPort() < 1 || c.getProxyPort() > 65535)) {
            throw new IllegalArgumentException("Invalid value " + c.getProxyPort() + " for option proxyPort: must be a"
                                               + " TCP port, 1 to 65535");
        }
    }

    private static void requireOneOf(String option, String value, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return;
            }
        }
        throw new IllegalArgumentException(
                "Invalid value '" + value + "' for option " + option + ". Valid values: " + String.join(", ", allowed));
    }

    private static void requireNotNegative(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("Invalid value " + value + " for option " + option + ": must be 0 or more"
                                               + offMeaning(option));
        }
    }

    private static void requirePositive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException("Invalid value " + value + " for option " + option + ": must be 1 or more,"
                                               + " or leave it unset to let the server decide");
        }
    }

    /** What 0 means for an option, so the message shows the way to turn a limit off. */
    private static String offMeaning(String option) {
        return switch (option) {
            case "bufferSize", "bufferMaxChars", "bufferTimeout", "requestTimeout" -> " (0 = off)";
            case "firstDeltaTimeout", "idleTimeout" -> " (0 = no limit)";
            case "connectTimeout" -> " (0 = no limit of its own)";
            case "maxRetries" -> " (0 = never retry)";
            case "maxRetryDelay" -> " (0 = never wait for a Retry-After: fail at once)";
            case "maxEventSize" -> " (0 = no limit)";
            default -> "";
        };
    }
}
