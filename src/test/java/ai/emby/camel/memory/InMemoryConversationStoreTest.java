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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default store is bounded: in conversations (least recently used first) and in idle time. */
class InMemoryConversationStoreTest {

    private final AtomicLong nanos = new AtomicLong();
    private final InMemoryConversationStore store = new InMemoryConversationStore(2, Duration.ofMinutes(10),
            nanos::get);

    private static List<Map<String, Object>> turn(String text) {
        return List.of(Map.of("role", "user", "content", text));
    }

    @Test
    void theLeastRecentlyUsedConversationGoesFirst() {
        store.save("a", turn("a"));
        store.save("b", turn("b"));
        store.load("a");
        store.save("c", turn("c"));

        assertThat(store.load("a")).isEqualTo(turn("a"));
        assertThat(store.load("b")).as("the least recently used").isEmpty();
        assertThat(store.load("c")).isEqualTo(turn("c"));
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void anIdleConversationIsForgotten() {
        store.save("a", turn("a"));
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        store.save("b", turn("b"));
        nanos.addAndGet(Duration.ofMinutes(6).toNanos());

        assertThat(store.load("a")).as("idle 11 minutes").isEmpty();
        assertThat(store.load("b")).as("idle 6 minutes").isEqualTo(turn("b"));
    }

    @Test
    void whatIsSavedIsACopy() {
        java.util.List<Map<String, Object>> messages = new java.util.ArrayList<>(turn("a"));
        store.save("a", messages);
        messages.clear();

        assertThat(store.load("a")).hasSize(1);
    }
}
