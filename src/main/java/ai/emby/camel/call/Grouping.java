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
 * How deltas are grouped before they are delivered; all zero (and {@code NONE}) delivers every delta on its own.
 *
 * @param size     a group is delivered once it holds this many deltas (0 = off)
 * @param maxChars a group is delivered once it holds at least this many characters (0 = off)
 * @param timeout  a non-empty group is delivered this long after its first delta arrived ({@code ZERO} = off)
 * @param boundary where a full group is cut
 */
public record Grouping(int size, int maxChars, Duration timeout, Boundary boundary) {

    /** Every delta on its own. */
    public static final Grouping NONE = new Grouping(0, 0, Duration.ZERO, Boundary.NONE);

    public Grouping {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(boundary, "boundary");
    }

    long timeoutMillis() {
        return timeout.toMillis();
    }
}
