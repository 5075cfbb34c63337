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

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of one call; {@link Duration#ZERO} turns a limit off.
 *
 * @param firstDelta from sending a request until its first non-empty delta
 * @param idle       the longest gap between data events after the first delta, while waiting for the server
 * @param overall    the whole call, retries and time in delta routes included
 */
public record Deadlines(Duration firstDelta, Duration idle, Duration overall) {

    public Deadlines {
        Objects.requireNonNull(firstDelta, "firstDelta");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(overall, "overall");
    }

    long firstDeltaMillis() {
        return firstDelta.toMillis();
    }

    long idleMillis() {
        return idle.toMillis();
    }

    long overallMillis() {
        return overall.toMillis();
    }
}
