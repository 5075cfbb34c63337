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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.stream.Stream;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the quick start: Camel Main with the routes in {@code routes/*.camel.yaml}, talking to Emby AI when
 * {@code EMBY_API_KEY} is set and to a local {@link ChatSimulator} otherwise.
 */
public final class QuickstartApplication {

    /** The API key given to the simulator, which only checks that a Bearer token is sent. */
    static final String SIMULATOR_API_KEY = "sim-key";
    /** Slow enough that {@code tail -F} on a partial file shows the answer growing. */
    static final Duration SIMULATOR_WORD_DELAY = Duration.ofMillis(80);
    /** The prompt written into an empty input folder on first start. */
    static final String SAMPLE_PROMPT = "In two sentences: what is Apache Camel good for?\n";

    private static final Logger LOG = LoggerFactory.getLogger(QuickstartApplication.class);

    private QuickstartApplication() {
    }

    public static void main(String[] args) throws Exception {
        String apiKey = System.getenv("EMBY_API_KEY");
        if (apiKey != null && !apiKey.isBlank()) {
            createMain(null).run(args);
            return;
        }
        try (ChatSimulator simulator = ChatSimulator.start(SIMULATOR_WORD_DELAY)) {
            LOG.warn("""

                    ************************************************************************************
                    *  EMBY_API_KEY is not set: answering with the LOCAL SIMULATOR at {}
                    *  Answers are canned text, not a model. To ask Emby AI, stop and run again with
                    *  EMBY_API_KEY=<your key> (and EMBY_BASE_URL=<url> for another server).
                    ************************************************************************************""",
                    simulator.baseUrl());
            createMain(simulator).run(args);
        }
    }

    /**
     * The Camel Main of the quick start. With a simulator, the emby component is pointed at it whatever the
     * environment or application.properties say, so a stray EMBY_BASE_URL cannot send the fake key elsewhere.
     */
    static Main createMain(ChatSimulator simulator) {
        Main main = new Main();
        if (simulator != null) {
            main.addOverrideProperty("camel.component.emby.base-url", simulator.baseUrl());
            // through a placeholder: Camel Main warns about a secret option set to plain text, which would only
            // distract here, as the simulator's key is no secret
            main.addOverrideProperty("quickstart.simulator-api-key", SIMULATOR_API_KEY);
            main.addOverrideProperty("camel.component.emby.api-key", "{{quickstart.simulator-api-key}}");
        }
        main.addMainListener(new SamplePromptWriter());
        return main;
    }

    /**
     * Writes a sample prompt on first start (empty input folder, nothing processed yet), before the routes start, so
     * the run command shows an answer without any other step.
     */
    private static final class SamplePromptWriter extends MainListenerSupport {

        @Override
        public void afterConfigure(BaseMainSupport main) {
            Path input = folder(main, "quickstart.input-dir");
            Path done = folder(main, "quickstart.done-dir");
            try {
                Files.createDirectories(input);
                if (Files.exists(done) || hasFiles(input)) {
                    return;
                }
                Path sample = input.resolve("hello.txt");
                Files.writeString(sample, SAMPLE_PROMPT, StandardCharsets.UTF_8);
                LOG.info("First start: wrote the sample prompt {}", sample.toAbsolutePath());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the input folder " + input.toAbsolutePath(), e);
            }
        }

        private static Path folder(BaseMainSupport main, String property) {
            return Paths.get(main.getCamelContext().resolvePropertyPlaceholders("{{" + property + "}}"));
        }

        private static boolean hasFiles(Path folder) throws IOException {
            try (Stream<Path> entries = Files.list(folder)) {
                // hidden files (editor swap files, .DS_Store) are skipped by the file consumer, so they are no prompt
                return entries.anyMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."));
            }
        }
    }
}
