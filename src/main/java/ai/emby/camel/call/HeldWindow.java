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

import java.util.concurrent.atomic.AtomicReference;

import ai.emby.camel.http.ResponseListener.FlowControl;

/**
 * The HTTP input window while deliveries are behind: HttpClient paused reading, and the pump resumes it once it caught
 * up. The time it is held is not idleness of the server, so the watchdog asks.
 */
final class HeldWindow {

    private final Clock clock;
    private final AtomicReference<FlowControl> held = new AtomicReference<>();
    private volatile long releasedNanos;

    HeldWindow(Clock clock) {
        this.clock = clock;
        this.releasedNanos = clock.nanoTime();
    }

    void hold(FlowControl flowControl) {
        held.set(flowControl);
    }

    /** True while reading is paused for a slow delta route. */
    boolean isHeld() {
        return held.get() != null;
    }

    /** Lets the socket be read again, if it was paused. */
    void release() {
        FlowControl flowControl = held.getAndSet(null);
        if (flowControl != null) {
            releasedNanos = clock.nanoTime();
            flowControl.resume();
        }
    }

    /** When reading last resumed after a pause (or when the window was made). */
    long releasedNanos() {
        return releasedNanos;
    }
}
