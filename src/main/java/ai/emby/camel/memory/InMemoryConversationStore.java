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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The default store: conversations in this JVM's heap, bounded in number (the least recently used goes first) and in
 * idle time (a conversation not used for that long is forgotten). Lost when the JVM stops; it survives a CamelContext
 * restart when it is a registry bean (the component's own default store lives as long as the component).
 */
public final class InMemoryConversationStore implements ConversationStore {

    public static final int DEFAULT_MAX_CONVERSATIONS = 10_000;
    public static final Duration DEFAULT_MAX_IDLE = Duration.ofHours(1);

    private final int maxConversations;
    private final long maxIdleNanos;
    private final LongSupplier clock;
    // access order: the eldest entry is the least recently used; guarded by this
    private final LinkedHashMap<String, Entry> conversations = new LinkedHashMap<>(16, 0.75f, true);

    private record Entry(List<Map<String, Object>> messages, long usedNanos) {
    }

    public InMemoryConversationStore() {
        this(DEFAULT_MAX_CONVERSATIONS, DEFAULT_MAX_IDLE);
    }

    /**
     * @param maxConversations most conversations kept; the least recently used is dropped for a new one
     * @param maxIdle          a conversation unused for this long is forgotten; zero or negative keeps them
     */
    public InMemoryConversationStore(int maxConversations, Duration maxIdle) {
        this(maxConversations, maxIdle, System::nanoTime);
    }

    InMemoryConversationStore(int maxConversations, Duration maxIdle, LongSupplier clock) {
        if (maxConversations < 1) {
            throw new IllegalArgumentException("maxConversations must be 1 or more, not " + maxConversations);
        }
        this.maxConversations = maxConversations;
        this.maxIdleNanos = maxIdle == null || maxIdle.isZero() || maxIdle.isNegative() ? 0 : maxIdle.toNanos();
        this.clock = clock;
    }

    @Override
    public synchronized List<Map<String, Object>> load(String conversationId) {
        long now = clock.getAsLong();
        dropIdle(now);
        Entry entry = conversations.get(conversationId);
        if (entry == null) {
            return List.of();
        }
        conversations.put(conversationId, new Entry(entry.messages(), now));
        return entry.messages();
    }

    @Override
    public synchronized void save(String conversationId, List<Map<String, Object>> messages) {
        long now = clock.getAsLong();
        dropIdle(now);
        // a copy: the caller's list and maps may change after the turn
        List<Map<String, Object>> copy = new ArrayList<>(messages.size());
        for (Map<String, Object> message : messages) {
            copy.add(new LinkedHashMap<>(message));
        }
        conversations.put(conversationId, new Entry(List.copyOf(copy), now));
        while (conversations.size() > maxConversations) {
            Iterator<String> eldest = conversations.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    @Override
    public synchronized void delete(String conversationId) {
        conversations.remove(conversationId);
    }

    /** Conversations kept now. */
    public synchronized int size() {
        dropIdle(clock.getAsLong());
        return conversations.size();
    }

    private void dropIdle(long now) {
        if (maxIdleNanos == 0) {
            return;
        }
        conversations.values().removeIf(entry -> now - entry.usedNanos() > maxIdleNanos);
    }

    @Override
    public String toString() {
        return "InMemoryConversationStore[maxConversations=" + maxConversations + "]";
    }
}
