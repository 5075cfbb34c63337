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
import java.util.Objects;

/**
 * One exchange's input to a chat request: exactly one of text, a message list or a request map, and the header
 * overrides.
 *
 * @param text       the text of one user message, or null
 * @param messages   the messages array as given (Maps, or objects Jackson turns into one), or null
 * @param requestMap the request body as given (it must hold {@code messages}), or null
 * @param overrides  the per-exchange overrides of the options
 */
public record ChatInput(String text, List<?> messages, Map<?, ?> requestMap, RequestOverrides overrides) {

    public ChatInput {
        Objects.requireNonNull(overrides, "overrides");
    }

    public static ChatInput text(String text, RequestOverrides overrides) {
        return new ChatInput(Objects.requireNonNull(text, "text"), null, null, overrides);
    }

    public static ChatInput messages(List<?> messages, RequestOverrides overrides) {
        return new ChatInput(null, Objects.requireNonNull(messages, "messages"), null, overrides);
    }

    public static ChatInput requestMap(Map<?, ?> requestMap, RequestOverrides overrides) {
        return new ChatInput(null, null, Objects.requireNonNull(requestMap, "requestMap"), overrides);
    }
}
