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
package ai.emby.examples.quarkus;

import ai.emby.camel.EmbyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The routes. {@code direct:ask} sends its body to {@code emby:chat} in emit mode: while the answer streams, every delta
 * goes to {@code direct:delta} as its own exchange; when the stream ends, the exchange carries the whole answer, the
 * finish reason and the token counts. The component itself is configured in {@code application.properties}
 * ({@code camel.component.emby.*}), so the endpoint URI names only what is particular to this route.
 * <p>
 * A one-shot timer asks {@code emby.example.prompt} once at startup, so {@code quarkus:dev} or {@code java -jar} shows
 * an answer streaming into the log; the tests switch it off and send their own prompts to {@code direct:ask}.
 */
@ApplicationScoped
public class ChatRoutes extends RouteBuilder {

    @Inject
    DeltaCollector deltas;

    @ConfigProperty(name = "emby.example.prompt")
    String prompt;

    @ConfigProperty(name = "emby.example.ask-on-startup", defaultValue = "true")
    boolean askOnStartup;

    @Override
    public void configure() {
        from("direct:ask").routeId("ask")
                // no error handler here: a failure goes back to the caller as it is (an EmbyStreamException or
                // EmbyApiException on the exchange), and the caller's error handling decides what to do with it
                .errorHandler(noErrorHandler())
                .to("emby:chat?deltaUri=direct:delta")
                .log("Answer (finish reason ${header.CamelEmbyFinishReason}, ${header.CamelEmbyPromptTokens} prompt +"
                     + " ${header.CamelEmbyCompletionTokens} completion = ${header.CamelEmbyTotalTokens} tokens,"
                     + " ${header.CamelEmbyDeltaCount} deltas): ${body}");

        // emit mode: one exchange per delta, in order, while the answer streams (the next is sent only after this
        // route has finished with the previous one)
        from("direct:delta").routeId("delta")
                .process(exchange -> deltas.add(exchange.getMessage()))
                .log(LoggingLevel.DEBUG, "delta ${header.CamelEmbyDeltaIndex}: ${body}");

        from("timer:ask-on-startup?repeatCount=1&delay=1000").routeId("ask-on-startup")
                .autoStartup(askOnStartup)
                // a failed stream (no key, no network, a server error) ends here as one log line with its reason; other
                // callers of direct:ask (the tests, a ProducerTemplate) get the exception itself
                .onException(EmbyException.class)
                    .handled(true)
                    .log(LoggingLevel.ERROR, "The question failed: ${exception.message}")
                .end()
                .setBody(constant(prompt))
                .log("Asking: ${body}")
                .to("direct:ask");
    }
}
