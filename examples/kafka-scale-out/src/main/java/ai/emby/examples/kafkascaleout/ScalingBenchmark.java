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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * Prompts per second with 1, 2 and 3 worker processes against the simulator paced like a model, and latencies. For
 * each row: a fresh embedded broker, the workers (each with {@value #CONSUMERS} consumers), the assembler in this
 * JVM; the clock starts when every consumer is in the group and the prompts are sent.
 * <p>
 * {@code KafkaScaleOut bench [prompts] [words] [delayMs]}, default 48 prompts of 200 words at 25 ms a word
 * (40 deltas/s, 5 s an answer).
 */
final class ScalingBenchmark {

    static final int CONSUMERS = 4;

    private ScalingBenchmark() {
    }

    static void run(int prompts, int words, long delayMillis) throws Exception {
        StringBuilder table = new StringBuilder()
                .append(String.format("%d prompts, %d deltas per answer, one every %d ms (%.0f deltas/s per stream), "
                        + "%d consumers per worker%n%n", prompts, words, delayMillis, 1000.0 / delayMillis, CONSUMERS))
                .append("| workers | open streams | prompts/s | answer latency p50 / p99 (s) | delta latency through Kafka p50 / p99 (ms) |\n")
                .append("|---:|---:|---:|---:|---:|\n");
        for (int workers = 1; workers <= 3; workers++) {
            table.append(row(workers, prompts, words, delayMillis)).append('\n');
        }
        System.out.println("\n" + table);
    }

    private static String row(int workerCount, int promptCount, int words, long delayMillis) throws Exception {
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        List<WorkerProcess> workers = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             ChatSimulator simulator = ChatSimulator.start(words, delayMillis)) {
            String bootstrap = kafka.bootstrapServers();
            EmbeddedKafka.createTopics(bootstrap, (short) 1);
            AnswerAssembler assembler = new AnswerAssembler(Files.createTempDirectory("bench-answers-"),
                    answer -> answeredAt.put(answer.promptId(), answer.answeredAtMillis()));
            Main main = KafkaScaleOut.camel(bootstrap, new AssemblerRoutes(assembler), null, null);
            main.start();
            try {
                for (int i = 1; i <= workerCount; i++) {
                    workers.add(WorkerProcess.start("bench-worker-" + i, bootstrap, simulator.baseUrl(),
                            KafkaScaleOut.SIMULATOR_API_KEY, CONSUMERS, Path.of("target", "workers")));
                }
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    long deadline = System.currentTimeMillis() + 120_000;
                    while (stableMembers(admin) != workerCount * CONSUMERS) {
                        if (System.currentTimeMillis() > deadline) {
                            throw new IllegalStateException("the workers did not join the group in 2 minutes");
                        }
                        Thread.sleep(200);
                    }
                }
                Map<String, String> prompts = new LinkedHashMap<>();
                for (int i = 1; i <= promptCount; i++) {
                    prompts.put(String.format("b-%04d", i), "benchmark prompt " + i);
                }
                long sentAt = System.currentTimeMillis();
                KafkaScaleOut.sendPrompts(bootstrap, prompts);
                long deadline = sentAt + TimeUnit.MINUTES.toMillis(10);
                while (answeredAt.size() < promptCount) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("only " + answeredAt.size() + " answers in 10 minutes");
                    }
                    Thread.sleep(50);
                }
                long last = answeredAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                List<Long> answerLatencies = answeredAt.values().stream().map(t -> t - sentAt).sorted().toList();
                List<Long> deltaLatencies = assembler.deltaLatencies().stream().sorted().toList();
                return String.format("| %d | %d | %.2f | %.1f / %.1f | %d / %d |", workerCount, workerCount * CONSUMERS,
                        promptCount * 1000.0 / (last - sentAt),
                        percentile(answerLatencies, 50) / 1000.0, percentile(answerLatencies, 99) / 1000.0,
                        percentile(deltaLatencies, 50), percentile(deltaLatencies, 99));
            } finally {
                for (WorkerProcess worker : workers) {
                    worker.close();
                }
                main.stop();
            }
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * percent / 100.0) - 1));
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
}
