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
package ai.emby.examples.jmsdeltas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyConstants;
import ai.emby.examples.jmsdeltas.RebuiltAnswer.Outcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the example's broker, routes and simulator, and proves that the answers rebuilt from the JMS queue are complete
 * and in order. Fifty prompts stream at the same time (the simulator holds every stream until all fifty are open), so
 * their deltas interleave on one queue, and four concurrent consumers take them off in an order that is not the
 * stream's: each rebuilt answer must still equal, character for character, both the text the simulator sent for its
 * prompt and the body the original exchange ended with.
 */
class JmsDeltasTest {

    private static final int PROMPTS = 50;
    /** Between the simulator's network writes (four words each): the fifty streams overlap for their whole length. */
    private static final Duration WRITE_DELAY = Duration.ofMillis(10);
    /** Fifty streams of about fifty deltas take a few seconds on a loaded machine; this bounds a hang. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedBroker broker;
    private static ChatSimulator simulator;
    private static RebuiltAnswers answers;
    private static Main main;

    @BeforeAll
    static void startExample() throws Exception {
        broker = EmbeddedBroker.start();
        simulator = ChatSimulator.start(WRITE_DELAY, PROMPTS);
        answers = new RebuiltAnswers();
        main = JmsDeltasApplication.createMain(broker, simulator, answers);
        main.start();
    }

    @AfterAll
    static void stopExample() throws Exception {
        if (main != null) {
            main.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void fiftyConcurrentAnswersAreRebuiltCompleteAndInOrder() throws Exception {
        ProducerTemplate template = main.getCamelTemplate();
        Map<String, CompletableFuture<Exchange>> calls = new LinkedHashMap<>();
        for (int i = 1; i <= PROMPTS; i++) {
            String prompt = "Question " + i + " of " + PROMPTS + ": what is \"ordering\"?";
            calls.put(prompt, template.asyncSend("direct:ask", exchange -> exchange.getIn().setBody(prompt)));
        }

        int outOfOrder = 0;
        for (Map.Entry<String, CompletableFuture<Exchange>> call : calls.entrySet()) {
            String prompt = call.getKey();
            Exchange original = call.getValue().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(original.getException()).as("failure of %s", prompt).isNull();
            String expected = ChatSimulator.answerFor(prompt);
            String originalAnswer = original.getMessage().getBody(String.class);
            String streamId = original.getMessage().getHeader(EmbyConstants.STREAM_ID, String.class);

            RebuiltAnswer rebuilt = answers.await(streamId, ANSWER_TIMEOUT);

            assertThat(originalAnswer).as("original answer to %s", prompt).isEqualTo(expected);
            assertThat(rebuilt.text()).as("rebuilt answer to %s", prompt)
                    .isEqualTo(expected)
                    .isEqualTo(originalAnswer);
            assertThat(rebuilt.outcome()).isEqualTo(Outcome.COMPLETE);
            // every delta once, plus the end marker: nothing lost, nothing counted twice
            assertThat(rebuilt.messages()).isEqualTo(ChatSimulator.deltasFor(prompt).size() + 1);
            assertThat(rebuilt.finishReason()).isEqualTo("stop");
            outOfOrder += rebuilt.outOfOrder();
        }

        assertThat(simulator.peakOpenStreams()).as("streams open at the same time").isEqualTo(PROMPTS);
        // without this the test could pass with consumers that happened to keep every stream in order; four
        // consumers fed round robin by the broker reorder many messages of every run
        assertThat(outOfOrder).as("messages consumed after a later message of their stream").isPositive();
    }

    @Test
    void streamWhoseMessagesArriveBackwardsAndTwiceIsRebuiltOnce() throws Exception {
        String streamId = "hand-made-stream";
        List<String> words = List.of("Deltas ", "may ", "arrive ", "in ", "any ", "order.");
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            messages.add(Map.of("streamId", streamId, "index", i, "choice", 0, "type", "content", "text", words.get(i)));
        }
        messages.add(Map.of("streamId", streamId, "index", words.size(), "choice", 0, "type", "end", "text", "",
                "finishReason", "stop"));
        // a redelivered message: JMS delivers at least once
        messages.add(messages.get(2));

        ProducerTemplate template = main.getCamelTemplate();
        for (int i = messages.size() - 1; i >= 0; i--) {
            template.sendBody(JmsDeltasRoutes.DELTA_QUEUE, JSON.writeValueAsString(messages.get(i)));
        }

        RebuiltAnswer rebuilt = answers.await(streamId, ANSWER_TIMEOUT);
        assertThat(rebuilt.text()).isEqualTo(String.join("", words));
        assertThat(rebuilt.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(rebuilt.messages()).isEqualTo(words.size() + 1);
    }
}
