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
package ai.emby.camel;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ai.emby.camel.support.AppWithoutTelemetryLibraries;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry and Micrometer are optional: a JVM without either (the test classpath minus their jars) streams a
 * call with {@code telemetry} on, with no {@code NoClassDefFoundError}.
 */
class EmbyChatWithoutTelemetryLibrariesTest {

    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void aCallStreamsWithNeitherLibraryOnTheClasspath() throws Exception {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String classpath = entries.stream()
                .filter(e -> !e.contains("opentelemetry") && !e.contains("micrometer"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classpath.split(File.pathSeparator)).as("the libraries were on the test classpath to remove")
                .hasSizeLessThan(entries.size());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process child = new ProcessBuilder(java, "-cp", classpath, AppWithoutTelemetryLibraries.class.getName())
                .redirectErrorStream(true).start();
        boolean ended = child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            child.destroyForcibly();
        }

        assertThat(ended).as("the child JVM ended; it printed:%n%s", output).isTrue();
        assertThat(output).doesNotContain("NoClassDefFoundError").contains("ANSWER Hello");
        assertThat(child.exitValue()).as(output).isZero();
    }
}
