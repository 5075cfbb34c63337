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

/**
 * What one stream looked like to the user code: when it started, when the first delta showed up, how many deltas
 * and characters arrived, when it ended. Fed by one stream at a time: the libraries hand the deltas of one stream
 * over in order, so plain fields are enough (the future that ends the stream publishes them).
 */
final class StreamProbe {

    final long startNanos = System.nanoTime();
    long firstDeltaNanos;
    long endNanos;
    /** Deltas as the library counts them: per-delta callbacks, or the component's delta count header. */
    long deltas;
    long chars;
    String error;
    /** Emit mode: the thread the previous delta exchange ran on, and how often the next one ran on another. */
    Thread lastDeltaThread;
    long deltaThreadSwitches;

    /** A content delta reached the user code. Empty deltas (the role chunk) are not deltas. */
    void delta(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (deltas++ == 0) {
            firstDeltaNanos = System.nanoTime();
        }
        chars += text.length();
    }

    /** A group of deltas reached the user code at once (emit mode with a buffer): counts characters only. */
    void group(String text) {
        if (firstDeltaNanos == 0) {
            firstDeltaNanos = System.nanoTime();
        }
        chars += text.length();
    }

    /** Notes the thread a delta exchange runs on (emit mode: each hop to another thread costs a wake-up). */
    void deltaThread(Thread thread) {
        if (lastDeltaThread != null && lastDeltaThread != thread) {
            deltaThreadSwitches++;
        }
        lastDeltaThread = thread;
    }

    void end() {
        endNanos = System.nanoTime();
    }

    /** True when every delta arrived, and nothing else. */
    boolean complete(long expectedDeltas) {
        return error == null && endNanos != 0 && deltas == expectedDeltas
               && chars == expectedDeltas * SseServer.DELTA_TEXT.length();
    }

    String describe(long expectedDeltas) {
        return error != null ? error : "got " + deltas + " deltas / " + chars + " chars, expected " + expectedDeltas;
    }
}
