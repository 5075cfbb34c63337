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
package ai.emby.camel.sse;

/**
 * Thrown when one server-sent event (or a single line of the stream) is larger than the configured {@code maxEventSize}.
 */
public final class EventTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int maxEventSize;

    /**
     * @param what         what exceeded the limit, e.g. "event data" or "line"
     * @param maxEventSize the limit in bytes
     */
    public EventTooLargeException(String what, int maxEventSize) {
        super("Server-sent " + what + " exceeds maxEventSize of " + maxEventSize
              + " bytes; raise the option maxEventSize to accept larger events");
        this.maxEventSize = maxEventSize;
    }

    /** The limit in bytes that was exceeded. */
    public int getMaxEventSize() {
        return maxEventSize;
    }
}
