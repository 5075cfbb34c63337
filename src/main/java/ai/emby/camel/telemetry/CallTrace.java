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

import ai.emby.camel.call.CallOutcome;

/** The record of one call, from its start to its end. Its methods never throw. */
public interface CallTrace {

    CallTrace NONE = new CallTrace() {
        @Override
        public void retrying(int attempt, String errorType, long delayMillis) {
        }

        @Override
        public void end(CallOutcome outcome, String errorType) {
        }
    };

    /**
     * An attempt failed before its stream started; the call sends it again after the wait.
     *
     * @param attempt   the failed attempt, from 1
     * @param errorType why: the failure's {@code Reason} name, or the HTTP status
     */
    void retrying(int attempt, String errorType, long delayMillis);

    /**
     * The call ended.
     *
     * @param errorType null on success, else the failure's {@code Reason} name, or the HTTP status of an error answer
     */
    void end(CallOutcome outcome, String errorType);
}
