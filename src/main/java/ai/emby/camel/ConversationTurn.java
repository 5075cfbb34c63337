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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.memory.ConversationStore;
import ai.emby.camel.memory.ConversationWindow;

/**
 * One exchange's turn of a conversation: the history it loaded, the new messages it sends, and — once its stream
 * ended successfully — the save of the history with the turn appended (its tool rounds included). A failed or
 * cancelled turn saves nothing. Holds the conversation's turn lock from {@link Conversations#begin} until
 * {@link #end}.
 */
final class ConversationTurn {

    private final ConversationStore store;
    private final String id;
    private final ConversationWindow window;
    private final List<Map<String, Object>> history;
    private final List<Map<String, Object>> newMessages;
    private final int sentCount;
    private final Set<String> turnsInFlight;
    private final String lockKey;

    ConversationTurn(ConversationStore store, String id, ConversationWindow window, List<Map<String, Object>> history,
                     List<Map<String, Object>> newMessages, int sentCount, Set<String> turnsInFlight,
                     String lockKey) {
        this.store = store;
        this.id = id;
        this.window = window;
        this.history = history;
        this.newMessages = newMessages;
        this.sentCount = sentCount;
        this.turnsInFlight = turnsInFlight;
        this.lockKey = lockKey;
    }

    /**
     * Ends the turn: on success saves the conversation, and always releases its lock.
     *
     * @param loopMessages a tool loop's whole message list (CamelEmbyMessages), or null without a loop
     * @return why the save failed, or null
     */
    RuntimeException end(CallOutcome outcome, List<?> loopMessages) {
        try {
            if (!outcome.isSuccess()) {
                return null;
            }
            List<Map<String, Object>> conversation = new ArrayList<>(history);
            conversation.addAll(newMessages);
            if (loopMessages != null) {
                for (Object message : loopMessages.subList(Math.min(sentCount, loopMessages.size()),
                        loopMessages.size())) {
                    conversation.add(asMessage(message));
                }
            } else {
                conversation.add(outcome.answer().getAssistantMessage());
            }
            store.save(id, window.trim(conversation));
            return null;
        } catch (Exception e) {
            return new IllegalStateException("The answer arrived, but conversation " + id + " could not be saved in "
                                             + store + ": " + e.getMessage() + ". The conversation is as it was"
                                             + " before this turn.", e);
        } finally {
            turnsInFlight.remove(lockKey);
        }
    }

    /** Releases the lock of a turn that never started its call. */
    void abandon() {
        turnsInFlight.remove(lockKey);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMessage(Object message) {
        return (Map<String, Object>) message;
    }
}
