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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ai.emby.camel.protocol.Answer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that folding chunks costs time linear in the stream (issue 13, defect 11e): the fold runs on an HTTP I/O
 * thread, so 50,000 {@code reasoning_details} fragments of one block, or 100,000 distinct choice indexes, must finish
 * well within a bound that the quadratic versions (a String concatenation per fragment, a list scan per far index)
 * exceed many times over. The bound is generous for a loaded machine; the linear fold takes a fraction of it.
 */
class ChunkAccumulatorScaleTest {

    private static final int FRAGMENTS = 50_000;
    private static final int CHOICES = 100_000;
    private static final int CHOICES_PER_CHUNK = 1_000;
    private static final String PIECE = "a fragment of streamed reasoning ";
    private static final long BOUND_MS = 4_000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ChunkAccumulator acc = new ChunkAccumulator(mapper.getFactory(), mapper, null);

    @Test
    void manyReasoningDetailsFragmentsFoldInLinearTime() {
        long start = System.nanoTime();
        for (int i = 0; i < FRAGMENTS; i++) {
            feed("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"index\":0,"
                 + "\"format\":\"anthropic-claude-v1\",\"text\":\"" + PIECE + "\"}]}}]}");
        }
        feed("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"done\"},\"finish_reason\":\"stop\"}]}");
        Answer answer = acc.answer();
        long millis = (System.nanoTime() - start) / 1_000_000;

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> details = (List<Map<String, Object>>) answer.getAssistantMessage().get("reasoning_details");
        assertThat(details).hasSize(1);
        assertThat((String) details.get(0).get("text")).hasSize(FRAGMENTS * PIECE.length()).startsWith(PIECE);
        assertThat(answer.getReasoning()).hasSize(FRAGMENTS * PIECE.length());
        assertThat(millis).as("ms to fold %d fragments", FRAGMENTS).isLessThan(BOUND_MS);
    }

    @Test
    void manyDistinctChoiceIndexesFoldInLinearTime() {
        long start = System.nanoTime();
        // far indexes (a server numbering choices oddly) are the ones that do not fit the direct array; a thousand
        // choices per chunk, so the time measured is the fold's, not the JSON parser's setup per chunk
        for (int chunk = 0; chunk < CHOICES / CHOICES_PER_CHUNK; chunk++) {
            StringBuilder json = new StringBuilder("{\"choices\":[");
            for (int i = 0; i < CHOICES_PER_CHUNK; i++) {
                int index = 10_000 + chunk * CHOICES_PER_CHUNK + i;
                json.append(i == 0 ? "" : ",").append("{\"index\":").append(index)
                        .append(",\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}");
            }
            feed(json.append("]}").toString());
        }
        Answer answer = acc.answer();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer.getChoices()).hasSize(CHOICES);
        assertThat(acc.isComplete()).isTrue();
        assertThat(millis).as("ms to fold %d choices", CHOICES).isLessThan(BOUND_MS);
    }

    private void feed(String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        acc.acceptChunk(bytes, 0, bytes.length);
    }
}
