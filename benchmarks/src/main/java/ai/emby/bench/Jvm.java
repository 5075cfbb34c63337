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
     * Bytes allocated so far by the threads alive now, summed. A thread that ends between two readings takes its
     * count with it, so measure over a window in which the library's threads stay alive (pools keep them).
     */
    static long allocatedBytes() {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
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
     * Collects garbage and waits until the thread count stops falling (pools of the previous contender ending),
     * so one contender's leftovers do not count as the next one's baseline.
     */
    static void settle() throws InterruptedException {
        fullGc();
        int last = threadCount();
        int stable = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stable < 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            int now = threadCount();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        fullGc();
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
