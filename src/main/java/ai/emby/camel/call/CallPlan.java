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

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import ai.emby.camel.http.Transport;
import ai.emby.camel.protocol.WireProtocol;

/**
 * What every call of an endpoint shares, resolved once from its options.
 *
 * @param url          where requests go
 * @param protocol     the wire protocol
 * @param transport    the HTTP transport
 * @param maxEventSize the largest event or JSON answer accepted, in bytes
 * @param deadlines    the time limits
 * @param retryPolicy  when and how long to retry
 * @param delivery     emit mode, or null for aggregate mode (nothing is delivered while the stream runs)
 * @param runtime      threads, time and ids
 */
public record CallPlan(String url, WireProtocol protocol, Transport transport, int maxEventSize, Deadlines deadlines,
                       RetryPolicy retryPolicy, Delivery delivery, Runtime runtime) {

    /**
     * Threads, time and ids.
     *
     * @param workers   where deliveries and the owner's completion run (never an HTTP I/O thread)
     * @param timer     timeouts, retry waits and buffer timers
     * @param clock     the time
     * @param streamIds a new unique id per HTTP attempt
     * @param listener  told of every call's start and end
     */
    public record Runtime(Executor workers, Timer timer, Clock clock, Supplier<String> streamIds,
                          CallListener listener) {

        public Runtime {
            Objects.requireNonNull(workers, "workers");
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(streamIds, "streamIds");
            Objects.requireNonNull(listener, "listener");
        }
    }

    public CallPlan {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(deadlines, "deadlines");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(runtime, "runtime");
    }

    boolean emits() {
        return delivery != null;
    }
}
