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
package ai.emby.camel.support;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs in a child JVM whose classpath has neither OpenTelemetry nor Micrometer: one streamed call with telemetry on
 * (the default), against a loopback server. Prints {@code ANSWER <body>} and exits 0, or exits 1 saying why.
 */
public final class AppWithoutTelemetryLibraries {

    private AppWithoutTelemetryLibraries() {
    }

    public static void main(String[] args) throws Exception {
        for (String absent : new String[] { "io.opentelemetry.api.OpenTelemetry",
                                            "io.micrometer.core.instrument.MeterRegistry" }) {
            try {
                Class.forName(absent);
                System.out.println("FAIL " + absent + " is on the classpath");
                System.exit(1);
            } catch (ClassNotFoundException expected) {
                // the point of this run
            }
        }
        LlmServer server = new LlmServer();
        server.start();
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            server.enqueue(Responses.sse(Chunks.answer("Hel", "lo")));
            ProducerTemplate template = context.createProducerTemplate();
            Exchange result = template.request("emby:chat?model=test-model&apiKey=sk-test&baseUrl=" + server.baseUrl(),
                    e -> e.getIn().setBody("hi"));
            if (result.getException() != null) {
                result.getException().printStackTrace(System.out);
                System.exit(1);
            }
            System.out.println("ANSWER " + result.getMessage().getBody(String.class));
        } finally {
            server.stop();
        }
    }
}
