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

import ai.emby.camel.protocol.AnswerTooLargeException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves what {@code maxAnswerChars} counts: the text of content, reasoning, refusal and tool-call names and
 * arguments, over all choices; that the chunk which passes the limit is applied before the reader fails (so the
 * partial content holds everything received); and that 0 turns the limit off.
 */
class ChunkAccumulatorLimitTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ChunkAccumulator reader(long maxAnswerChars) {
        return new ChunkAccumulator(MAPPER.getFactory(), MAPPER, null, maxAnswerChars);
    }

    private static void feed(ChunkAccumulator reader, String delta) {
        byte[] bytes = ("{\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}").getBytes(StandardCharsets.UTF_8);
        reader.acceptChunk(bytes, 0, bytes.length);
    }

    @Test
    void contentUpToTheLimitIsAccepted() {
        ChunkAccumulator reader = reader(10);
        feed(reader, "{\"content\":\"01234\"}");
        feed(reader, "{\"content\":\"56789\"}");

        assertThat(reader.partialContent()).isEqualTo("0123456789");
    }

    @Test
    void theChunkThatPassesTheLimitFailsAfterItWasApplied() {
        ChunkAccumulator reader = reader(10);
        feed(reader, "{\"content\":\"0123456789\"}");

        assertThatThrownBy(() -> feed(reader, "{\"content\":\"!\"}")).isInstanceOf(AnswerTooLargeException.class)
                .hasMessageContaining("maxAnswerChars (10 characters");
        assertThat(reader.partialContent()).isEqualTo("0123456789!");
    }

    @Test
    void reasoningRefusalAndToolCallArgumentsCount() {
        ChunkAccumulator reader = reader(20);
        feed(reader, "{\"reasoning_content\":\"think\"}");
        feed(reader, "{\"refusal\":\"no\"}");
        feed(reader, "{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1\"}}]}");
        // 5 + 2 + 1 + 6 = 14 so far
        feed(reader, "{\"content\":\"123456\"}");

        assertThatThrownBy(() -> feed(reader, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]}"))
                .isInstanceOf(AnswerTooLargeException.class);
    }

    @Test
    void everyChoiceCounts() {
        ChunkAccumulator reader = reader(8);
        byte[] chunk = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abcd\"}},{\"index\":1,\"delta\":{\"content\":\"efgh\"}}]}"
                .getBytes(StandardCharsets.UTF_8);
        reader.acceptChunk(chunk, 0, chunk.length);

        assertThatThrownBy(() -> feed(reader, "{\"content\":\"i\"}")).isInstanceOf(AnswerTooLargeException.class);
    }

    @Test
    void aWholeAnswerIsBoundedToo() {
        byte[] body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"0123456789\"}}]}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader(9).onWholeAnswer(body, 0, body.length)).isInstanceOf(AnswerTooLargeException.class);
    }

    @Test
    void zeroTurnsTheLimitOff() {
        ChunkAccumulator reader = reader(0);
        String text = "x".repeat(10_000);
        for (int i = 0; i < 100; i++) {
            feed(reader, "{\"content\":\"" + text + "\"}");
        }

        assertThat(reader.partialContent()).hasSize(1_000_000);
    }
}
