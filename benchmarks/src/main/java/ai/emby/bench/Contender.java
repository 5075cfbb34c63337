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
package ai.emby.bench;

import java.util.concurrent.CompletableFuture;

/**
 * One way of consuming a streamed chat completion. Each implementation is what a user of that library would write;
 * the harness only starts it, runs streams through it and closes it.
 */
interface Contender extends AutoCloseable {

    /** The name shown in the tables. */
    String name();

    /** Builds the client for the server at {@code baseUrl} (ends with {@code /v1}). */
    void start(String baseUrl) throws Exception;

    /** Streams one completion and returns when it ended; user-visible deltas go to the probe as they arrive. */
    void runOne(String model, StreamProbe probe) throws Exception;

    /** Starts one completion without waiting for it, the way the library does concurrency; completes when it ended. */
    CompletableFuture<Void> runAsync(String model, StreamProbe probe);

    /** False when the user sees only the whole answer (so there is no time to first delta to report). */
    default boolean deliversDeltas() {
        return true;
    }

    /** Something the contender noticed about itself since the last call (empty when nothing); resets it. */
    default String takeNotes() {
        return "";
    }

    @Override
    void close() throws Exception;

    /** The prompt every contender sends: the server ignores it, but it is a real request body. */
    String PROMPT = "Write a long story about benchmarks.";
}
