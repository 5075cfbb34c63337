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
package ai.emby.examples.quickstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the quick start as its main method does without EMBY_API_KEY (Camel Main, the YAML routes, the local
 * simulator), in a temporary folder, and checks what a user sees on disk: the sample prompt is answered on first
 * start; a prompt's partial file grows delta by delta while the answer streams and the answer file ends with the
 * whole text, the model, the finish reason and the token counts; a prompt whose stream fails midway lands in the
 * dead-letter folder with the reason and the text received before the failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuickstartTest {

    /** Long enough between words that polling the partial file sees it between deltas. */
    private static final Duration WORD_DELAY = Duration.ofMillis(40);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);
    /** Of the answer's 37 deltas, 40 ms apart, a 5 ms poll sees nearly all; a loaded machine still sees this many. */
    private static final int MIN_PARTIAL_STATES_SEEN = 10;
    /** Camel Main start, the file consumer's read lock and one stream take a few seconds; this bounds a hang. */
    private static final Duration FILE_TIMEOUT = Duration.ofSeconds(20);

    // one application for all tests, as a user runs it: the tests use different prompt names
    private Path workDir;

    private ChatSimulator simulator;
    private Main main;
    private Path prompts;

    /** The word after {@code emby:} in the route; {@link QuickstartResponsesTest} changes it and nothing else. */
    String operation() {
        return "chat";
    }

    @BeforeAll
    void startQuickstart(@TempDir Path dir) throws Exception {
        workDir = dir;
        prompts = workDir.resolve("prompts");
        simulator = ChatSimulator.start(WORD_DELAY);
        main = QuickstartApplication.createMain(simulator);
        main.addOverrideProperty("quickstart.dir", prompts.toString());
        if (!"chat".equals(operation())) {
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routeWithOperation());
        }
        main.start();
    }

    /** The quick start's own route file with one word changed: {@code uri: emby:chat} → the operation's. */
    private Path routeWithOperation() throws IOException {
        String route;
        try (var in = getClass().getResourceAsStream("/routes/quickstart.camel.yaml")) {
            route = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String changed = route.replace("uri: emby:chat", "uri: emby:" + operation());
        assertThat(changed).as("the route has exactly one emby:chat to change").isNotEqualTo(route)
                .doesNotContain("emby:chat");
        return Files.writeString(Files.createDirectories(workDir.resolve("routes")).resolve("quickstart.camel.yaml"),
                changed, StandardCharsets.UTF_8);
    }

    @Test
    void theRouteTalksToItsOperationsEndpoint() throws Exception {
        awaitFile(prompts.resolve("answers/hello.answer.txt"), text -> text.endsWith(ChatSimulator.ANSWER + "\n"));

        if ("responses".equals(operation())) {
            assertThat(simulator.responsesRequests()).isPositive();
        } else {
            assertThat(simulator.responsesRequests()).isZero();
        }
    }

    @AfterAll
    void stopQuickstart() {
        if (main != null) {
            main.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void samplePromptIsAnsweredOnFirstStart() throws Exception {
        String answer = awaitFile(prompts.resolve("answers/hello.answer.txt"),
                text -> text.endsWith(ChatSimulator.ANSWER + "\n"));

        assertThat(answer).contains("finish reason: stop");
        // the input file is moved once the exchange completed, just after the answer file was written
        assertThat(awaitFile(prompts.resolve("done/hello.txt"), text -> true))
                .isEqualTo(QuickstartApplication.SAMPLE_PROMPT);
    }

    @Test
    void partialFileGrowsDeltaByDeltaAndAnswerFileHasTheWholeAnswer() throws Exception {
        Path partial = prompts.resolve("answers/question.partial.txt");
        dropPrompt("question.txt", "What does the quick start show?");

        Set<String> seen = new LinkedHashSet<>();
        awaitFile(partial, text -> {
            seen.add(text);
            return text.equals(ChatSimulator.ANSWER);
        });

        // every state of the file seen on disk is the answer cut after a whole delta: the deltas were appended one by
        // one, in order, while the stream ran
        List<String> deltaPrefixes = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        for (String delta : ChatSimulator.answerDeltas()) {
            deltaPrefixes.add(prefix.append(delta).toString());
        }
        seen.remove("");
        assertThat(deltaPrefixes).containsAll(seen);
        assertThat(seen).as("distinct sizes of the partial file while streaming")
                .hasSizeGreaterThanOrEqualTo(MIN_PARTIAL_STATES_SEEN);

        String answer = awaitFile(prompts.resolve("answers/question.answer.txt"),
                text -> text.endsWith(ChatSimulator.ANSWER + "\n"));
        assertThat(answer)
                .startsWith("model: " + ChatSimulator.MODEL + "\n")
                .contains("finish reason: stop\n")
                .containsPattern("prompt tokens: \\d+\n")
                .contains("completion tokens: " + ChatSimulator.answerDeltas().size() + "\n")
                .containsPattern("total tokens: \\d+\n");
        awaitFile(prompts.resolve("done/question.txt"), text -> true);
    }

    @Test
    void failedStreamLandsInDeadLetterWithPartialTextAndReason() throws Exception {
        String partialText = ChatSimulator.failurePartialText();
        dropPrompt("broken.txt", "Please " + ChatSimulator.FAIL_TRIGGER + " midway.");

        String failed = awaitFile(prompts.resolve("dead-letter/broken.failed.txt"),
                text -> text.endsWith(partialText + "\n"));

        assertThat(failed)
                .startsWith("reason: SERVER_ERROR\n")
                .contains(ChatSimulator.FAILURE_MESSAGE)
                .contains("deltas received: " + ChatSimulator.WORDS_BEFORE_FAILURE + "\n")
                .endsWith("partial text:\n" + partialText + "\n");
        assertThat(prompts.resolve("answers/broken.partial.txt")).hasContent(partialText);
        assertThat(prompts.resolve("answers/broken.answer.txt")).doesNotExist();
        // handled: the prompt is not retried but moved away like an answered one
        awaitFile(prompts.resolve("done/broken.txt"), text -> true);
    }

    /** Writes a prompt beside the input folder and moves it in, as a user's editor or copy would, in one step. */
    private void dropPrompt(String name, String text) throws IOException {
        Path input = Files.createDirectories(prompts.resolve("in"));
        Path staged = Files.writeString(workDir.resolve(name), text, StandardCharsets.UTF_8);
        Files.move(staged, input.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls until the file exists and its text passes the check; returns that text. */
    private String awaitFile(Path file, Predicate<String> check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + FILE_TIMEOUT.toNanos();
        String text = null;
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file)) {
                text = Files.readString(file, StandardCharsets.UTF_8);
                if (check.test(text)) {
                    return text;
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        return fail("%s did not reach the expected content within %s; last content: %s", file, FILE_TIMEOUT, text);
    }
}
