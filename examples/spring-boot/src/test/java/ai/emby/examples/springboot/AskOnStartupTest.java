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
package ai.emby.examples.springboot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code spring-boot:run} does: ask the question given as program arguments, print the answer as it streams. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(args = { "What", "is", "Apache", "Camel?" })
class AskOnStartupTest {

    private static final LoopbackChatServer SERVER = new LoopbackChatServer();

    @DynamicPropertySource
    static void chatServer(DynamicPropertyRegistry registry) {
        registry.add("camel.component.emby.base-url", SERVER::baseUrl);
        registry.add("camel.component.emby.api-key", () -> "test-key");
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Autowired
    private AskOnStartup askOnStartup;

    @Test
    void printsTheStreamedAnswer(CapturedOutput output) throws Exception {
        assertThat(askOnStartup.getExitCode()).isZero();
        assertThat(output.getOut()).contains(LoopbackChatServer.ANSWER + System.lineSeparator());
        assertThat(output.getAll()).contains("Finish reason stop, tokens: 21 prompt + 7 completion = 28");
        JsonNode messages = new ObjectMapper().readTree(SERVER.lastBody()).get("messages");
        assertThat(messages.get(messages.size() - 1).get("content").asText()).isEqualTo("What is Apache Camel?");
    }
}
