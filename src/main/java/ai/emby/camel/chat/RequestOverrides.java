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

import java.util.List;
import java.util.Map;

import static ai.emby.camel.chat.JsonValues.blankToNull;
import static ai.emby.camel.chat.JsonValues.putIfSet;

/**
 * The values one exchange sets over the endpoint's options (Camel reads them from the {@code CamelEmby*} input
 * headers); null means "not set".
 *
 * @param systemMessage            replaces the option's system message; {@code ""} turns it off
 * @param additionalBodyProperties merged last, a null value removing the field
 */
public record RequestOverrides(String model, Double temperature, Double topP, Integer maxCompletionTokens,
                               Integer maxTokens, String reasoningEffort, List<?> tools, Map<String, Object> responseFormat,
                               String systemMessage, Map<String, Object> additionalBodyProperties) {

    /** No override at all. */
    public static final RequestOverrides NONE
            = new RequestOverrides(null, null, null, null, null, null, null, null, null, null);

    void applyTo(Map<String, Object> fields) {
        putIfSet(fields, "model", model);
        putIfSet(fields, "temperature", temperature);
        putIfSet(fields, "top_p", topP);
        putIfSet(fields, "max_completion_tokens", maxCompletionTokens);
        putIfSet(fields, "max_tokens", maxTokens);
        putIfSet(fields, "reasoning_effort", reasoningEffort);
        putIfSet(fields, "tools", tools);
        putIfSet(fields, "response_format", responseFormat);
    }

    /** The system message to send: this override when set (an empty one turns it off), else the option's. */
    String systemMessageOr(String option) {
        return systemMessage != null ? blankToNull(systemMessage) : option;
    }
}
