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
package ai.emby.camel.memory;

import java.util.List;
import java.util.Map;

/**
 * Where conversations are kept: each is a list of Chat Completions messages ({@code role}, {@code content},
 * {@code tool_calls}, {@code tool_call_id}, provider fields such as {@code reasoning_content}), without the system
 * message, which the endpoint adds to every request. The component loads a conversation before a turn and saves it,
 * whole, after the turn's stream ended successfully; a failed or cancelled turn saves nothing.
 * <p>
 * Implementations must be thread-safe. A method that throws fails the exchange with a message naming the store and the
 * conversation, before any request is sent (load) or after the answer arrived (save).
 */
public interface ConversationStore {

    /** Called once when a producer that uses the store starts (create a schema, check a connection). */
    default void start() throws Exception {
    }

    /** The messages of the conversation, oldest first; an empty list for a conversation not seen yet. */
    List<Map<String, Object>> load(String conversationId) throws Exception;

    /** Replaces the messages of the conversation. */
    void save(String conversationId, List<Map<String, Object>> messages) throws Exception;

    /** Forgets the conversation; nothing happens when there is none. */
    void delete(String conversationId) throws Exception;
}
