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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.Route;

/**
 * What one open stream holds in emit mode ({@code bufferSize=1}), by owner: the original exchange and its unit of work
 * (Camel), the call, parser and delivery state (camel-emby), the connection (HttpClient 5). It opens
 * {@value #STREAMS} slow streams, waits until all are mid-answer, walks the object graph of one call to mark what every
 * call shares, then of {@value #MEASURED} more calls to count what each holds alone, and prints two tables.
 * <p>
 * Run: {@code mvn -B -ntp -f benchmarks/pom.xml compile exec:exec -Dbench.main=ai.emby.bench.FootprintMain}.
 */
public final class FootprintMain {

    private static final int STREAMS = 200;
    private static final int MEASURED = 20;
    /** 400 deltas at 25 ms: 10 s per stream, so all are open when the walk runs. */
    private static final String SLOW_MODEL = "bench-400-25";

    private FootprintMain() {
    }

    public static void main(String[] args) throws Exception {
        try (BenchmarkMain.ServerProcess server = new BenchmarkMain.ServerProcess();
             EmbyContender contender = EmbyContender.emit(1)) {
            server.start();
            contender.start(server.baseUrl());
            for (int i = 0; i < 50; i++) {
                contender.runOne("bench-20-0", new StreamProbe());
            }
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                running.add(contender.runAsync(SLOW_MODEL, new StreamProbe()));
            }
            Thread.sleep(3000);
            List<Object> calls = contender.openCalls();
            if (calls.size() < MEASURED + 1) {
                throw new IllegalStateException("only " + calls.size() + " calls open after 3 s");
            }
            HeapWalk walk = new HeapWalk(sharedInfrastructure());
            walk.mark(calls.get(0));
            long markedObjects = walk.walked();
            for (int i = 1; i <= MEASURED; i++) {
                walk.count(calls.get(i));
            }
            System.out.printf(Locale.ROOT, "Open streams: %d of %d; the first call's walk reached %,d objects (shared"
                                           + " ones included), the next %d calls' %,d objects in all.%n%n",
                    calls.size(), STREAMS, markedObjects, MEASURED, walk.walked() - markedObjects);
            print("owner", walk.byOwner(), 10);
            print("owner and type", walk.byType(), 20);
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        }
    }

    private static void print(String what, Map<String, HeapWalk.Tally> tallies, int rows) {
        long total = tallies.values().stream().mapToLong(t -> t.bytes).sum();
        System.out.printf(Locale.ROOT, "| %s | bytes per open stream | objects per open stream | share |%n"
                                       + "| --- | ---: | ---: | ---: |%n", what);
        tallies.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, HeapWalk.Tally> e) -> e.getValue().bytes).reversed())
                .limit(rows)
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.0f %% |%n", e.getKey(),
                        e.getValue().bytes / MEASURED, (double) e.getValue().objects / MEASURED,
                        100.0 * e.getValue().bytes / total));
        System.out.printf(Locale.ROOT, "| all | %,d | | |%n%n", total / MEASURED);
    }

    /** What every stream of the endpoint shares: never entered, so neither counted nor a path to other streams. */
    private static Predicate<Object> sharedInfrastructure() {
        List<Class<?>> types = new ArrayList<>(List.of(Class.class, ClassLoader.class, Thread.class, ThreadGroup.class,
                java.lang.reflect.AccessibleObject.class, Executor.class, Enum.class, java.nio.channels.Selector.class,
                java.nio.channels.SelectionKey.class, CamelContext.class,
                Endpoint.class, Component.class, Processor.class, Producer.class, Route.class, org.slf4j.Logger.class));
        for (String name : List.of("org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient",
                "org.apache.hc.core5.reactor.IOReactor", "org.apache.hc.core5.pool.ConnPoolControl",
                "ai.emby.camel.call.CallPlan", "ai.emby.camel.call.CallListener", "ai.emby.camel.call.Timer",
                "ai.emby.camel.protocol.WireProtocol", "ai.emby.camel.http.EmbyHttpClient",
                "ai.emby.camel.CamelDeltaSink$Target", "org.apache.camel.spi.UnitOfWorkFactory",
                "org.apache.camel.TypeConverter", "org.apache.camel.spi.Registry")) {
            try {
                types.add(Class.forName(name));
            } catch (ClassNotFoundException e) {
                System.err.println("footprint: no " + name + " on the class path, not treated as shared");
            }
        }
        return object -> {
            for (Class<?> type : types) {
                if (type.isInstance(object)) {
                    return true;
                }
            }
            return false;
        };
    }
}
