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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when a test says so, and the timer that goes with it: {@link #advance} runs the tasks that
 * fall due, in order of their time. Not thread safe: one test thread drives it.
 */
final class ManualTime implements Clock, Timer {

    private long nanos = TimeUnit.SECONDS.toNanos(1);
    private long sequence;
    private final List<Task> tasks = new ArrayList<>();

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Scheduled schedule(Runnable task, long delayMillis) {
        Task scheduled = new Task(nanos + TimeUnit.MILLISECONDS.toNanos(delayMillis), sequence++, task);
        tasks.add(scheduled);
        return () -> tasks.remove(scheduled);
    }

    /** Moves the clock forward, running every task that falls due on the way (also tasks they schedule). */
    void advance(long millis) {
        long target = nanos + TimeUnit.MILLISECONDS.toNanos(millis);
        for (;;) {
            Task next = tasks.stream().filter(t -> t.due <= target)
                    .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.sequence)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nanos = Math.max(nanos, next.due);
            next.task.run();
        }
        nanos = target;
    }

    /** Tasks still waiting. */
    int pending() {
        return tasks.size();
    }

    private record Task(long due, long sequence, Runnable task) {
    }
}
