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

import ai.emby.camel.memory.ConversationStore;
import ai.emby.camel.memory.ConversationWindow;
import org.apache.camel.Exchange;

/**
 * An endpoint's conversations: an exchange with {@code CamelEmbyConversationId} sends the stored history before its
 * own messages, and its turn is saved when its stream ended successfully. Two turns of one conversation at once are
 * refused (the second would be built on a history the first is about to change): the later exchange fails at once with
 * a message that says so, and can be retried, or serialized by the route (for example a seda queue per user).
 */
final class Conversations {

    private final ConversationStore store;
    private final ConversationWindow window;
    /** The component's conversations with a turn in flight, shared by its endpoints. */
    private final Set<String> turnsInFlight;

    Conversations(ConversationStore store, ConversationWindow window, Set<String> turnsInFlight) {
        this.store = store;
        this.window = window;
        this.turnsInFlight = turnsInFlight;
    }

    /**
     * Starts a turn, when the exchange names a conversation: loads its history and puts it into the request body
     * (after the system messages, before the exchange's own messages). Throws, before anything is sent, on a blank id,
     * a turn of the conversation in flight, or a store that fails.
     *
     * @return the turn, or null when the exchange names no conversation
     */
    ConversationTurn begin(Exchange exchange, EmbyOperation operation, Map<String, Object> body) {
        Object header = exchange.getMessage().getHeader(EmbyConstants.CONVERSATION_ID);
        if (header == null) {
            return null;
        }
        String id = header.toString();
        if (id.isBlank()) {
            throw new IllegalArgumentException("Header CamelEmbyConversationId is blank: set it to the conversation's"
                                               + " id (for example a user or session id), or remove it for a request"
                                               + " without history");
        }
        if (operation != EmbyOperation.CHAT) {
            throw new IllegalArgumentException("CamelEmbyConversationId is supported by emby:chat; with emby:"
                                               + operation.value() + " chain turns with CamelEmbyPreviousResponseId");
        }
        String lockKey = System.identityHashCode(store) + "/" + id;
        if (!turnsInFlight.add(lockKey)) {
            throw new IllegalStateException("Conversation " + id + " has a turn in flight: a conversation takes one"
                                            + " turn at a time (retry when it ended, or route each conversation's"
                                            + " exchanges through one queue)");
        }
        try {
            List<Map<String, Object>> history;
            try {
                history = store.load(id);
            } catch (Exception e) {
                throw new IllegalStateException("Could not load conversation " + id + " from " + store + ": "
                                                + e.getMessage() + ". Nothing was sent.", e);
            }
            List<Map<String, Object>> newMessages = new ArrayList<>();
            List<Object> system = new ArrayList<>();
            List<?> sent = body.get("messages") instanceof List<?> list ? list : List.of();
            for (Object message : sent) {
                Map<String, Object> m = asMessage(message);
                if (newMessages.isEmpty() && "system".equals(m.get("role"))) {
                    system.add(m);
                } else {
                    newMessages.add(m);
                }
            }
            List<Map<String, Object>> window = this.window.trim(concat(history, newMessages));
            List<Object> messages = new ArrayList<>(system);
            messages.addAll(window);
            body.put("messages", messages);
            return new ConversationTurn(store, id, this.window, history, newMessages, messages.size(), turnsInFlight,
                    lockKey);
        } catch (RuntimeException e) {
            turnsInFlight.remove(lockKey);
            throw e;
        }
    }

    private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        List<Map<String, Object>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMessage(Object message) {
        return (Map<String, Object>) message;
    }
}
