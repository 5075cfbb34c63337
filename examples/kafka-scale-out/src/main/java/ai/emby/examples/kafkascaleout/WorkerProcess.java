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

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker instance in a JVM of its own: the same java binary and class path as this JVM, 256 MB of heap, its output
 * in {@code <logDirectory>/<name>.log}. {@link #kill()} is SIGKILL on Linux: no shutdown hook, no commit, no goodbye
 * to the consumer group.
 */
public final class WorkerProcess implements AutoCloseable {

    private final String name;
    private final Process process;

    private WorkerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code KafkaScaleOut worker <name>} against the given cluster and model.
     *
     * @param consumers the worker's Kafka consumers, that is the streams it keeps open at once
     */
    public static WorkerProcess start(String name, String bootstrapServers, String baseUrl, String apiKey,
                                      int consumers, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", classPath(),
                KafkaScaleOut.class.getName(), "worker", name));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDirectory.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("EMBY_BASE_URL", baseUrl);
        env.put("EMBY_API_KEY", apiKey);
        env.put("WORKER_CONSUMERS", Integer.toString(consumers));
        return new WorkerProcess(name, builder.start());
    }

    /**
     * This JVM's class path: the class loader's URLs when the example runs in a class loader of its own (as with
     * {@code mvn exec:java}, inside Maven's JVM), else {@code java.class.path} (as in the test).
     */
    static String classPath() throws IOException {
        if (KafkaScaleOut.class.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IOException("not a file URL on the class path: " + url, e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM (Camel Main shuts down gracefully), SIGKILL if it is still running after 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

}
