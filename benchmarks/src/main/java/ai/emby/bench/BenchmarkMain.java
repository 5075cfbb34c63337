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
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
 * scenario on stdout (progress goes to stderr). Usage: {@code [--scenario=A,B,C] [--quick]}.
 */
public final class BenchmarkMain {

    /** Every contender, baseline first: the ratios are to it. */
    private static final List<Supplier<Contender>> CONTENDERS = List.of(
            RawHttpClientContender::new,
            OpenAiJavaContender::new,
            LangChain4jContender::new,
            EmbyContender::aggregate,
            () -> EmbyContender.emit(1),
            () -> EmbyContender.emit(16));

    /** The sizes of one run; --quick shrinks them for a smoke run. */
    private static final class Sizes {
        final long aDeltas;
        final long aWarmDeltas;
        final int bStreams;
        final int bWarmStreams;
        final int bDeltas;
        final int cStreams;
        final int cDeltas;
        final int cDelayMillis;
        final int cWarmStreams;
        final int cWarmDeltas;
        final long timeoutSeconds;

        Sizes(long aDeltas, long aWarmDeltas, int bStreams, int bWarmStreams, int bDeltas, int cStreams, int cDeltas,
              int cDelayMillis, int cWarmStreams, int cWarmDeltas, long timeoutSeconds) {
            this.aDeltas = aDeltas;
            this.aWarmDeltas = aWarmDeltas;
            this.bStreams = bStreams;
            this.bWarmStreams = bWarmStreams;
            this.bDeltas = bDeltas;
            this.cStreams = cStreams;
            this.cDeltas = cDeltas;
            this.cDelayMillis = cDelayMillis;
            this.cWarmStreams = cWarmStreams;
            this.cWarmDeltas = cWarmDeltas;
            this.timeoutSeconds = timeoutSeconds;
        }

        long cIdealMillis() {
            return (long) cDeltas * cDelayMillis;
        }
    }

    private static final Sizes FULL = new Sizes(200_000, 20_000, 200, 20, 20, 2_000, 200, 25, 100, 20, 60);
    private static final Sizes QUICK = new Sizes(20_000, 2_000, 20, 5, 20, 200, 40, 25, 20, 10, 20);

    private final Sizes sizes;
    private final PrintStream out = System.out;
    private final ServerProcess server = new ServerProcess();
    /** Runs the contenders' calls, so a hung one meets a timeout instead of hanging the run. */
    private ExecutorService runner = newRunner();
    /** Samples the thread count and takes the half-way heap reading of scenario C. */
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "bench-sampler"));

    private BenchmarkMain(Sizes sizes) {
        this.sizes = sizes;
    }

    public static void main(String[] args) throws Exception {
        Set<String> scenarios = new LinkedHashSet<>(List.of("A", "B", "C"));
        boolean quick = false;
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--scenario=")) {
                scenarios = new LinkedHashSet<>(Arrays.asList(
                        arg.substring("--scenario=".length()).toUpperCase(Locale.ROOT).split(",")));
                scenarios.retainAll(Set.of("A", "B", "C"));
            } else {
                System.err.println("usage: BenchmarkMain [--scenario=A,B,C] [--quick]; unknown argument " + arg);
                System.exit(2);
            }
        }
        BenchmarkMain main = new BenchmarkMain(quick ? QUICK : FULL);
        try {
            main.run(scenarios, quick);
        } finally {
            main.server.close();
        }
        // some libraries leave non-daemon threads behind
        System.exit(0);
    }

    private void run(Set<String> scenarios, boolean quick) throws Exception {
        out.println("Machine: " + Jvm.describeMachine() + "; date "
                    + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
                    + "Z" + (quick ? " (--quick: small sizes, a smoke run, not a result)" : ""));
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

    // ---- A: one long unpaced stream ------------------------------------------------------------------------------------

    private void scenarioA() throws Exception {
        long n = sizes.aDeltas;
        out.printf(Locale.ROOT, "### A. One stream of %,d deltas, no delay%n%n", n);
        Table table = new Table("contender", "deltas/s", "CPU µs/delta", "bytes allocated/delta", "result");
        double[] base = null;
        double[] embyAggregate = null;
        double[] embyEmit1 = null;
        for (Supplier<Contender> supplier : CONTENDERS) {
            Contender contender = supplier.get();
            double[] figures = {Double.NaN, Double.NaN, Double.NaN};
            String result = "ok";
            boolean timedOut = false;
            try {
                progress("A", contender, "warm-up");
                contender.start(server.baseUrl());
                StreamProbe warm = new StreamProbe();
                call(() -> contender.runOne(model(sizes.aWarmDeltas, 0), warm));
                Jvm.fullGc();
                progress("A", contender, "measuring");
                StreamProbe probe = new StreamProbe();
                long cpu0 = Jvm.cpuNanos();
                long allocated0 = Jvm.allocatedBytes();
                long t0 = System.nanoTime();
                call(() -> contender.runOne(model(n, 0), probe));
                long t1 = System.nanoTime();
                long allocated1 = Jvm.allocatedBytes();
                long cpu1 = Jvm.cpuNanos();
                if (probe.complete(n)) {
                    figures = new double[] {n * 1e9 / (t1 - t0), (cpu1 - cpu0) / 1e3 / n,
                            (double) (allocated1 - allocated0) / n};
                } else {
                    result = "n/a: " + probe.describe(n);
                }
            } catch (Exception e) {
                timedOut = e instanceof TimeoutException;
                result = "n/a: " + describe(e);
            } finally {
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
                    Table.withRatio(figures[1], base[1], "%.2f"), Table.withRatio(figures[2], base[2], "%,.0f"), result);
        }
        out.print(table.toMarkdown());
        out.println();
        out.println("Ratios are to the baseline: above 1× is better for deltas/s, below 1× for CPU and bytes.");
        out.println("Targets: " + target("aggregate deltas/s ≥ 1.0× baseline", embyAggregate[0] / base[0], ">=", 1.0, "%.2f×")
                    + "; " + target("emit bufferSize=1 ≥ 0.5× baseline", embyEmit1[0] / base[0], ">=", 0.5, "%.2f×")
                    + "; " + target("aggregate ≤ 1 KB allocated/delta", embyAggregate[2], "<=", 1024, "%,.0f B") + ".");
        out.println();
    }

    // ---- B: many short sequential streams ------------------------------------------------------------------------------

    private void scenarioB() throws Exception {
        int streams = sizes.bStreams;
        out.printf(Locale.ROOT, "### B. %,d sequential streams of %d deltas, no delay%n%n", streams, sizes.bDeltas);
        Table table = new Table("contender", "first delta, mean ms", "first delta, p99 ms", "completion, mean ms",
                "completion, p99 ms", "result");
        double[] base = null;
        StringBuilder targets = new StringBuilder();
        for (Supplier<Contender> supplier : CONTENDERS) {
            Contender contender = supplier.get();
            double[] figures = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            String result = "ok";
            boolean timedOut = false;
            try {
                progress("B", contender, "warm-up and measuring");
                contender.start(server.baseUrl());
                String model = model(sizes.bDeltas, 0);
                for (int i = 0; i < sizes.bWarmStreams; i++) {
                    call(() -> contender.runOne(model, new StreamProbe()));
                }
                Jvm.fullGc();
                double[] firstDelta = new double[streams];
                double[] completion = new double[streams];
                int[] failures = {0};
                String[] firstFailure = {null};
                call(() -> {
                    for (int i = 0; i < streams; i++) {
                        StreamProbe probe = new StreamProbe();
                        contender.runOne(model, probe);
                        if (!probe.complete(sizes.bDeltas)) {
                            failures[0]++;
                            firstFailure[0] = firstFailure[0] == null ? probe.describe(sizes.bDeltas) : firstFailure[0];
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
        out.println("Times from the call until the user code saw the first delta / the end; below 1× is better.");
        out.println("Targets: " + targets + ".");
        out.println();
    }

    // ---- C: many concurrent paced streams ------------------------------------------------------------------------------

    private void scenarioC() throws Exception {
        int streams = sizes.cStreams;
        long ideal = sizes.cIdealMillis();
        out.printf(Locale.ROOT, "### C. %,d concurrent streams × %d deltas at %d ms (ideal wall time %.1f s)%n%n",
                streams, sizes.cDeltas, sizes.cDelayMillis, ideal / 1e3);
        Table table = new Table("contender", "completed", "wall s", "peak threads − before", "peak threads",
                "live heap KB/stream", "open at GC", "result");
        double[] base = null;
        StringBuilder targets = new StringBuilder();
        for (Supplier<Contender> supplier : CONTENDERS) {
            Jvm.settle();
            int threadsBefore = Jvm.threadCount();
            Contender contender = supplier.get();
            double[] figures = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            String completed = "n/a";
            String openAtGc = "n/a";
            String result = "ok";
            boolean timedOut = false;
            try {
                progress("C", contender, "warm-up");
                contender.start(server.baseUrl());
                Batch warm = new Batch(sizes.cWarmStreams);
                runner.submit(() -> warm.dispatch(contender, model(sizes.cWarmDeltas, sizes.cDelayMillis)));
                if (!warm.await(TimeUnit.SECONDS.toNanos(sizes.timeoutSeconds))) {
                    throw new TimeoutException("the warm-up (" + sizes.cWarmStreams + " streams) did not end in "
                                               + sizes.timeoutSeconds + " s");
                }
                Jvm.fullGc();
                long heapBefore = Jvm.heapUsed();
                progress("C", contender, "measuring");
                AtomicInteger peakThreads = new AtomicInteger(Jvm.threadCount());
                ScheduledFuture<?> sampling = sampler.scheduleAtFixedRate(
                        () -> peakThreads.accumulateAndGet(Jvm.threadCount(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
                Batch batch = new Batch(streams);
                long t0 = System.nanoTime();
                // half-way, every stream should be open: what the heap holds then is what open streams cost
                ScheduledFuture<long[]> halfWay = sampler.schedule(() -> {
                    int open = batch.open();
                    Jvm.fullGc();
                    return new long[] {Jvm.heapUsed(), open};
                }, ideal / 2, TimeUnit.MILLISECONDS);
                runner.submit(() -> batch.dispatch(contender, model(sizes.cDeltas, sizes.cDelayMillis)));
                boolean ended = batch.await(TimeUnit.SECONDS.toNanos(sizes.timeoutSeconds));
                long[] heap = halfWay.get();
                sampling.cancel(false);
                int ok = batch.completeCount(sizes.cDeltas);
                int finished = batch.ended.get();
                completed = ok + "/" + streams;
                openAtGc = String.valueOf(heap[1]);
                figures = new double[] {ended ? (batch.lastEndNanos.get() - t0) / 1e9 : Double.NaN,
                        peakThreads.get() - threadsBefore, peakThreads.get(),
                        (heap[0] - heapBefore) / 1024.0 / streams};
                if (!ended) {
                    timedOut = true;
                    result = String.format(Locale.ROOT, "n/a: timeout, %d of %d streams still running after %d s",
                            streams - finished, streams, sizes.timeoutSeconds);
                }
                if (finished - ok > 0) {
                    result = (ended ? "" : result + "; ") + (finished - ok) + " failed, e.g. " + batch.firstFailure();
                }
            } catch (Exception e) {
                timedOut = e instanceof TimeoutException;
                result = "n/a: " + describe(e);
            } finally {
                cleanUp(contender, timedOut);
            }
            if (base == null) {
                base = figures;
            } else if (contender.name().startsWith("emby:chat")) {
                targets.append(targets.length() == 0 ? "" : "; ").append(contender.name()).append(": ")
                        .append(target("all complete", completed.equals(streams + "/" + streams) ? 1 : 0, ">=", 1,
                                completed.equals(streams + "/" + streams) ? "yes" : completed))
                        .append(", ").append(target("wall ≤ 1.3× ideal", figures[0] * 1000 / ideal, "<=", 1.3, "%.2f×"))
                        .append(", ").append(target("≤ 64 threads", figures[1], "<=", 64, "%.0f"))
                        .append(", ").append(target("≤ 32 KB/stream", figures[3], "<=", 32, "%.1f KB"));
            }
            table.add(contender.name(), completed, Table.withRatio(figures[0], base[0], "%.2f"),
                    Table.withRatio(figures[1], base[1], "%.0f"), Table.withRatio(figures[2], base[2], "%.0f"),
                    Table.withRatio(figures[3], base[3], "%.1f"), openAtGc, result);
        }
        out.print(table.toMarkdown());
        out.println();
        out.println("Threads: the peak of ThreadMXBean.getThreadCount() sampled every 50 ms, minus the count before the"
                    + " contender was created (and absolute). Live heap: heap used after two System.gc() half-way"
                    + " through, minus the same reading before the run, divided by " + streams
                    + "; \"open at GC\" = streams started and not ended at that moment. Below 1× is better.");
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

        Batch(int streams) {
            probes = new StreamProbe[streams];
            done = new CountDownLatch(streams);
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
        }

        boolean await(long timeoutNanos) throws InterruptedException {
            return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
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

    // ---- helpers -------------------------------------------------------------------------------------------------------

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
            future.get(sizes.timeoutSeconds * 3, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("no answer within " + sizes.timeoutSeconds * 3 + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
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
    private static final class ServerProcess implements AutoCloseable {
        private Process process;
        private int port;

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
