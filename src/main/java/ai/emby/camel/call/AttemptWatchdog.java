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

import java.util.concurrent.TimeUnit;

/**
 * The first-delta and idle timeouts of one attempt. One timer task at a time; when it fires it either fails the
 * attempt or re-arms itself for the time still left, so data events cost no timer work at all (they only note the
 * time).
 */
final class AttemptWatchdog {

    private final CallAttempt attempt;
    private final Object lock;
    private final Deadlines deadlines;
    private final Timer timer;
    private final Clock clock;
    private final DeliveryPump pump;
    private final String url;
    private long sentNanos;
    private long lastDataNanos;
    private Timer.Scheduled task;

    AttemptWatchdog(CallAttempt attempt, Object lock, CallPlan plan, DeliveryPump pump) {
        this.attempt = attempt;
        this.lock = lock;
        this.deadlines = plan.deadlines();
        this.timer = plan.runtime().timer();
        this.clock = plan.runtime().clock();
        this.pump = pump;
        this.url = plan.url();
    }

    /** The request is being sent now. */
    void start() {
        sentNanos = clock.nanoTime();
        arm(nextDelay());
    }

    /** A data event arrived (comments are no data: they do not reset the idle timeout). */
    void dataArrived() {
        lastDataNanos = clock.nanoTime();
    }

    long lastDataNanos() {
        return lastDataNanos;
    }

    void stop() {
        if (task != null) {
            task.cancel();
            task = null;
        }
    }

    private long nextDelay() {
        long first = deadlines.firstDeltaMillis();
        long idle = deadlines.idleMillis();
        if (first == 0 && idle == 0) {
            return 0;
        }
        return first == 0 ? idle : idle == 0 ? first : Math.min(first, idle);
    }

    private void arm(long delayMillis) {
        task = delayMillis > 0 ? timer.schedule(this::check, delayMillis) : null;
    }

    private void check() {
        synchronized (lock) {
            if (attempt.isTerminal()) {
                return;
            }
            boolean waitingForFirst = !attempt.hasFirstDelta();
            long limit = waitingForFirst ? deadlines.firstDeltaMillis() : deadlines.idleMillis();
            if (limit == 0 || pump.window().isHeld()) {
                // no limit in this phase, or reading is paused for a slow delta route: that is not idleness
                arm(nextDelay());
                return;
            }
            long since = waitingForFirst ? sentNanos : Math.max(lastDataNanos, pump.window().releasedNanos());
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - since);
            if (elapsedMillis < limit) {
                arm(limit - elapsedMillis);
                return;
            }
            if (!attempt.hasResponse()) {
                // connected, request sent, and not even a status line: the server never answered. Not retried, like
                // any timeout: the server may be working on the request
                attempt.fail(FailureKind.CONNECT, "no response from " + url + " within " + limit
                                                  + " ms (firstDeltaTimeout)", null);
                return;
            }
            String option = waitingForFirst ? "firstDeltaTimeout" : "idleTimeout";
            String what = waitingForFirst ? "no delta arrived within " : "no data arrived for ";
            attempt.fail(FailureKind.IDLE_TIMEOUT, what + limit + " ms (" + option + ")", null);
        }
    }
}
