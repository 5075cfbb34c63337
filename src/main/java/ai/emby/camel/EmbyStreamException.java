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

/**
 * The stream never started (no response) or failed after HTTP 200; says why, and carries what had arrived.
 */
public class EmbyStreamException extends EmbyException {

    private static final long serialVersionUID = 1L;

    /** Why a stream failed. */
    public enum Reason {
        /** The server sent an error inside the stream. */
        SERVER_ERROR,
        /** The stream ended without a finish. */
        TRUNCATED,
        /** firstDeltaTimeout or idleTimeout passed; the message says which. */
        IDLE_TIMEOUT,
        /** requestTimeout passed. */
        DEADLINE,
        /** Bad JSON, an oversized event, or a body that is not an event stream. */
        MALFORMED,
        /** The connection broke mid-stream (reset, EOF mid-chunk); the I/O exception is the cause. */
        TRANSPORT,
        /** No response: refused, DNS, TLS or connect timeout, after retries. */
        CONNECT,
        /** A delta exchange failed; its exception is the cause. */
        DELIVERY,
        /** The producer or the CamelContext stopped. */
        CANCELLED,
        /** The assembled answer grew past maxAnswerChars; the text received is the partial content. */
        ANSWER_TOO_LARGE,
        /** With toolErrors=fail: a tool call failed (unknown tool, arguments not JSON, the endpoint threw or passed
         * toolTimeout); the tool endpoint's exception, if any, is the cause. */
        TOOL_FAILED,
        /** The model still called tools after maxToolRounds rounds. */
        MAX_TOOL_ROUNDS
    }

    private final Reason reason;
    private final String errorType;
    private final String errorCode;
    private final String partialContent;
    private final int deltaCount;
    private final int emittedCount;
    private final int droppedCount;

    public EmbyStreamException(Reason reason, String message, String errorType, String errorCode, String partialContent,
                               int deltaCount, int emittedCount, String requestId, Throwable cause) {
        this(reason, message, errorType, errorCode, partialContent, deltaCount, emittedCount, 0, requestId, cause);
    }

    public EmbyStreamException(Reason reason, String message, String errorType, String errorCode, String partialContent,
                               int deltaCount, int emittedCount, int droppedCount, String requestId, Throwable cause) {
        super(reason + ": " + message, requestId, cause);
        this.reason = reason;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.partialContent = partialContent == null ? "" : partialContent;
        this.deltaCount = deltaCount;
        this.emittedCount = emittedCount;
        this.droppedCount = droppedCount;
    }

    public Reason getReason() {
        return reason;
    }

    /** The server's error type, for SERVER_ERROR; else null. */
    public String getErrorType() {
        return errorType;
    }

    /** The server's error code, when it sent one; else null. */
    public String getErrorCode() {
        return errorCode;
    }

    /** Text of choice 0 received before the failure; "" if none. */
    public String getPartialContent() {
        return partialContent;
    }

    /** Non-empty content deltas of choice 0 received before the failure (as CamelEmbyDeltaCount). */
    public int getDeltaCount() {
        return deltaCount;
    }

    /** Delta exchanges already sent to deltaUri, the failed one included: the next CamelEmbyDeltaIndex. */
    public int getEmittedCount() {
        return emittedCount;
    }

    /**
     * Deltas received from the server but never sent to deltaUri, because the exchange ended first: the
     * requestTimeout passed or the producer stopped while deliveries were behind, or a delta exchange failed. 0 when
     * every received delta was delivered.
     */
    public int getDroppedCount() {
        return droppedCount;
    }
}
