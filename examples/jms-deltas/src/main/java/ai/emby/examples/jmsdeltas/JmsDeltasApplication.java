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
package ai.emby.examples.jmsdeltas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import ai.emby.camel.EmbyConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the example: an embedded Artemis broker, Camel Main with {@link JmsDeltasRoutes}, and Emby AI when
 * {@code EMBY_API_KEY} is set or a local {@link ChatSimulator} otherwise; asks a few prompts at once, prints every
 * answer as rebuilt from the queue next to the answer the original exchange got, and stops.
 */
public final class JmsDeltasApplication {

    /** The API key given to the simulator, which only checks that a Bearer token is sent. */
    static final String SIMULATOR_API_KEY = "sim-key";
    /** Slow enough that the answers' deltas visibly interleave on the queue, fast enough to finish in a second. */
    static final Duration SIMULATOR_WRITE_DELAY = Duration.ofMillis(20);
    /** A real model can take a while to answer; the simulator needs well under a second. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
    static final List<String> SAMPLE_PROMPTS = List.of(
            "In one sentence: what is a JMS queue?",
            "In one sentence: why can concurrent consumers reorder messages?",
            "In one sentence: what does the Aggregator EIP do?");

    private static final Logger LOG = LoggerFactory.getLogger(JmsDeltasApplication.class);

    private JmsDeltasApplication() {
    }

    public static void main(String[] args) throws Exception {
        String apiKey = System.getenv("EMBY_API_KEY");
        boolean simulate = apiKey == null || apiKey.isBlank();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             ChatSimulator simulator = simulate ? ChatSimulator.start(SIMULATOR_WRITE_DELAY) : null) {
            if (simulator != null) {
                LOG.warn("""

                        ************************************************************************************
                        *  EMBY_API_KEY is not set: answering with the LOCAL SIMULATOR at {}
                        *  Answers echo the prompt, they come from no model. To ask Emby AI, run again with
                        *  EMBY_API_KEY=<your key> (and EMBY_BASE_URL=<url> for another server).
                        ************************************************************************************""",
                        simulator.baseUrl());
            }
            RebuiltAnswers answers = new RebuiltAnswers();
            Main main = createMain(broker, simulator, answers);
            main.start();
            try {
                askAndPrint(main.getCamelTemplate(), answers, SAMPLE_PROMPTS);
            } finally {
                // before the broker closes: the consumers and the delta senders use its connection
                main.stop();
            }
        }
    }

    /**
     * The Camel Main of the example, with the {@code jms} component on the given broker. With a simulator, the emby
     * component is pointed at it whatever the environment or application.properties say, so a stray EMBY_BASE_URL
     * cannot send the fake key elsewhere.
     */
    static Main createMain(EmbeddedBroker broker, ChatSimulator simulator, RebuiltAnswers answers) {
        Main main = new Main();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(broker.connectionFactory());
        main.bind("jms", jms);
        main.configure().addRoutesBuilder(new JmsDeltasRoutes(answers));
        if (simulator != null) {
            main.addOverrideProperty("camel.component.emby.base-url", simulator.baseUrl());
            // through a placeholder: Camel Main warns about a secret option set to plain text, which would only
            // distract here, as the simulator's key is no secret
            main.addOverrideProperty("jms-deltas.simulator-api-key", SIMULATOR_API_KEY);
            main.addOverrideProperty("camel.component.emby.api-key", "{{jms-deltas.simulator-api-key}}");
        }
        return main;
    }

    /** Asks all prompts at once, then prints each answer as the original exchange got it and as rebuilt. */
    private static void askAndPrint(ProducerTemplate template, RebuiltAnswers answers, List<String> prompts)
            throws Exception {
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (String prompt : prompts) {
            calls.add(template.asyncSend("direct:ask", exchange -> exchange.getIn().setBody(prompt)));
        }
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < prompts.size(); i++) {
            Exchange call = calls.get(i).join();
            report.append("\nprompt:   ").append(prompts.get(i)).append('\n');
            if (call.getException() != null) {
                report.append("FAILED:   ").append(call.getException()).append('\n');
                continue;
            }
            String original = call.getMessage().getBody(String.class);
            String streamId = call.getMessage().getHeader(EmbyConstants.STREAM_ID, String.class);
            RebuiltAnswer rebuilt = answers.await(streamId, ANSWER_TIMEOUT);
            report.append("rebuilt:  ").append(rebuilt.text()).append('\n')
                    .append("          ").append(rebuilt.outcome()).append(", stream ").append(streamId)
                    .append(", ").append(rebuilt.messages()).append(" JMS messages, ").append(rebuilt.outOfOrder())
                    .append(" of them consumed out of order\n")
                    .append("original: ").append(rebuilt.text().equals(original) ? "identical" : original)
                    .append('\n');
        }
        System.out.println(report);
    }
}
