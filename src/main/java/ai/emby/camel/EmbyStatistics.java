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

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one endpoint's streams, exposed over JMX by {@link EmbyEndpoint}.
 */
final class EmbyStatistics {

    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder deltas = new LongAdder();

    void started() {
        started.increment();
    }

    void finished(boolean success, int deltaCount) {
        if (success) {
            completed.increment();
        } else {
            failed.increment();
        }
        deltas.add(deltaCount);
    }

    long active() {
        return started.sum() - completed.sum() - failed.sum();
    }

    long completed() {
        return completed.sum();
    }

    long failed() {
        return failed.sum();
    }

    long deltas() {
        return deltas.sum();
    }
}
