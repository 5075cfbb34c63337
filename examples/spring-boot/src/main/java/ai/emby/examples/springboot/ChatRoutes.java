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
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:ask} sends the body as a prompt to {@code emby:chat}; while the answer streams in, every delta goes to
 * {@code direct:delta}, which logs it (at DEBUG) and prints it, and {@code emitEnd} adds one last exchange after the
 * final delta, which ends the printed line. The model, base URL, API key and timeouts are not in the URI: they are the
 * component's defaults, set by the {@code camel.component.emby.*} properties.
 */
@Component
public class ChatRoutes extends RouteBuilder {

    /** Where a prompt goes in; the exchange comes back with the whole answer and the CamelEmby* headers. */
    public static final String ASK = "direct:ask";
    /** The log category of the deltas (level DEBUG). */
    public static final String DELTA_LOG = "ai.emby.examples.springboot.delta";

    private final DeltaPrinter printer;

    public ChatRoutes(DeltaPrinter printer) {
        this.printer = printer;
    }

    @Override
    public void configure() {
        from(ASK).routeId("ask")
                .to("emby:chat?deltaUri=direct:delta&emitEnd=true");

        // one exchange per delta, in order, while the answer streams in: the next one comes once this one is done
        from("direct:delta").routeId("delta")
                .choice()
                    .when(header(EmbyConstants.DELTA_TYPE).isEqualTo("content"))
                        .to("log:" + DELTA_LOG + "?level=DEBUG&showExchangePattern=false&showBodyType=false")
                        .process(exchange -> printer.print(exchange.getMessage().getBody(String.class)))
                    .otherwise()
                        // the emitEnd exchange (type end, or error when the stream failed) comes after the last delta
                        .process(exchange -> printer.endOfAnswer())
                .end();
    }
}
