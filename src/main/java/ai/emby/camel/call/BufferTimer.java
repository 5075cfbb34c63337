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

import java.util.function.LongConsumer;

/**
 * The bufferTimeout timer of one stream: at most one task on the timer, for the group being filled. Arming it for a
 * new group cancels the task of the previous one, and the end of the stream cancels the last, so no finished call
 * stays reachable from the timer's queue. Confined to the pump's draining worker.
 */
final class BufferTimer {

    private final Timer timer;
    private final long timeoutMillis;
    private final LongConsumer fired;
    private long armedGeneration = -1;
    private Timer.Scheduled task;

    /** @param fired told the generation of the group whose timeout passed (on the timer thread) */
    BufferTimer(Timer timer, long timeoutMillis, LongConsumer fired) {
        this.timer = timer;
        this.timeoutMillis = timeoutMillis;
        this.fired = fired;
    }

    /** Starts the timeout of the group of this generation, unless it runs already (a no-op without bufferTimeout). */
    void arm(long generation) {
        if (timeoutMillis > 0 && armedGeneration != generation) {
            cancel();
            armedGeneration = generation;
            task = timer.schedule(() -> fired.accept(generation), timeoutMillis);
        }
    }

    /** The timeout fired and was handled: the next arm() starts a new one, even for the same generation. */
    void fired() {
        armedGeneration = -1;
        task = null;
    }

    void cancel() {
        if (task != null) {
            task.cancel();
            task = null;
        }
    }
}
