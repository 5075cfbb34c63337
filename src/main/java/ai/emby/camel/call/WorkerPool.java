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
package ai.emby.camel.call;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's default worker pool: a few threads while routing flows, more while user routing blocks them.
 * <p>
 * Delta exchanges and the steps after {@code to("emby:chat")} run on these threads, and users' routes may block (a
 * JDBC step, a full {@code seda:} queue, a nested synchronous {@code emby:} call). A fixed pool would then let a few
 * blocked streams freeze every other exchange of the application, and a nested call waiting for a worker held by its
 * caller would deadlock. A pool that grows whenever all threads are busy would instead spawn a thread for every burst
 * of short hand-offs, and threads busy with CPU work would not finish any sooner with more of them. So the pool starts
 * with {@code coreSize} threads and a supervisor on the timer looks, every tick while work is queued, whether the
 * queue is stuck: the task at its head was already there a tick ago (no thread took a task for a whole tick), and
 * fewer of its threads used the CPU during the tick than there are CPUs (the others wait: on a lock, a queue, a
 * socket, a sleep). Then it adds one thread, up to {@code maxSize}; after
 * {@code keepAlive} without being stuck it goes back to {@code coreSize}. A thread counts as using the CPU when its
 * CPU time grew by a tenth of the tick or more (where the JVM cannot tell CPU time, when it is runnable).
 */
public final class WorkerPool implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final ThreadPoolExecutor pool;
    private final Timer timer;
    private final int coreSize;
    private final int maxSize;
    private final long tickMillis;
    private final long keepAliveNanos;
    private final LongSupplier nanoTime;
    private final int processors;
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    private final boolean cpuTimes;
    // each live pool thread and its CPU time at the last tick (written by the ticks only)
    private final Map<Thread, long[]> threads = new ConcurrentHashMap<>();
    private final AtomicBoolean supervising = new AtomicBoolean();
    private final Runnable tick = this::tick;

    // confined to the supervisor's ticks (one at a time: each schedules the next)
    private Runnable lastHead;
    private long lastStuckNanos;
    private boolean warnedAtMax;

    /**
     * @param coreSize      threads kept while nothing is stuck
     * @param maxSize       the most threads the pool grows to
     * @param threadFactory makes the threads (Camel's, for its naming)
     * @param timer         runs the supervisor's ticks
     * @param tickMillis    how often a stuck queue is looked for while work is queued
     * @param keepAliveMillis how long the pool stays grown after it was last stuck; idle extra threads end after it too
     */
    public WorkerPool(int coreSize, int maxSize, ThreadFactory threadFactory, Timer timer, long tickMillis,
                      long keepAliveMillis) {
        this(coreSize, maxSize, threadFactory, timer, tickMillis, keepAliveMillis, System::nanoTime);
    }

    WorkerPool(int coreSize, int maxSize, ThreadFactory threadFactory, Timer timer, long tickMillis,
               long keepAliveMillis, LongSupplier nanoTime) {
        if (coreSize < 1 || maxSize < coreSize) {
            throw new IllegalArgumentException(
                    "worker pool sizes must be 1 <= size <= maxSize, were " + coreSize + " and " + maxSize);
        }
        this.coreSize = coreSize;
        this.maxSize = maxSize;
        this.timer = timer;
        this.tickMillis = tickMillis;
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
        this.nanoTime = nanoTime;
        this.processors = Runtime.getRuntime().availableProcessors();
        this.cpuTimes = threadBean.isThreadCpuTimeSupported() && threadBean.isThreadCpuTimeEnabled();
        ThreadFactory tracked = task -> threadFactory.newThread(() -> {
            threads.put(Thread.currentThread(), new long[] { -1 });
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        // an unbounded queue: a full queue must never reject (a caller-runs policy would run routing on an HTTP I/O
        // thread or the timer); growth is the supervisor's decision, not the queue's
        this.pool = new ThreadPoolExecutor(coreSize, maxSize, keepAliveMillis, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), tracked);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
        if (!supervising.get() && supervising.compareAndSet(false, true)) {
            timer.schedule(tick, tickMillis);
        }
    }

    private void tick() {
        if (pool.isShutdown()) {
            supervising.set(false);
            return;
        }
        long now = nanoTime.getAsLong();
        Runnable head = pool.getQueue().peek();
        boolean queued = head != null;
        // measured on every tick, so that each tick compares CPU times over one tick
        boolean cpusLeft = threadsUsingCpu() < processors;
        boolean stuck = queued && head == lastHead && cpusLeft;
        lastHead = head;
        if (stuck) {
            lastStuckNanos = now;
            grow();
        } else if (pool.getCorePoolSize() > coreSize && now - lastStuckNanos >= keepAliveNanos) {
            // idle extra threads end now, busy ones when they finish their task
            pool.setCorePoolSize(coreSize);
        }
        if (!queued && pool.getCorePoolSize() == coreSize) {
            supervising.set(false);
            lastHead = null;
            // a task queued between the look and the flag going down found the flag up: look again for it
            if (pool.getQueue().isEmpty() || !supervising.compareAndSet(false, true)) {
                return;
            }
        }
        timer.schedule(tick, tickMillis);
    }

    private void grow() {
        int size = Math.max(pool.getCorePoolSize(), pool.getPoolSize());
        if (size < maxSize) {
            pool.setCorePoolSize(size + 1);
        } else if (!warnedAtMax) {
            warnedAtMax = true;
            LOG.warn("All {} Emby worker threads are busy and tasks are waiting: routes called from emby: endpoints"
                     + " (delta routes, steps after to(\"emby:...\")) block them. Raise the component's"
                     + " workerPoolMaxSize, or make those routes asynchronous", maxSize);
        }
    }

    private int threadsUsingCpu() {
        long threshold = TimeUnit.MILLISECONDS.toNanos(tickMillis) / 10;
        int using = 0;
        for (Map.Entry<Thread, long[]> entry : threads.entrySet()) {
            Thread thread = entry.getKey();
            if (cpuTimes) {
                long cpu = threadBean.getThreadCpuTime(thread.getId());
                long[] last = entry.getValue();
                if (last[0] >= 0 && cpu - last[0] >= threshold) {
                    using++;
                }
                last[0] = cpu;
            } else if (thread.getState() == Thread.State.RUNNABLE) {
                using++;
            }
        }
        return using;
    }

    /** True while the supervisor has a tick on the timer. */
    public boolean isSupervising() {
        return supervising.get();
    }

    /** Threads alive in the pool now. */
    public int threadCount() {
        return pool.getPoolSize();
    }

    /** Threads the pool keeps now (it grew when above the configured size). */
    public int currentSize() {
        return pool.getCorePoolSize();
    }

    /** Lets queued tasks run, accepts no new ones. */
    public void shutdown() {
        pool.shutdown();
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return "WorkerPool[size=" + coreSize + ", maxSize=" + maxSize + ", now=" + pool.getCorePoolSize()
               + ", threads=" + pool.getPoolSize() + ", queued=" + pool.getQueue().size() + "]";
    }
}
