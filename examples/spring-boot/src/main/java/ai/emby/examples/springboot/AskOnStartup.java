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

import ai.emby.camel.EmbyConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Asks one question when the application has started: the program arguments joined, else {@code example.prompt}.
 * Switched off with {@code example.ask-on-startup=false} (the tests do, and so would an application that asks
 * from a REST controller or a queue instead).
 */
@Component
@ConditionalOnProperty(name = "example.ask-on-startup", havingValue = "true", matchIfMissing = true)
public class AskOnStartup implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(AskOnStartup.class);

    private final ProducerTemplate producer;
    private final DeltaPrinter printer;
    private final String defaultPrompt;
    private int exitCode;

    public AskOnStartup(ProducerTemplate producer, DeltaPrinter printer, @Value("${example.prompt}") String defaultPrompt) {
        this.producer = producer;
        this.printer = printer;
        this.defaultPrompt = defaultPrompt;
    }

    @Override
    public void run(ApplicationArguments args) {
        String prompt = args.getNonOptionArgs().isEmpty() ? defaultPrompt : String.join(" ", args.getNonOptionArgs());
        LOG.info("Asking: {}", prompt);
        Exchange exchange = producer.request(ChatRoutes.ASK, e -> e.getMessage().setBody(prompt));
        printer.endOfAnswer();
        if (exchange.getException() != null) {
            exitCode = 1;
            LOG.error("No answer: {}. Set EMBY_API_KEY (and EMBY_BASE_URL and EMBY_MODEL for another OpenAI-compatible"
                      + " server).", exchange.getException().getMessage());
            return;
        }
        Message answer = exchange.getMessage();
        LOG.info("Finish reason {}, tokens: {} prompt + {} completion = {}",
                answer.getHeader(EmbyConstants.FINISH_REASON), answer.getHeader(EmbyConstants.PROMPT_TOKENS),
                answer.getHeader(EmbyConstants.COMPLETION_TOKENS), answer.getHeader(EmbyConstants.TOTAL_TOKENS));
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
