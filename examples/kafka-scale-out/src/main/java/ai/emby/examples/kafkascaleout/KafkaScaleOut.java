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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example's entry point.
 * <ul>
 * <li>{@code worker <name>}: one worker instance ({@link WorkerRoutes}) until stopped. Needs
 *     {@code KAFKA_BOOTSTRAP_SERVERS}; without {@code EMBY_API_KEY} it answers from a simulator of its own.</li>
 * <li>{@code assembler}: the assembler ({@link AssemblerRoutes}) until stopped, answers also to {@code ANSWERS_DIR}
 *     (default {@code target/answers}). Needs {@code KAFKA_BOOTSTRAP_SERVERS}.</li>
 * <li>{@code demo} (the default): everything at once. An embedded broker unless {@code KAFKA_BOOTSTRAP_SERVERS} is
 *     set, the simulator unless {@code EMBY_API_KEY} is set, two worker processes, the assembler in this JVM; sends
 *     a few prompts, prints the answers and stops.</li>
 * <li>{@code bench [prompts] [words] [delayMs]}: the scaling table of the README ({@link ScalingBenchmark}).</li>
 * </ul>
 */
public final class KafkaScaleOut {

    /** Given to the simulator, which only checks that a Bearer token is sent. */
    public static final String SIMULATOR_API_KEY = "sim-key";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaScaleOut.class);

    private KafkaScaleOut() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "demo";
        switch (mode) {
            case "worker" -> worker(args.length > 1 ? args[1] : "worker-" + ProcessHandle.current().pid());
            case "assembler" -> assembler();
            case "demo" -> demo();
            case "bench" -> ScalingBenchmark.run(args.length > 1 ? Integer.parseInt(args[1]) : 48,
                    args.length > 2 ? Integer.parseInt(args[2]) : 200, args.length > 3 ? Long.parseLong(args[3]) : 25);
            default -> throw new IllegalArgumentException("unknown mode " + mode
                    + ": use worker, assembler, demo or bench");
        }
    }

    private static void worker(String name) throws Exception {
        String bootstrap = requiredEnv("KAFKA_BOOTSTRAP_SERVERS");
        String apiKey = System.getenv("EMBY_API_KEY");
        ChatSimulator simulator = null;
        String baseUrl = System.getenv("EMBY_BASE_URL");
        if (apiKey == null || apiKey.isBlank()) {
            simulator = ChatSimulator.start(20, 20);
            apiKey = SIMULATOR_API_KEY;
            baseUrl = simulator.baseUrl();
            LOG.warn("EMBY_API_KEY is not set: {} answers from the LOCAL SIMULATOR at {}", name, baseUrl);
        }
        int consumers = Integer.parseInt(envOr("WORKER_CONSUMERS", "4"));
        EmbeddedKafka.createTopics(bootstrap, replicationFactor());
        Main main = camel(bootstrap, new WorkerRoutes(name, consumers), baseUrl, apiKey);
        LOG.info("{} consumes {} with {} consumers in group {}", name, Topics.PROMPTS, consumers, WorkerRoutes.GROUP_ID);
        main.run(); // until SIGTERM (or SIGKILL)
    }

    private static void assembler() throws Exception {
        String bootstrap = requiredEnv("KAFKA_BOOTSTRAP_SERVERS");
        EmbeddedKafka.createTopics(bootstrap, replicationFactor());
        Path directory = Path.of(envOr("ANSWERS_DIR", "target/answers"));
        AnswerAssembler assembler = new AnswerAssembler(directory,
                answer -> LOG.info("answer {} ({} deltas, by {}): {}", answer.promptId(), answer.deltas(),
                        answer.worker(), answer.text()));
        camel(bootstrap, new AssemblerRoutes(assembler), null, null).run();
    }

    private static void demo() throws Exception {
        int prompts = 12;
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        String apiKey = System.getenv("EMBY_API_KEY");
        boolean simulate = apiKey == null || apiKey.isBlank();
        try (EmbeddedKafka kafka = bootstrap == null ? EmbeddedKafka.start() : null;
             ChatSimulator simulator = simulate ? ChatSimulator.start(20, 50) : null) {
            if (kafka != null) {
                bootstrap = kafka.bootstrapServers();
                LOG.info("KAFKA_BOOTSTRAP_SERVERS is not set: started an embedded KRaft broker at {}", bootstrap);
            }
            String baseUrl = simulate ? simulator.baseUrl() : envOr("EMBY_BASE_URL", "https://dev.emby.ai/v1");
            if (simulate) {
                apiKey = SIMULATOR_API_KEY;
                LOG.warn("EMBY_API_KEY is not set: answering with the LOCAL SIMULATOR at {}; answers come from no model",
                        baseUrl);
            }
            EmbeddedKafka.createTopics(bootstrap, replicationFactor());
            Map<String, AnswerAssembler.Answer> answers = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(prompts);
            AnswerAssembler assembler = new AnswerAssembler(Path.of(envOr("ANSWERS_DIR", "target/answers")),
                    answer -> {
                        answers.put(answer.promptId(), answer);
                        done.countDown();
                    });
            Main main = camel(bootstrap, new AssemblerRoutes(assembler), null, null);
            main.start();
            List<WorkerProcess> workers = new ArrayList<>();
            try {
                for (int i = 1; i <= 2; i++) {
                    workers.add(WorkerProcess.start("worker-" + i, bootstrap, baseUrl, apiKey, 4,
                            Path.of("target", "workers")));
                }
                Map<String, String> sent = new LinkedHashMap<>();
                for (int i = 1; i <= prompts; i++) {
                    sent.put(String.format("p-%04d", i), "In one sentence: what is Kafka fact number " + i + "?");
                }
                sendPrompts(bootstrap, sent);
                if (!done.await(5, TimeUnit.MINUTES)) {
                    LOG.warn("only {} of {} answers arrived", answers.size(), prompts);
                }
                StringBuilder report = new StringBuilder("\n");
                sent.forEach((id, prompt) -> {
                    AnswerAssembler.Answer answer = answers.get(id);
                    report.append(id).append("  ").append(prompt).append("\n        ")
                            .append(answer == null ? "(no answer)" : answer.worker() + ": " + answer.text())
                            .append('\n');
                });
                System.out.println(report);
            } finally {
                for (WorkerProcess worker : workers) {
                    worker.close();
                }
                main.stop();
            }
        }
    }

    /** Sends prompts to {@code prompts}, keyed by prompt id, and waits until the broker has them all. */
    public static void sendPrompts(String bootstrap, Map<String, String> prompts) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            prompts.forEach((id, prompt) -> producer.send(new ProducerRecord<>(Topics.PROMPTS, id, prompt)));
            producer.flush();
        }
    }

    /**
     * A Camel Main with the given routes and the kafka component on the given cluster; with a base URL and a key, the
     * emby component is pointed at them whatever application.properties says.
     */
    public static Main camel(String bootstrap, RouteBuilder routes, String baseUrl, String apiKey) {
        Main main = new Main();
        main.configure().addRoutesBuilder(routes);
        main.addOverrideProperty("camel.component.kafka.brokers", bootstrap);
        if (baseUrl != null) {
            main.addOverrideProperty("camel.component.emby.base-url", baseUrl);
        }
        if (apiKey != null) {
            // through a placeholder, so Camel Main does not warn about a secret given as plain text
            main.addOverrideProperty("kafka-scale-out.api-key", apiKey);
            main.addOverrideProperty("camel.component.emby.api-key", "{{kafka-scale-out.api-key}}");
        }
        return main;
    }

    /** 1 for the embedded broker; {@code KAFKA_REPLICATION_FACTOR} (default 1) for a real cluster. */
    private static short replicationFactor() {
        return Short.parseShort(envOr("KAFKA_REPLICATION_FACTOR", "1"));
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set in this mode (the demo mode starts a broker itself)");
        }
        return value;
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
