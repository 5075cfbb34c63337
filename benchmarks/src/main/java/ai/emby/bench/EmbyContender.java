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
package ai.emby.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import ai.emby.camel.EmbyConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * {@code emby:chat} in a route, in one of its three shapes: aggregate (the user gets the whole answer), or emit mode
 * where every delta (bufferSize=1) or group of 16 deltas goes to a {@code direct:} route that counts it.
 */
final class EmbyContender implements Contender {

    /** The exchange property carrying the probe: delta exchanges copy the original's properties. */
    private static final String PROBE = "bench.probe";

    private final String name;
    private final String modeOptions;
    private final boolean emit;
    private CamelContext context;
    private ProducerTemplate template;

    private EmbyContender(String name, String modeOptions, boolean emit) {
        this.name = name;
        this.modeOptions = modeOptions;
        this.emit = emit;
    }

    static EmbyContender aggregate() {
        return new EmbyContender("emby:chat aggregate", "", false);
    }

    static EmbyContender emit(int bufferSize) {
        return new EmbyContender("emby:chat emit bufferSize=" + bufferSize,
                "&deltaUri=direct:deltas&bufferSize=" + bufferSize, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean deliversDeltas() {
        return emit;
    }

    @Override
    public void start(String baseUrl) throws Exception {
        context = new DefaultCamelContext();
        String uri = "emby:chat?model=bench-20-0&apiKey=k&baseUrl=" + baseUrl + modeOptions;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:go").to(uri);
                if (emit) {
                    from("direct:deltas").process(delta -> delta.getProperty(PROBE, StreamProbe.class)
                            .group(delta.getMessage().getBody(String.class)));
                }
            }
        });
        context.start();
        template = context.createProducerTemplate();
        // by default asyncSend hands each send to a "ProducerTemplate" pool of up to 20 threads; the emby producer is
        // asynchronous already, so the send runs on the caller and the future completes on the component's worker
        template.setThreadedAsyncMode(false);
    }

    private Exchange exchange(String model, StreamProbe probe) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(PROMPT);
        exchange.getMessage().setHeader(EmbyConstants.MODEL, model);
        exchange.setProperty(PROBE, probe);
        return exchange;
    }

    @Override
    public void runOne(String model, StreamProbe probe) {
        finish(template.send("direct:go", exchange(model, probe)), probe);
    }

    @Override
    public CompletableFuture<Void> runAsync(String model, StreamProbe probe) {
        return template.asyncSend("direct:go", exchange(model, probe)).thenAccept(done -> finish(done, probe));
    }

    private void finish(Exchange exchange, StreamProbe probe) {
        if (exchange.getException() != null) {
            throw new CompletionException(exchange.getException());
        }
        String text = exchange.getMessage().getBody(String.class);
        Integer deltaCount = exchange.getMessage().getHeader(EmbyConstants.DELTA_COUNT, Integer.class);
        // the component counts the server's content deltas; the probe saw groups (emit) or nothing (aggregate)
        probe.deltas = deltaCount == null ? 0 : deltaCount;
        if (!emit) {
            probe.chars = text.length();
        } else if (text.length() != probe.chars) {
            probe.error = "the answer has " + text.length() + " chars but the delta route saw " + probe.chars;
        }
        probe.end();
    }

    @Override
    public void close() throws Exception {
        if (context != null) {
            context.close();
        }
    }
}
