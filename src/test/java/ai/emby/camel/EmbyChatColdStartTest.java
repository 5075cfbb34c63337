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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.support.ColdCutClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves SPEC "Errors" (TRANSPORT keeps the text received before the failure) on the first call of a fresh JVM, where
 * issue 12 saw it fail: a chunked body cut by a FIN right after five complete events fails {@code TRANSPORT} with the
 * five events' text as {@code getPartialContent()} and a delta count of five; so does one cut after the size line of a
 * sixth chunk (where HttpCore throws a different exception). Each run starts {@link ColdCutClient} in its own JVM. Its
 * server writes the whole answer at once and then the FIN, so the client reads the events and the end of the stream
 * together, as a cold (slow) client does from a server that writes event by event. Before the fix every run here
 * lost the text; {@code EmbyChatFaultTest} checks the same cut in a warm JVM.
 */
class EmbyChatColdStartTest {

    /** Fresh JVMs to run: the defect showed on every cold run, so three runs leave no doubt. */
    private static final int COLD_RUNS = 3;
    /** Longest time a child may take: a cold JVM on a loaded two-core machine needs seconds, not minutes. */
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @TempDir
    Path temp;

    @RepeatedTest(COLD_RUNS)
    void aCutAfterFiveEventsOnTheFirstCallOfAFreshJvmKeepsTheirText() throws Exception {
        List<String> output = runChild();

        assertThat(output).as("output of the child JVM").contains(
                ColdCutClient.REASON + EmbyStreamException.Reason.TRANSPORT,
                ColdCutClient.PARTIAL + String.join("", ColdCutClient.TEXTS),
                ColdCutClient.DELTAS + ColdCutClient.TEXTS.size());
    }

    @Test
    void aCutAfterTheHeadOfASixthChunkOnTheFirstCallOfAFreshJvmKeepsTheText() throws Exception {
        List<String> output = runChild(ColdCutClient.CUT_AFTER_CHUNK_HEAD);

        assertThat(output).as("output of the child JVM").contains(
                ColdCutClient.REASON + EmbyStreamException.Reason.TRANSPORT,
                ColdCutClient.PARTIAL + String.join("", ColdCutClient.TEXTS),
                ColdCutClient.DELTAS + ColdCutClient.TEXTS.size());
    }

    private List<String> runChild(String... args) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Path log = temp.resolve("child.out");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ColdCutClient.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + CHILD_TIMEOUT_SECONDS + " s; its output: "
                                     + Files.readString(log, StandardCharsets.UTF_8));
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        // kept in the test's report: which transport the child ran on, and what it saw
        output.forEach(System.out::println);
        assertThat(child.exitValue()).as("exit code of the child JVM, output %s", output).isZero();
        return output;
    }
}
