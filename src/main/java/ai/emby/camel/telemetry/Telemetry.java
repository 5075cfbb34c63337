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
package ai.emby.camel.telemetry;

/** Where an endpoint's calls are recorded: one {@link CallTrace} per call. */
public interface Telemetry {

    /** Records nothing. */
    Telemetry OFF = facts -> CallTrace.NONE;

    /**
     * Starts recording a call. Runs on the thread that sends the exchange, so the current tracing context (a Camel
     * route's span, or the application's) becomes the call's parent.
     */
    CallTrace begin(RequestFacts facts);

    /** The tracing context current on this thread, to parent calls started later on other threads (a tool loop). */
    default Object captureParent() {
        return null;
    }

    /**
     * Starts recording a tool call of a tool loop, under the loop's parent.
     *
     * @param parent captured by {@link #captureParent()} on the sending thread
     */
    default ToolTrace beginTool(String toolName, String callId, Object parent) {
        return ToolTrace.NONE;
    }

    /** Starts recording a call under a parent captured earlier ({@link #captureParent()}). */
    default CallTrace begin(RequestFacts facts, Object parent) {
        return begin(facts);
    }
}
