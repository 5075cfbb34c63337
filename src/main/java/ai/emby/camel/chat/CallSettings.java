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
package ai.emby.camel.chat;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.emby.camel.http.EmbyHttpClient;

/**
 * What every call of one producer shares: transport, threads, limits and the delta target.
 */
public final class CallSettings {

    final EmbyHttpClient httpClient;
    final String url;
    final Executor workerPool;
    final ScheduledExecutorService timer;
    final RetryPolicy retryPolicy;
    final long firstDeltaTimeoutMillis;
    final long idleTimeoutMillis;
    final long requestTimeoutMillis;
    final long maxRetryDelayMillis;
    final int maxEventSize;
    final boolean emitReasoning;
    final DeltaEmitter.Target deltaTarget;
    final String deltaExcludeHeaders;
    /** Set once a server rejected stream_options: the endpoint stops sending it. */
    final AtomicBoolean omitStreamOptions;
    final CallListener listener;

    /** Told when a call starts and ends (statistics, the log line, the registry of calls to cancel on stop). */
    public interface CallListener {
        void started(ChatCall call);

        void finished(ChatCall call, StreamOutcome outcome, Exception failure, int emittedCount);
    }

    public CallSettings(EmbyHttpClient httpClient, String url, Executor workerPool, ScheduledExecutorService timer,
                        RetryPolicy retryPolicy, long firstDeltaTimeoutMillis, long idleTimeoutMillis,
                        long requestTimeoutMillis, long maxRetryDelayMillis, int maxEventSize, boolean emitReasoning,
                        DeltaEmitter.Target deltaTarget, String deltaExcludeHeaders, AtomicBoolean omitStreamOptions,
                        CallListener listener) {
        this.httpClient = httpClient;
        this.url = url;
        this.workerPool = workerPool;
        this.timer = timer;
        this.retryPolicy = retryPolicy;
        this.firstDeltaTimeoutMillis = firstDeltaTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.maxRetryDelayMillis = maxRetryDelayMillis;
        this.maxEventSize = maxEventSize;
        this.emitReasoning = emitReasoning;
        this.deltaTarget = deltaTarget;
        this.deltaExcludeHeaders = deltaExcludeHeaders;
        this.omitStreamOptions = omitStreamOptions;
        this.listener = listener;
    }
}
