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

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a pump sent, and closes the door on further sends once the call was completed from outside (deadline,
 * cancel) while deliveries were still behind. One atomic word, so "may I send?" and "count it" cannot be split by the
 * close that reads the counts for the exception: no delta goes out after the original exchange was told how many did.
 */
final class SendLedger {

    /** Deliveries (groups) sent and the server's deltas they held. */
    record Sent(int groups, int deltas) {
    }

    private static final long CLOSED = -1L;

    // groups in the high 32 bits, deltas in the low 32 bits; CLOSED once closed
    private final AtomicLong state = new AtomicLong();

    /** Counts one delivery of that many of the server's deltas; false (nothing counted) once closed. */
    boolean trySend(int deltas) {
        for (;;) {
            long current = state.get();
            if (current == CLOSED) {
                return false;
            }
            if (state.compareAndSet(current, current + (1L << 32) + deltas)) {
                return true;
            }
        }
    }

    /** Closes the ledger and returns what was sent; later calls return zeros. */
    Sent close() {
        long last = state.getAndSet(CLOSED);
        return last == CLOSED ? new Sent(0, 0) : new Sent((int) (last >>> 32), (int) last);
    }

    boolean isClosed() {
        return state.get() == CLOSED;
    }
}
