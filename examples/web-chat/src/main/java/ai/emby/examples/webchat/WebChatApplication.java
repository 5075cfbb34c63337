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
package ai.emby.examples.webchat;

import java.time.Duration;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the web chat: Camel Main with the route in {@code routes/web-chat.camel.yaml}, serving the page at
 * http://localhost:8080, talking to Emby AI when {@code EMBY_API_KEY} is set and to a local {@link ChatSimulator}
 * otherwise.
 */
public final class WebChatApplication {

    /** The API key given to the simulator, which only checks that a Bearer token is sent. */
    static final String SIMULATOR_API_KEY = "sim-key";
    /** About the pace of a fast hosted model. */
    static final Duration SIMULATOR_WORD_DELAY = Duration.ofMillis(60);

    private static final Logger LOG = LoggerFactory.getLogger(WebChatApplication.class);

    private WebChatApplication() {
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
     * The Camel Main of the web chat. With a simulator, the emby component is pointed at it whatever the environment
     * or application.properties say, so a stray EMBY_BASE_URL cannot send the fake key elsewhere.
     */
    static Main createMain(ChatSimulator simulator) {
        Main main = new Main();
        if (simulator != null) {
            main.addOverrideProperty("camel.component.emby.base-url", simulator.baseUrl());
            main.addOverrideProperty("camel.component.emby.model", ChatSimulator.MODEL);
            // through a placeholder: Camel Main warns about a secret option set to plain text, which would only
            // distract here, as the simulator's key is no secret
            main.addOverrideProperty("web-chat.simulator-api-key", SIMULATOR_API_KEY);
            main.addOverrideProperty("camel.component.emby.api-key", "{{web-chat.simulator-api-key}}");
        }
        return main;
    }
}
