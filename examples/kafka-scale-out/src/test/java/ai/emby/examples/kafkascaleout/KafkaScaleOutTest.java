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
package ai.emby.examples.kafkascaleout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three worker JVMs, one consumer group, 300 prompts, and one worker killed with SIGKILL while its streams are open:
 * every prompt is answered exactly once, complete and in order, and the killed worker's unfinished prompts by the
 * survivors.
 */
class KafkaScaleOutTest {

    static final int PROMPTS = Integer.getInteger("prompts", 300);
    static final int WORDS = 20;
    static final long DELAY_MS = 20;
    static final int WORKERS = 3;
    static final int CONSUMERS_PER_WORKER = 4;
    static final String VICTIM = "worker-2";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void killedWorkerLeavesItsPromptsToTheOthersAndEveryPromptIsAnsweredOnce() throws Exception {
        Path answersDir = Files.createTempDirectory("answers-");
        Map<String, List<AnswerAssembler.Answer>> answers = new ConcurrentHashMap<>();
        List<WorkerProcess> workers = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             ChatSimulator simulator = ChatSimulator.start(WORDS, DELAY_MS)) {
            String bootstrap = kafka.bootstrapServers();
            EmbeddedKafka.createTopics(bootstrap, (short) 1);
            AnswerAssembler assembler = new AnswerAssembler(answersDir,
                    answer -> answers.computeIfAbsent(answer.promptId(), id -> new CopyOnWriteArrayList<>()).add(answer));
            Main main = KafkaScaleOut.camel(bootstrap, new AssemblerRoutes(assembler), null, null);
            main.start();
            try {
                for (int i = 1; i <= WORKERS; i++) {
                    workers.add(WorkerProcess.start("worker-" + i, bootstrap, simulator.baseUrl(),
                            KafkaScaleOut.SIMULATOR_API_KEY, CONSUMERS_PER_WORKER, Path.of("target", "workers")));
                }
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    await(Duration.ofSeconds(90), "all " + WORKERS * CONSUMERS_PER_WORKER + " consumers in the group",
                            () -> stableMembers(admin) == WORKERS * CONSUMERS_PER_WORKER);
                }

                Map<String, String> prompts = new LinkedHashMap<>();
                for (int i = 1; i <= PROMPTS; i++) {
                    prompts.put(String.format("p-%04d", i), "prompt number " + i);
                }
                Map<String, String> failing = Map.of("p-fail", ChatSimulator.FAIL_PREFIX + " this stream breaks");
                long start = System.nanoTime();
                KafkaScaleOut.sendPrompts(bootstrap, prompts);
                KafkaScaleOut.sendPrompts(bootstrap, failing);

                // kill while streams are open: a fifth of the answers are in, the victim is busy on four prompts
                await(Duration.ofSeconds(60), "a fifth of the answers", () -> answers.size() >= PROMPTS / 5);
                WorkerProcess victim = workers.get(1);
                assertThat(victim.name()).isEqualTo(VICTIM);
                victim.kill();
                long killedAt = System.currentTimeMillis();
                int answeredBeforeKill = answers.size();

                await(Duration.ofSeconds(120), PROMPTS + " answers", () -> answers.size() >= PROMPTS);
                double seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(3000); // room for a late duplicate, which must not turn into a second answer

                // 300 answers, each the simulator's exact text, none twice
                assertThat(answers.keySet()).isEqualTo(prompts.keySet());
                prompts.forEach((id, prompt) -> {
                    assertThat(answers.get(id)).as("answers of %s", id).hasSize(1);
                    assertThat(answers.get(id).get(0).text()).isEqualTo(ChatSimulator.answerFor(prompt, WORDS));
                    assertThat(answers.get(id).get(0).deltas()).isEqualTo(WORDS);
                });
                assertThat(answersDir.resolve("p-0001.txt")).hasContent(ChatSimulator.answerFor("prompt number 1", WORDS));
                try (var files = Files.list(answersDir)) {
                    assertThat(files.filter(f -> f.toString().endsWith(".txt")).count()).isEqualTo(PROMPTS);
                }
                List<ConsumerRecord<String, String>> answerRecords = readAll(bootstrap, Topics.ANSWERS, PROMPTS);
                assertThat(answerRecords).hasSize(PROMPTS);
                assertThat(answerRecords.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                        .isEqualTo(prompts.keySet());

                // the victim's unfinished streams were dropped and their prompts answered by the survivors
                Set<String> victimUnfinished = assembler.abandoned().stream()
                        .filter(entry -> entry.startsWith(VICTIM + ":"))
                        .map(entry -> entry.substring(VICTIM.length() + 1))
                        .collect(Collectors.toSet());
                assertThat(victimUnfinished).as("prompts the victim was streaming when killed").isNotEmpty();
                for (String id : victimUnfinished) {
                    assertThat(answers.get(id).get(0).worker()).isNotEqualTo(VICTIM);
                }
                for (List<AnswerAssembler.Answer> list : answers.values()) {
                    if (list.get(0).worker().equals(VICTIM)) {
                        assertThat(list.get(0).answeredAtMillis()).isLessThan(killedAt + 1000);
                    }
                }

                // the failed stream is on the dead-letter topic with its Reason, and is not an answer
                List<ConsumerRecord<String, String>> dead = readAll(bootstrap, Topics.PROMPTS_DLQ, 1);
                assertThat(dead).hasSize(1);
                JsonNode deadLetter = JSON.readTree(dead.get(0).value());
                assertThat(dead.get(0).key()).isEqualTo("p-fail");
                assertThat(deadLetter.path("reason").asText()).isEqualTo("TRUNCATED");
                assertThat(answers).doesNotContainKey("p-fail");

                Map<String, Integer> byWorker = new TreeMap<>();
                answers.values().forEach(list -> byWorker.merge(list.get(0).worker(), 1, Integer::sum));
                System.out.printf("%n%d prompts answered in %.1f s by %s; %s killed after %d answers; "
                                + "%d of its unfinished streams dropped (%s), answered by the others; "
                                + "%d duplicate complete streams dropped; %d failed stream -> %s (%s)%n%n",
                        PROMPTS, seconds, byWorker, VICTIM, answeredBeforeKill, victimUnfinished.size(),
                        new java.util.TreeSet<>(victimUnfinished), assembler.duplicates(),
                        assembler.failed(), Topics.PROMPTS_DLQ, deadLetter.path("reason").asText());
            } finally {
                for (WorkerProcess worker : workers) {
                    worker.close();
                }
                main.stop();
            }
        } finally {
            for (WorkerProcess worker : workers) {
                if (worker.isAlive()) {
                    worker.kill();
                }
            }
        }
    }

    private static int stableMembers(Admin admin) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(WorkerRoutes.GROUP_ID))
                    .describedGroups().get(WorkerRoutes.GROUP_ID).get();
            return "STABLE".equals(group.groupState().name()) ? group.members().size() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Reads a topic from the start until {@code expected} records arrived, then two seconds more for extras. */
    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.currentTimeMillis() + 2000;
                }
            }
        }
        return records;
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
