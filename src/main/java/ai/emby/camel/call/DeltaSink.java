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

/**
 * Where a call delivers its deltas (the Camel side makes each an exchange to the deltaUri). Called from one thread at
 * a time, one delivery in flight: the next starts only after the previous one called back.
 */
public interface DeltaSink {

    /** Told when a delivery ended. */
    @FunctionalInterface
    interface Delivered {
        /** @param failure why the delivery failed (it then cancels the stream), or null */
        void delivered(Exception failure);
    }

    /**
     * Delivers one delta. {@code done} is called exactly once, on this thread before returning (the caller then goes
     * on in a loop) or later on another.
     */
    void send(Delta delta, Delivered done);

    /** Delivers the end of the stream (emitEnd): the outcome's answer, or its failure. A failure here is ignored. */
    void sendEnd(CallOutcome outcome, String streamId, int index, Delivered done);
}
