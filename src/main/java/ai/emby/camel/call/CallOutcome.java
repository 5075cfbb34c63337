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

import java.util.Map;

import ai.emby.camel.protocol.Answer;

/**
 * How a call ended: its answer or its failure, the response facts and what was delivered.
 *
 * @param answer        the assembled answer (success only), else null
 * @param failure       why it failed, else null
 * @param streamId      the id of the last HTTP attempt
 * @param requestId     the response's request id header, or null
 * @param rateLimit     the response's {@code x-ratelimit-*} headers by lower-case name, or null
 * @param emittedCount  delta deliveries made (the failed one included)
 * @param droppedCount  deltas received but never delivered because the call ended first (deadline, cancel, a failed
 *                      delivery)
 * @param attempts      HTTP attempts made (1 when no retry was needed)
 * @param firstDeltaNanos nanoseconds from the start to the first delta, or -1 when none came
 * @param durationNanos nanoseconds from the start to the end
 */
public record CallOutcome(Answer answer, CallFailure failure, String streamId, String requestId,
                          Map<String, String> rateLimit, int emittedCount, int droppedCount, int attempts,
                          long firstDeltaNanos, long durationNanos) {

    public boolean isSuccess() {
        return failure == null;
    }

    /** Non-empty content deltas of choice 0 received. */
    public int deltaCount() {
        return failure == null ? answer.getDeltaCount() : failure.deltaCount();
    }
}
