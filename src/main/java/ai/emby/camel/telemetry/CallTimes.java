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
package ai.emby.camel.telemetry;

import ai.emby.camel.call.CallOutcome;

/** A call's durations in seconds, the unit of the GenAI conventions. */
record CallTimes(double duration, double timeToFirstChunk, double timePerOutputChunk) {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    /** Absent times (no chunk, or one chunk only for the time per chunk) are {@code NaN}. */
    static CallTimes of(CallOutcome outcome) {
        double duration = outcome.durationNanos() / NANOS_PER_SECOND;
        long first = outcome.firstDeltaNanos();
        double toFirst = first < 0 ? Double.NaN : first / NANOS_PER_SECOND;
        int chunks = outcome.deltaCount();
        double perChunk = first < 0 || chunks < 2 ? Double.NaN
                : (outcome.durationNanos() - first) / NANOS_PER_SECOND / (chunks - 1);
        return new CallTimes(duration, toFirst, perChunk);
    }
}
