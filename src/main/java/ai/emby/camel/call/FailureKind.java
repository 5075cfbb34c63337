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

/**
 * Why a call failed. The Camel side maps each to its public {@code EmbyStreamException.Reason} (or, for
 * {@link #HTTP_ERROR}, to an {@code EmbyApiException}) in one switch.
 */
public enum FailureKind {
    /** The server answered an HTTP error before any stream. */
    HTTP_ERROR,
    /** An error reported inside a 200 stream. */
    SERVER_ERROR,
    /** The stream ended without a finish. */
    TRUNCATED,
    /** firstDeltaTimeout or idleTimeout passed. */
    IDLE_TIMEOUT,
    /** requestTimeout passed. */
    DEADLINE,
    /** Not valid JSON, or not an event stream. */
    MALFORMED,
    /** The connection broke while reading the response. */
    TRANSPORT,
    /** No response at all. */
    CONNECT,
    /** A delivery of a delta failed. */
    DELIVERY,
    /** Cancelled from outside (producer or CamelContext stop). */
    CANCELLED,
    /** The assembled answer grew past its limit. */
    ANSWER_TOO_LARGE,
    /** A tool call of a tool loop failed (set by the Camel side, which runs the tools). */
    TOOL_FAILED,
    /** A tool loop ran out of rounds (set by the Camel side). */
    MAX_TOOL_ROUNDS
}
