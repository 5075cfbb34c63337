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

/** The side that owns a call (the Camel exchange): told each attempt's stream id, then the outcome, once. */
public interface CallOwner {

    /** A new HTTP attempt starts with this stream id (on the thread that starts it, under the call's lock). */
    void attemptStarted(String streamId);

    /**
     * An attempt failed before its stream started and the call retries it after the given wait (under the call's
     * lock; keep it short). Tells tracing about every attempt, not only the last.
     *
     * @param attempt the attempt that failed, from 1
     */
    default void retrying(int attempt, CallFailure failure, long delayMillis) {
    }

    /** The call ended; runs on a worker thread, exactly once, after every delivery ended. */
    void complete(CallOutcome outcome);
}
