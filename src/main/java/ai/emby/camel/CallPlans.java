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
package ai.emby.camel;

import java.time.Duration;

import ai.emby.camel.call.CallListener;
import ai.emby.camel.call.CallPlan;
import ai.emby.camel.call.Clock;
import ai.emby.camel.call.Deadlines;
import ai.emby.camel.call.Delivery;
import ai.emby.camel.call.Boundary;
import ai.emby.camel.call.ExecutorTimer;
import ai.emby.camel.call.Grouping;
import ai.emby.camel.call.RetryPolicy;
import ai.emby.camel.protocol.WireProtocol;

/**
 * The one translation of an endpoint's options into the typed plan its calls share (the options were validated when
 * the endpoint was created).
 */
final class CallPlans {

    private CallPlans() {
    }

    static CallPlan of(EmbyEndpoint endpoint, WireProtocol protocol, String path, CallListener listener) {
        EmbyConfiguration c = endpoint.getConfiguration();
        Deadlines deadlines = new Deadlines(Duration.ofMillis(c.getFirstDeltaTimeout()),
                Duration.ofMillis(c.getIdleTimeout()), Duration.ofMillis(c.getRequestTimeout()));
        Delivery delivery = null;
        if (c.getDeltaUri() != null) {
            Grouping grouping = new Grouping(c.getBufferSize(), c.getBufferMaxChars(),
                    Duration.ofMillis(c.getBufferTimeout()), Boundary.fromOption(c.getBufferBoundary()));
            delivery = new Delivery(grouping, c.isEmitReasoning(), c.isEmitEnd());
        }
        var streamIds = endpoint.getCamelContext().getUuidGenerator();
        CallPlan.Runtime runtime = new CallPlan.Runtime(endpoint.workerPool(), new ExecutorTimer(endpoint.timer()),
                Clock.SYSTEM, streamIds::generateUuid, listener);
        return new CallPlan(endpoint.resolveBaseUrl().resolve(path), protocol, endpoint.httpClient(), c.getMaxEventSize(),
                deadlines, new RetryPolicy(c.getMaxRetries(), c.getMaxRetryDelay()), delivery, runtime);
    }
}
