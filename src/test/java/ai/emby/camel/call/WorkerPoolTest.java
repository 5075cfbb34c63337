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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The elastic worker pool: grows while its threads wait in blocked tasks and work is queued, never beyond its maximum,
 * and goes back to its size once nothing was stuck for the keep-alive time.
 */
class WorkerPoolTest {

    private static final long TICK_MS = 20;
    private static final long KEEP_ALIVE_MS = 300;
    private static final long AWAIT_MS = 5_000;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final WorkerPool pool = new WorkerPool(2, 5,
            task -> new Thread(task, "test-worker-" + threadNumber.incrementAndGet()),
            new ExecutorTimer(scheduler), TICK_MS, KEEP_ALIVE_MS);

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        scheduler.shutdownNow();
    }

    private void block() {
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aTaskQueuedBehindBlockedThreadsRunsOnANewThread() throws Exception {
        block();
        block();
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);

        assertThat(ran.await(AWAIT_MS, TimeUnit.MILLISECONDS)).as("the third task ran while two threads block").isTrue();
        assertThat(pool.threadCount()).isEqualTo(3);
    }

    @Test
    void growsNoFurtherThanItsMaximumAndShrinksBackWhenNothingIsStuck() throws Exception {
        for (int i = 0; i < 8; i++) {
            block();
        }
        awaitTrue(() -> pool.threadCount() == 5);
        Thread.sleep(10 * TICK_MS);
        assertThat(pool.threadCount()).as("threads at the maximum").isEqualTo(5);

        release.countDown();
        awaitTrue(() -> pool.currentSize() == 2 && pool.threadCount() == 2);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertThat(ran.await(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void tasksThatKeepTheCpusBusyDoNotMakeItGrow() throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20 * TICK_MS);
        AtomicInteger done = new AtomicInteger();
        int processors = Runtime.getRuntime().availableProcessors();
        WorkerPool busy = new WorkerPool(processors, processors + 10, Thread::new, new ExecutorTimer(scheduler),
                TICK_MS, KEEP_ALIVE_MS);
        try {
            for (int i = 0; i < 3 * processors; i++) {
                busy.execute(() -> {
                    long sum = 0;
                    while (System.nanoTime() < end) {
                        sum += System.nanoTime() % 7;
                    }
                    done.addAndGet(sum >= 0 ? 1 : 0);
                });
            }
            Thread.sleep(15 * TICK_MS);
            // a thread or two may be added while a CPU was taken by something else of the machine; not one per tick
            assertThat(busy.threadCount()).as("threads while every thread computes").isLessThanOrEqualTo(processors + 3);
        } finally {
            busy.shutdown();
            assertThat(busy.awaitTermination(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
