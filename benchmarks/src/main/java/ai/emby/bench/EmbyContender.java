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

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

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
    private final boolean unboundedQueues;
    private CamelContext context;
    // the component promises that no routing runs on an HTTP I/O thread: count where it actually ran
    private final LongAdder deltaExchanges = new LongAdder();
    private final LongAdder deltaExchangesOnIoThread = new LongAdder();
    private final LongAdder completions = new LongAdder();
    private final LongAdder completionsOnIoThread = new LongAdder();
    private final LongAdder deltaThreadSwitches = new LongAdder();
    private ProducerTemplate template;

    private final String operation;
    /** Spans to an OpenTelemetry SDK and metrics to a Micrometer registry; else telemetry=false. */
    private final boolean telemetry;
    private BenchTelemetry telemetryBackends;

    private EmbyContender(String name, String modeOptions, boolean emit, boolean unboundedQueues) {
        this("chat", name, modeOptions, emit, unboundedQueues, false);
    }

    private EmbyContender(String operation, String name, String modeOptions, boolean emit, boolean unboundedQueues) {
        this(operation, name, modeOptions, emit, unboundedQueues, false);
    }

    private EmbyContender(String operation, String name, String modeOptions, boolean emit, boolean unboundedQueues,
                          boolean telemetry) {
        this.operation = operation;
        this.name = name + (unboundedQueues ? " [maxQueueSize=-1]" : "") + (telemetry ? " telemetry=on" : "");
        this.modeOptions = modeOptions + (telemetry ? "" : "&telemetry=false");
        this.emit = emit;
        this.unboundedQueues = unboundedQueues;
        this.telemetry = telemetry;
    }

    /** Aggregate mode with spans and metrics recorded (the per-call cost of telemetry). */
    static EmbyContender aggregateWithTelemetry() {
        return new EmbyContender("chat", "emby:chat aggregate", "", false, false, true);
    }

    /** Emit mode with spans and metrics recorded (nothing of telemetry is on the per-delta path). */
    static EmbyContender emitWithTelemetry(int bufferSize) {
        return new EmbyContender("chat", "emby:chat emit bufferSize=" + bufferSize,
                "&deltaUri=direct:deltas&bufferSize=" + bufferSize, true, false, true);
    }

    static EmbyContender aggregate() {
        return new EmbyContender("emby:chat aggregate", "", false, false);
    }

    /** emby:responses in aggregate mode: the same server pacing, the Responses API's events. */
    static EmbyContender responsesAggregate() {
        return new EmbyContender("responses", "emby:responses aggregate", "", false, false);
    }

    /** emby:responses in emit mode. */
    static EmbyContender responsesEmit(int bufferSize) {
        return new EmbyContender("responses", "emby:responses emit bufferSize=" + bufferSize,
                "&deltaUri=direct:deltas&bufferSize=" + bufferSize, true, false);
    }

    static EmbyContender emit(int bufferSize) {
        return emit(bufferSize, false);
    }

    /** With unboundedQueues, Camel's default thread pool profile allows unbounded task queues (a user-side setting). */
    static EmbyContender aggregate(boolean unboundedQueues) {
        return new EmbyContender("emby:chat aggregate", "", false, unboundedQueues);
    }

    static EmbyContender emit(int bufferSize, boolean unboundedQueues) {
        return new EmbyContender("emby:chat emit bufferSize=" + bufferSize,
                "&deltaUri=direct:deltas&bufferSize=" + bufferSize, true, unboundedQueues);
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
        if (unboundedQueues) {
            // the component's timer is a Camel scheduled pool that inherits the default profile's maxQueueSize (1000):
            // with one watchdog task per open stream, stream 1,001 is rejected. -1 lifts the limit for this context.
            context.getExecutorServiceManager().getDefaultThreadPoolProfile().setMaxQueueSize(-1);
        }
        if (telemetry) {
            telemetryBackends = new BenchTelemetry();
            telemetryBackends.bindTo(context);
        }
        String uri = "emby:" + operation + "?model=bench-20-0&apiKey=k&baseUrl=" + baseUrl + modeOptions;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:go").to(uri);
                if (emit) {
                    from("direct:deltas").process(delta -> {
                        count(deltaExchanges, deltaExchangesOnIoThread);
                        StreamProbe probe = delta.getProperty(PROBE, StreamProbe.class);
                        probe.deltaThread(Thread.currentThread());
                        probe.group(delta.getMessage().getBody(String.class));
                    });
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
        count(completions, completionsOnIoThread);
        if (exchange.getException() != null) {
            throw new CompletionException(exchange.getException());
        }
        String text = exchange.getMessage().getBody(String.class);
        Integer deltaCount = exchange.getMessage().getHeader(EmbyConstants.DELTA_COUNT, Integer.class);
        // the component counts the server's content deltas; the probe saw groups (emit) or nothing (aggregate)
        probe.deltas = deltaCount == null ? 0 : deltaCount;
        deltaThreadSwitches.add(probe.deltaThreadSwitches);
        if (!emit) {
            probe.chars = text.length();
        } else if (text.length() != probe.chars) {
            probe.error = "the answer has " + text.length() + " chars but the delta route saw " + probe.chars;
        }
        probe.end();
    }

    /** HttpClient 5 names its I/O reactor threads "httpclient-dispatch-N". */
    private static void count(LongAdder all, LongAdder onIoThread) {
        all.increment();
        if (Thread.currentThread().getName().startsWith("httpclient-dispatch")) {
            onIoThread.increment();
        }
    }

    @Override
    public String takeNotes() {
        long deltasOnIo = deltaExchangesOnIoThread.sumThenReset();
        long deltas = deltaExchanges.sumThenReset();
        long completedOnIo = completionsOnIoThread.sumThenReset();
        long completed = completions.sumThenReset();
        long switches = deltaThreadSwitches.sumThenReset();
        String notes = "";
        if (deltasOnIo > 0 || completedOnIo > 0) {
            notes = String.format(Locale.ROOT, "ran on an HTTP I/O thread: %,d of %,d delta exchanges, %,d of %,d"
                                               + " completions", deltasOnIo, deltas, completedOnIo, completed);
        }
        if (emit && deltas > completed) {
            notes += String.format(Locale.ROOT, "%sthe next delta exchange of a stream ran on another thread than the"
                                                + " previous one %.0f%% of the time", notes.isEmpty() ? "" : "; ",
                    100.0 * switches / (deltas - completed));
        }
        return notes;
    }

    /**
     * The calls in flight (package-private {@code ChatCall}s), for the footprint walk: read through the component's
     * shutdown registry, as a benchmark may and a user never should.
     */
    List<Object> openCalls() throws ReflectiveOperationException {
        Object component = context.getComponent("emby");
        Object registry = field(component, "cancelOnShutdown");
        List<Object> calls = new ArrayList<>();
        for (Object producer : (Set<?>) field(registry, "producers")) {
            calls.addAll((Set<?>) field(producer, "activeCalls"));
        }
        return calls;
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name + " in " + target.getClass().getName());
    }

    @Override
    public void close() throws Exception {
        if (context != null) {
            context.close();
        }
        if (telemetryBackends != null) {
            telemetryBackends.close();
        }
    }
}
