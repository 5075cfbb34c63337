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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs the scenarios against every contender, in a fixed order in this one JVM, and prints one markdown table per
 * scenario on stdout (progress goes to stderr). Usage: {@code [--scenario=A,B,C] [--quick] [--only=TEXT]}.
 */
public final class BenchmarkMain {

    /** Every contender, baseline first: the ratios are to it. */
    private static final List<Supplier<Contender>> CONTENDERS = List.of(
            AsyncHttpClientContender::new,
            RawHttpClientContender::new,
            OpenAiJavaContender::new,
            LangChain4jContender::new,
            EmbyContender::aggregate,
            () -> EmbyContender.emit(1),
            () -> EmbyContender.emit(16),
            EmbyContender::aggregateWithTelemetry,
            () -> EmbyContender.emitWithTelemetry(1),
            EmbyContender::responsesAggregate,
            () -> EmbyContender.responsesEmit(1));

    /**
     * Scenario C also runs the component with Camel's default thread pool profile set to unbounded queues, a user-side
     * setting: by default its timer rejects a task once 1,000 are queued, and every open stream keeps one there.
     */
    private static final List<Supplier<Contender>> C_WORKAROUND = List.of(
            () -> EmbyContender.aggregate(true),
            () -> EmbyContender.emit(1, true),
            () -> EmbyContender.emit(16, true));

    /**
     * The sizes of one run; --quick shrinks them for a smoke run. Warm-ups are generous: on 2 cores the JIT
     * compilers share the CPU with the workload, and a contender measured after one short warm-up run was still
     * 2-5× slower than after a million deltas.
     */
    private record Sizes(long aDeltas, int aRuns, long aWarmDeltas, int aWarmRuns,
                         int bStreams, int bDeltas, int bWarmStreams,
                         int cStreams, int cDeltas, int cDelayMillis,
                         int cWarmStreams, int cWarmDeltas, int cWarmDelayMillis, int cWarmRounds,
                         long timeoutSeconds) {

        long cIdealMillis() {
            return (long) cDeltas * cDelayMillis;
        }
    }

    private static final Sizes FULL = new Sizes(200_000, 5, 100_000, 10, 200, 20, 500,
            2_000, 200, 25, 500, 100, 5, 2, 60);
    private static final Sizes QUICK = new Sizes(10_000, 3, 5_000, 1, 20, 20, 10,
            100, 20, 25, 20, 10, 5, 1, 20);

    private final Sizes sizes;
    private final List<Supplier<Contender>> contenders;
    private final List<Supplier<Contender>> cContenders;
    private final PrintStream out = System.out;
    private final ServerProcess server = new ServerProcess();
    /** Runs the contenders' calls, so a hung one meets a timeout instead of hanging the run. */
    private ExecutorService runner = newRunner();
    /** Samples the thread count and takes the half-way heap reading of scenario C. */
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "bench-sampler"));

    private BenchmarkMain(Sizes sizes, String only) {
        this.sizes = sizes;
        this.contenders = select(CONTENDERS, only, true);
        this.cContenders = new ArrayList<>(contenders);
        cContenders.addAll(select(C_WORKAROUND, only, false));
    }

    private static List<Supplier<Contender>> select(List<Supplier<Contender>> all, String only, boolean keepFirst) {
        List<Supplier<Contender>> selected = new ArrayList<>();
        for (Supplier<Contender> contender : all) {
            if ((keepFirst && selected.isEmpty()) || only == null || matches(contender.get().name(), only)) {
                selected.add(contender);
            }
        }
        return selected;
    }

    /** The name contains the text, or, when the text ends with '$', ends with the text before it. */
    private static boolean matches(String name, String only) {
        String lower = name.toLowerCase(Locale.ROOT);
        return only.endsWith("$") ? lower.endsWith(only.substring(0, only.length() - 1)) : lower.contains(only);
    }

    public static void main(String[] args) throws Exception {
        Set<String> scenarios = new LinkedHashSet<>(List.of("A", "B", "C"));
        boolean quick = false;
        String only = null;
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--only=")) {
                // a development aid: contenders whose name contains this text (the baseline always runs, for ratios)
                only = arg.substring("--only=".length()).toLowerCase(Locale.ROOT);
            } else if (arg.startsWith("--scenario=")) {
                scenarios = new LinkedHashSet<>(Arrays.asList(
                        arg.substring("--scenario=".length()).toUpperCase(Locale.ROOT).split(",")));
                scenarios.retainAll(Set.of("A", "B", "C"));
            } else {
                System.err.println("usage: BenchmarkMain [--scenario=A,B,C] [--quick] [--only=TEXT]; unknown argument "
                                   + arg);
                System.exit(2);
            }
        }
        BenchmarkMain main = new BenchmarkMain(quick ? QUICK : FULL, only);
        try {
            main.run(scenarios, quick);
        } finally {
            main.server.close();
        }
        // some libraries leave non-daemon threads behind
        System.exit(0);
    }

    private void run(Set<String> scenarios, boolean quick) throws Exception {
        out.println("Machine: " + Jvm.describeMachine() + "; load average " + Jvm.loadAverage() + "; date "
                    + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
                    + "Z" + (quick ? " (--quick: small sizes, a smoke run, not a result)" : ""));
        out.println("camel-emby under test: " + componentJar());
        out.println();
        server.start();
        for (String scenario : scenarios) {
            switch (scenario) {
                case "A":
                    scenarioA();
                    break;
                case "B":
                    scenarioB();
                    break;
                default:
                    scenarioC();
                    break;
            }
            out.flush();
        }
    }

    // ---- A: one long unpaced stream ---------------------------------------------------------------------------------

    private void scenarioA() throws Exception {
        long n = sizes.aDeltas();
        out.printf(Locale.ROOT, "### A. One stream of %,d deltas, no delay (median of %d runs)%n%n", n, sizes.aRuns());
        Jvm.CpuShare cpu = new Jvm.CpuShare(server::cpuNanos);
        Table table = new Table("contender", "deltas/s", "CPU µs/delta", "bytes allocated/delta", "result");
        double[] base = null;
        double[] embyAggregate = {Double.NaN, Double.NaN, Double.NaN};
        double[] embyEmit1 = {Double.NaN, Double.NaN, Double.NaN};
        for (Supplier<Contender> supplier : contenders) {
            Contender contender = supplier.get();
            double[] figures = {Double.NaN, Double.NaN, Double.NaN};
            String result = "ok";
            boolean timedOut = false;
            try {
                progress("A", contender, "warm-up");
                contender.start(server.baseUrl());
                for (int i = 0; i < sizes.aWarmRuns(); i++) {
                    StreamProbe warm = new StreamProbe();
                    call(() -> contender.runOne(model(sizes.aWarmDeltas(), 0), warm));
                }
                contender.takeNotes(); // the notes shown are about the measured runs only
                double[][] runs = new double[3][sizes.aRuns()];
                for (int run = 0; run < sizes.aRuns(); run++) {
                    Jvm.fullGc();
                    StreamProbe probe = new StreamProbe();
                    Jvm.AllocationWindow allocation = new Jvm.AllocationWindow();
                    ScheduledFuture<?> sampling = sampler.scheduleAtFixedRate(allocation::sample, 10, 10,
                            TimeUnit.MILLISECONDS);
                    long cpu0 = Jvm.cpuNanos();
                    long t0 = System.nanoTime();
                    try {
                        call(() -> contender.runOne(model(n, 0), probe));
                    } finally {
                        sampling.cancel(false);
                    }
                    long t1 = System.nanoTime();
                    long cpu1 = Jvm.cpuNanos();
                    long allocated = allocation.allocatedBytes();
                    if (!probe.complete(n)) {
                        throw new IllegalStateException(probe.describe(n));
                    }
                    runs[0][run] = n * 1e9 / (t1 - t0);
                    runs[1][run] = (cpu1 - cpu0) / 1e3 / n;
                    runs[2][run] = (double) allocated / n;
                    progress("A", contender, String.format(Locale.ROOT, "run %d: %,.0f deltas/s, %.2f µs CPU/delta,"
                                                           + " %,.0f B/delta", run + 1, runs[0][run], runs[1][run],
                            runs[2][run]));
                }
                figures = new double[] {median(runs[0]), median(runs[1]), median(runs[2])};
            } catch (Exception e) {
                timedOut = e instanceof TimeoutException;
                result = "n/a: " + describe(e);
            } finally {
                result = withNotes(result, contender.takeNotes());
                cleanUp(contender, timedOut);
            }
            if (base == null) {
                base = figures;
            }
            if (contender.name().equals("emby:chat aggregate")) {
                embyAggregate = figures;
            } else if (contender.name().equals("emby:chat emit bufferSize=1")) {
                embyEmit1 = figures;
            }
            table.add(contender.name(), Table.withRatio(figures[0], base[0], "%,.0f"),
                    Table.withRatio(figures[1], base[1], "%.2f"), Table.withRatio(figures[2], base[2], "%,.0f"),
                    result);
        }
        out.print(table.toMarkdown());
        out.println();
        out.println(cpu.describe() + ".");
        out.println("Ratios are to the baseline: above 1× is better for deltas/s, below 1× for CPU and bytes. CPU is"
                    + " the whole client process (GC and JIT included); bytes are summed over all its threads.");
        out.println("Targets: "
                    + target("aggregate deltas/s ≥ 2× baseline", embyAggregate[0] / base[0], ">=", 2.0, "%.2f×")
                    + "; " + target("emit bufferSize=1 ≥ 0.8× baseline", embyEmit1[0] / base[0], ">=", 0.8, "%.2f×")
                    + "; " + target("emit bufferSize=1 CPU/delta ≤ 1.25× baseline", embyEmit1[1] / base[1], "<=", 1.25,
                            "%.2f×")
                    + "; " + target("aggregate ≤ 1 KB allocated/delta", embyAggregate[2], "<=", 1024, "%,.0f B")
                    + ".");
        out.println();
    }

    // ---- B: many short sequential streams ---------------------------------------------------------------------------

    private void scenarioB() throws Exception {
        int streams = sizes.bStreams();
        out.printf(Locale.ROOT, "### B. %,d sequential streams of %d deltas, no delay%n%n", streams, sizes.bDeltas());
        Jvm.CpuShare cpu = new Jvm.CpuShare(server::cpuNanos);
        Table table = new Table("contender", "first delta, mean ms", "first delta, p99 ms", "completion, mean ms",
                "completion, p99 ms", "result");
        double[] base = null;
        StringBuilder targets = new StringBuilder();
        for (Supplier<Contender> supplier : contenders) {
            Contender contender = supplier.get();
            double[] figures = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            String result = "ok";
            boolean timedOut = false;
            try {
                progress("B", contender, "warm-up and measuring");
                contender.start(server.baseUrl());
                String model = model(sizes.bDeltas(), 0);
                for (int i = 0; i < sizes.bWarmStreams(); i++) {
                    call(() -> contender.runOne(model, new StreamProbe()));
                }
                Jvm.fullGc();
                contender.takeNotes(); // the notes shown are about the measured runs only
                double[] firstDelta = new double[streams];
                double[] completion = new double[streams];
                int[] failures = {0};
                String[] firstFailure = {null};
                call(() -> {
                    for (int i = 0; i < streams; i++) {
                        StreamProbe probe = new StreamProbe();
                        contender.runOne(model, probe);
                        if (!probe.complete(sizes.bDeltas())) {
                            failures[0]++;
                            if (firstFailure[0] == null) {
                                firstFailure[0] = probe.describe(sizes.bDeltas());
                            }
                        }
                        firstDelta[i] = (probe.firstDeltaNanos - probe.startNanos) / 1e6;
                        completion[i] = (probe.endNanos - probe.startNanos) / 1e6;
                    }
                });
                if (failures[0] > 0) {
                    result = failures[0] + " incomplete: " + firstFailure[0];
                }
                figures = new double[] {contender.deliversDeltas() ? mean(firstDelta) : Double.NaN,
                        contender.deliversDeltas() ? p99(firstDelta) : Double.NaN, mean(completion), p99(completion)};
                if (!contender.deliversDeltas()) {
                    result += " (aggregate: the user sees only the whole answer, so no first delta)";
                }
            } catch (Exception e) {
                timedOut = e instanceof TimeoutException;
                result = "n/a: " + describe(e);
            } finally {
                result = withNotes(result, contender.takeNotes());
                cleanUp(contender, timedOut);
            }
            if (base == null) {
                base = figures;
            } else if (contender.name().startsWith("emby:chat emit")) {
                targets.append(targets.length() == 0 ? "" : "; ")
                        .append(target(contender.name() + " first delta ≤ baseline + 1 ms (mean)",
                                figures[0] - base[0], "<=", 1.0, "%+.2f ms"));
            }
            table.add(contender.name(), Table.withRatio(figures[0], base[0], "%.2f"),
                    Table.withRatio(figures[1], base[1], "%.2f"), Table.withRatio(figures[2], base[2], "%.2f"),
                    Table.withRatio(figures[3], base[3], "%.2f"), result);
        }
        out.print(table.toMarkdown());
        out.println();
        out.println(cpu.describe() + ".");
        out.println("Times from the call until the user code saw the first delta / the end; below 1× is better.");
        out.println("Targets: " + targets + ".");
        out.println();
    }

    // ---- C: many concurrent paced streams ---------------------------------------------------------------------------

    private void scenarioC() throws Exception {
        int streams = sizes.cStreams();
        long ideal = sizes.cIdealMillis();
        out.printf(Locale.ROOT, "### C. %,d concurrent streams × %d deltas at %d ms (ideal wall time %.1f s)%n%n",
                streams, sizes.cDeltas(), sizes.cDelayMillis(), ideal / 1e3);
        Jvm.CpuShare cpu = new Jvm.CpuShare(server::cpuNanos);
        Table table = new Table("contender", "completed", "wall s", "CPU µs/delta", "peak threads − before",
                "peak threads", "live heap KB/open stream", "open at GC", "result");
        double[] base = null;
        StringBuilder targets = new StringBuilder();
        for (Supplier<Contender> supplier : cContenders) {
            Jvm.settle();
            int threadsBefore = Jvm.threadCount();
            Contender contender = supplier.get();
            double[] figures = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            String completed = "n/a";
            String openAtGc = "n/a";
            String result = "ok";
            boolean timedOut = false;
            try {
                progress("C", contender, "warm-up");
                contender.start(server.baseUrl());
                // concurrent paced streams like the measured ones, fewer and faster
                for (int round = 0; round < sizes.cWarmRounds(); round++) {
                    Batch warm = new Batch(sizes.cWarmStreams());
                    runner.submit(() -> warm.dispatch(contender,
                            model(sizes.cWarmDeltas(), sizes.cWarmDelayMillis())));
                    if (!warm.await(TimeUnit.SECONDS.toNanos(sizes.timeoutSeconds()))) {
                        throw new TimeoutException("the warm-up (" + sizes.cWarmStreams() + " streams) did not end in "
                                                   + sizes.timeoutSeconds() + " s");
                    }
                }
                Jvm.fullGc();
                long heapBefore = Jvm.heapUsed();
                progress("C", contender, "measuring");
                contender.takeNotes(); // the notes shown are about the measured run only
                AtomicInteger peakThreads = new AtomicInteger(Jvm.threadCount());
                ScheduledFuture<?> sampling = sampler.scheduleAtFixedRate(
                        () -> peakThreads.accumulateAndGet(Jvm.threadCount(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
                Batch batch = new Batch(streams);
                long cpu0 = Jvm.cpuNanos();
                long t0 = System.nanoTime();
                // half-way, every stream should be open: what the heap holds then is what open streams cost
                ScheduledFuture<long[]> halfWay = sampler.schedule(() -> {
                    int open = batch.open();
                    Jvm.fullGc();
                    return new long[] {Jvm.heapUsed(), open};
                }, ideal / 2, TimeUnit.MILLISECONDS);
                runner.submit(() -> batch.dispatch(contender, model(sizes.cDeltas(), sizes.cDelayMillis())));
                boolean ended = batch.await(TimeUnit.SECONDS.toNanos(sizes.timeoutSeconds()));
                long cpuUsed = Jvm.cpuNanos() - cpu0;
                long[] heap = halfWay.get();
                progress("C", contender, String.format(Locale.ROOT, "all %d dispatched after %.2f s, first deltas"
                                                       + " after %.2f s (median) / %.2f s (max), wall %.2f s", streams,
                        (batch.dispatchedNanos - t0) / 1e9, batch.firstDeltaSeconds(0.5, t0),
                        batch.firstDeltaSeconds(1.0, t0), (batch.lastEndNanos.get() - t0) / 1e9));
                sampling.cancel(false);
                int ok = batch.completeCount(sizes.cDeltas());
                int finished = batch.ended.get();
                completed = ok + "/" + streams;
                openAtGc = String.valueOf(heap[1]);
                // CPU per delta received: what the stack costs, whatever share of the machine it got
                long received = batch.deltasReceived();
                figures = new double[] {ended ? (batch.lastEndNanos.get() - t0) / 1e9 : Double.NaN,
                        received == 0 ? Double.NaN : cpuUsed / 1e3 / received,
                        peakThreads.get() - threadsBefore, peakThreads.get(),
                        heap[1] == 0 ? Double.NaN : (heap[0] - heapBefore) / 1024.0 / heap[1]};
                if (!ended) {
                    timedOut = true;
                    result = String.format(Locale.ROOT, "n/a: timeout, %d of %d streams still running after %d s",
                            streams - finished, streams, sizes.timeoutSeconds());
                }
                if (finished - ok > 0) {
                    result = (ended ? "" : result + "; ") + (finished - ok) + " failed, e.g. " + batch.firstFailure();
                }
            } catch (Exception e) {
                timedOut = e instanceof TimeoutException;
                result = "n/a: " + describe(e);
            } finally {
                result = withNotes(result, contender.takeNotes());
                cleanUp(contender, timedOut);
            }
            if (base == null) {
                base = figures;
            } else if (contender.name().startsWith("emby:chat")) {
                targets.append(targets.length() == 0 ? "" : "; ").append(contender.name()).append(": ")
                        .append(target("all complete", completed.equals(streams + "/" + streams) ? 1 : 0, ">=", 1,
                                completed.equals(streams + "/" + streams) ? "yes" : completed))
                        .append(", ")
                        .append(target("wall ≤ 1.2× ideal", figures[0] * 1000 / ideal, "<=", 1.2, "%.2f×"))
                        .append(", ").append(target("≤ 64 threads", figures[2], "<=", 64, "%.0f"))
                        .append(", ").append(target("≤ 32 KB/open stream", figures[4], "<=", 32, "%.1f KB"));
            }
            table.add(contender.name(), completed, Table.withRatio(figures[0], base[0], "%.2f"),
                    Table.withRatio(figures[1], base[1], "%.1f"), Table.withRatio(figures[2], base[2], "%.0f"),
                    Table.withRatio(figures[3], base[3], "%.0f"), Table.withRatio(figures[4], base[4], "%.1f"),
                    openAtGc, result);
        }
        out.print(table.toMarkdown());
        out.println();
        out.println(cpu.describe() + ".");
        out.println("CPU µs/delta: CPU time of the client process during the run / deltas received (depends less"
                    + " than wall time on the share of the machine the contender got). Threads: the peak of"
                    + " ThreadMXBean.getThreadCount() sampled every 50 ms, minus the count before the contender was"
                    + " created (and absolute). Live heap: heap used after two System.gc() half-way"
                    + " through, minus the same reading before the run, divided by the streams open at that moment"
                    + " (\"open at GC\": started and not ended; " + streams + " when all run at once). Below 1× is"
                    + " better.");
        out.println("Targets: " + targets + ".");
        out.println();
    }

    /** A set of concurrent streams and how they ended. */
    private static final class Batch {
        final StreamProbe[] probes;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicLong lastEndNanos = new AtomicLong();
        final CountDownLatch done;
        volatile long dispatchedNanos;

        Batch(int streams) {
            probes = new StreamProbe[streams];
            done = new CountDownLatch(streams);
        }

        /** When the given fraction of the streams had shown their first delta, in seconds from t0. */
        double firstDeltaSeconds(double fraction, long t0) {
            double[] seconds = Arrays.stream(probes).filter(p -> p != null && p.firstDeltaNanos != 0)
                    .mapToDouble(p -> (p.firstDeltaNanos - t0) / 1e9).sorted().toArray();
            return seconds.length == 0 ? Double.NaN : seconds[(int) Math.ceil(fraction * seconds.length) - 1];
        }

        void dispatch(Contender contender, String model) {
            for (int i = 0; i < probes.length; i++) {
                StreamProbe probe = new StreamProbe();
                probes[i] = probe;
                started.incrementAndGet();
                CompletableFuture<Void> future;
                try {
                    future = contender.runAsync(model, probe);
                } catch (RuntimeException e) {
                    future = CompletableFuture.failedFuture(e);
                }
                future.whenComplete((ignored, failure) -> {
                    if (failure != null && probe.error == null) {
                        probe.error = describe(failure);
                    }
                    ended.incrementAndGet();
                    lastEndNanos.accumulateAndGet(System.nanoTime(), Math::max);
                    done.countDown();
                });
            }
            dispatchedNanos = System.nanoTime();
        }

        boolean await(long timeoutNanos) throws InterruptedException {
            return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
        }

        /** Deltas the streams received (the component counts them for its own rows). */
        long deltasReceived() {
            long deltas = 0;
            for (StreamProbe probe : probes) {
                deltas += probe == null ? 0 : probe.deltas;
            }
            return deltas;
        }

        int open() {
            return started.get() - ended.get();
        }

        int completeCount(long deltas) {
            int ok = 0;
            for (StreamProbe probe : probes) {
                ok += probe != null && probe.complete(deltas) ? 1 : 0;
            }
            return ok;
        }

        String firstFailure() {
            for (StreamProbe probe : probes) {
                if (probe != null && probe.endNanos == 0 && probe.error != null) {
                    return probe.error;
                }
            }
            for (StreamProbe probe : probes) {
                if (probe != null && probe.error != null) {
                    return probe.error;
                }
            }
            return "deltas missing";
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** Which build of the component ran: the installed SNAPSHOT changes whenever someone runs mvn install. */
    private static String componentJar() {
        try {
            Path jar = Path.of(ai.emby.camel.EmbyComponent.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            return jar.getFileName() + ", built "
                   + Files.getLastModifiedTime(jar).toInstant().toString().substring(0, 19) + "Z";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /** The model name that tells the server how many deltas to send and how far apart. */
    private static String model(long deltas, long delayMillis) {
        return "bench-" + deltas + "-" + delayMillis;
    }

    /** A piece of work for the runner thread. */
    private interface Task {
        void run() throws Exception;
    }

    private void call(Task task) throws Exception {
        Future<?> future = runner.submit(() -> {
            task.run();
            return null;
        });
        try {
            future.get(sizes.timeoutSeconds() * 3, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("no answer within " + sizes.timeoutSeconds() * 3 + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static String withNotes(String result, String notes) {
        return notes.isEmpty() ? result : result + "; " + notes;
    }

    /** Closes the contender; after a timeout also drops every connection and the runner thread that may hang. */
    private void cleanUp(Contender contender, boolean timedOut) {
        try {
            contender.close();
        } catch (Exception e) {
            System.err.println("closing " + contender.name() + " failed: " + e);
        }
        if (timedOut) {
            runner.shutdownNow();
            runner = newRunner();
            try {
                server.restart();
            } catch (IOException e) {
                throw new IllegalStateException("could not restart the SSE server", e);
            }
        }
    }

    private static ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(r -> daemon(r, "bench-runner"));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void progress(String scenario, Contender contender, String step) {
        System.err.printf("[%s] %s: %s%n", scenario, contender.name(), step);
    }

    private static String target(String what, double value, String op, double limit, String format) {
        boolean met = op.equals(">=") ? value >= limit : value <= limit;
        String shown = format.contains("%") ? String.format(Locale.ROOT, format, value) : format;
        return what + ": " + (Double.isNaN(value) ? "n/a" : shown + (met ? " (met)" : " (NOT met)"));
    }

    static String describe(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ');
        return e.getClass().getSimpleName() + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Nearest-rank 99th percentile. */
    private static double p99(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }

    /** The SSE server in its own JVM: same java binary and class path, its port read from its first stdout line. */
    static final class ServerProcess implements AutoCloseable {
        private Process process;
        private int port;
        private long retiredCpuNanos;

        /** CPU time used by the server processes so far (a restarted one included). */
        long cpuNanos() {
            Process current = process;
            return retiredCpuNanos + (current == null ? 0 : cpuOf(current));
        }

        private static long cpuOf(Process process) {
            return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }

        void start() throws IOException {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            process = new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), SseServer.class.getName())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            String line = stdout.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                throw new IOException("SseServer did not start, it printed: " + line);
            }
            port = Integer.parseInt(line.substring(5).trim());
        }

        String baseUrl() {
            return "http://127.0.0.1:" + port + "/v1";
        }

        void restart() throws IOException {
            close();
            start();
        }

        @Override
        public void close() {
            if (process == null) {
                return;
            }
            retiredCpuNanos += cpuOf(process);
            try {
                // the server exits when its stdin closes; destroy() is the fallback
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
