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

import java.util.concurrent.Future;

/**
 * The connection of an attempt that ended at its end marker ({@code [DONE]}) while the body still runs: given back to
 * the pool when the body ends in time, as every server's does right after the marker, else aborted, so that a proxy
 * which holds the response open with keep-alive comments never keeps a connection leased.
 */
final class AfterEndMarker {

    /** How long the body may go on after the end marker before its connection is aborted. */
    static final long GRACE_MILLIS = 1000;

    private final Object lock;
    private final Future<Void> http;
    private final Timer.Scheduled abort;
    // guarded by lock
    private boolean bodyEnded;

    /** @param lock the call's monitor, which guards the attempt's HTTP exchange */
    AfterEndMarker(Object lock, Future<Void> http, Timer timer) {
        this.lock = lock;
        this.http = http;
        this.abort = timer.schedule(this::abortIfOpen, GRACE_MILLIS);
    }

    /** The body ended (or broke): nothing to abort. Under the lock. */
    void bodyEnded() {
        bodyEnded = true;
        abort.cancel();
    }

    private void abortIfOpen() {
        synchronized (lock) {
            if (!bodyEnded && http != null) {
                http.cancel(true);
            }
        }
    }
}
