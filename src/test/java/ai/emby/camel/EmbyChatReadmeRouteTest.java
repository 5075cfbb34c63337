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
import java.nio.file.Files;
import java.nio.file.Path;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that the route shown at the top of the README works as written: only the component is pointed at the loopback
 * server (as a user would with camel.component.emby.base-url and the key in the environment).
 */
class EmbyChatReadmeRouteTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        EmbyComponent emby = new EmbyComponent();
        emby.getConfiguration().setBaseUrl(server.baseUrl());
        emby.getConfiguration().setApiKey("sk-readme");
        context.addComponent("emby", emby);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // --- pasted from README.md ---
                from("file:prompts")
                    .to("emby:chat?model=llama-3.3-70b-versatile&deltaUri=direct:tokens")   // EMBY_API_KEY in the environment
                    .log("${header.CamelEmbyFinishReason}, ${header.CamelEmbyTotalTokens} tokens: ${body}");

                from("direct:tokens")
                    .log("delta ${header.CamelEmbyDeltaIndex}: ${body}");
                // --- end of README route ---
            }
        };
    }

    @AfterEach
    void removePromptsFolder() {
        FileUtil.removeDir(new File("prompts"));
    }

    @Test
    void readmeRouteStreamsAPromptFile() throws Exception {
        server.enqueue(Responses.sse(Chunks.answer("Camel ", "rides ", "the ", "stream.")));
        NotifyBuilder done = new NotifyBuilder(context).from("file:*").whenCompleted(1).create();
        NotifyBuilder deltas = new NotifyBuilder(context).from("direct:tokens").whenCompleted(4).create();

        Path prompts = Path.of("prompts");
        Files.createDirectories(prompts);
        Files.writeString(prompts.resolve("question.txt"), "Write a haiku about Camel.", StandardCharsets.UTF_8);

        assertThat(done.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        LlmServer.Request request = server.lastRequest();
        assertThat(request.json()).containsEntry("model", "llama-3.3-70b-versatile");
        assertThat(request.body).contains("Write a haiku about Camel.");
        assertThat(deltas.matches(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
}
