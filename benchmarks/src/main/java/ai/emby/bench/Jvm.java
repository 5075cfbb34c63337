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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the harness reads from its own JVM. The SSE server runs in another process, so everything here is the
 * client's: the library under test plus the harness's few idle threads.
 */
final class Jvm {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Jvm() {
    }

    /** CPU time of the whole process (all threads, GC and JIT included), in nanoseconds. */
    static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    /**
     * Bytes allocated over a window by every thread, summed: also by threads that started or ended inside the window.
     * Java 17 counts allocation only per live thread, and some libraries run each stream on a thread of its own that
     * ends with it (java.net.http's dependent stages, on a 2-core machine), so the window samples every thread's count
     * every 10 ms and keeps the last value it saw of a thread that has ended.
     */
    static final class AllocationWindow {
        private final Map<Long, Long> atStart = new HashMap<>();
        private final Map<Long, Long> lastSeen = new HashMap<>();

        AllocationWindow() {
            sample();
            atStart.putAll(lastSeen);
        }

        synchronized void sample() {
            long[] ids = THREADS.getAllThreadIds();
            long[] bytes = THREADS.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++) {
                if (bytes[i] >= 0) {
                    lastSeen.put(ids[i], bytes[i]);
                }
            }
        }

        /** Takes a last sample and returns the bytes allocated since the window opened. */
        synchronized long allocatedBytes() {
            sample();
            long sum = 0;
            for (Map.Entry<Long, Long> thread : lastSeen.entrySet()) {
                sum += thread.getValue() - atStart.getOrDefault(thread.getKey(), 0L);
            }
            return sum;
        }
    }

    static int threadCount() {
        return THREADS.getThreadCount();
    }

    static long heapUsed() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Two full collections: the second one frees what finalization and reference processing released. */
    static void fullGc() {
        System.gc();
        System.gc();
    }

    /**
     * Collects garbage and waits until the previous contender is gone: thread count and live heap steady for half a
     * second.
     * A java.net.http client cannot be closed before Java 21; its selector thread ends (and frees the client's
     * connections and buffers) only a while after the client became unreachable.
     */
    static void settle() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        int steady = 0;
        int lastThreads = -1;
        long lastHeap = -1;
        while (steady < 3 && System.nanoTime() < deadline) {
            fullGc();
            int threads = threadCount();
            long heap = heapUsed();
            boolean selectorsAlive = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().endsWith("SelectorManager"));
            steady = threads == lastThreads && Math.abs(heap - lastHeap) < 1024 * 1024 && !selectorsAlive
                    ? steady + 1 : 0;
            lastThreads = threads;
            lastHeap = heap;
            Thread.sleep(250);
        }
    }

    /**
     * CPU used over a stretch of time by this JVM, by the SSE server and by every other process on the machine: the
     * machine may be shared (builds running beside the benchmark), and then every figure is slower than it would be.
     */
    static final class CpuShare {
        private final LongSupplier serverCpuNanos;
        private final long wall0 = System.nanoTime();
        private final long own0 = cpuNanos();
        private final long server0;
        private final long machine0 = machineBusyNanos();

        CpuShare(LongSupplier serverCpuNanos) {
            this.serverCpuNanos = serverCpuNanos;
            this.server0 = serverCpuNanos.getAsLong();
        }

        String describe() {
            double wall = System.nanoTime() - wall0;
            double own = (cpuNanos() - own0) / wall;
            double server = (serverCpuNanos.getAsLong() - server0) / wall;
            long machine = machineBusyNanos();
            String others = machine < 0 || machine0 < 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.2f", Math.max(0, (machine - machine0) / wall - own - server));
            return String.format(Locale.ROOT, "CPU used meanwhile, in cores of %d: this JVM %.2f, SSE server %.2f,"
                                              + " other processes %s", Runtime.getRuntime().availableProcessors(),
                    own, server, others);
        }

        /** Busy time of all CPUs from /proc/stat (user, nice, system, irq, softirq), or -1 where there is none. */
        private static long machineBusyNanos() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long ticks = 0;
                for (int i : new int[] {1, 2, 3, 6, 7}) {
                    ticks += Long.parseLong(fields[i]);
                }
                // USER_HZ is 100 on every Linux the JDK runs on
                return ticks * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** The 1-minute load average, or "n/a". */
    static String loadAverage() {
        double load = OS.getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
    }

    static String describeMachine() {
        Runtime runtime = Runtime.getRuntime();
        return String.format("%s %s (%s), %d cores, %s %s, max heap %d MB, JVM flags: %s",
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                runtime.availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), runtime.maxMemory() / (1024 * 1024),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }
}
