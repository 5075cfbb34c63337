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

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.call.CallFailure;
import ai.emby.camel.call.FailureKind;
import ai.emby.camel.call.HttpError;

/** Turns a call's failure into the public exception: the one place where a failure gets its {@link Reason}. */
final class Failures {

    /** The CamelEmbyErrorReason of an HTTP error answer. */
    static final String API_ERROR = "API_ERROR";

    private Failures() {
    }

    /** The public reason of a failure kind; null for an HTTP error answer (an {@link EmbyApiException}). */
    static Reason reasonOf(FailureKind kind) {
        return switch (kind) {
            case HTTP_ERROR -> null;
            case SERVER_ERROR -> Reason.SERVER_ERROR;
            case TRUNCATED -> Reason.TRUNCATED;
            case IDLE_TIMEOUT -> Reason.IDLE_TIMEOUT;
            case DEADLINE -> Reason.DEADLINE;
            case MALFORMED -> Reason.MALFORMED;
            case TRANSPORT -> Reason.TRANSPORT;
            case CONNECT -> Reason.CONNECT;
            case DELIVERY -> Reason.DELIVERY;
            case CANCELLED -> Reason.CANCELLED;
            case ANSWER_TOO_LARGE -> Reason.ANSWER_TOO_LARGE;
            case TOOL_FAILED -> Reason.TOOL_FAILED;
            case MAX_TOOL_ROUNDS -> Reason.MAX_TOOL_ROUNDS;
        };
    }

    /** What {@code CamelEmbyErrorReason} says: the Reason name, or {@code API_ERROR}. */
    static String reasonName(CallFailure failure) {
        Reason reason = reasonOf(failure.kind());
        return reason == null ? API_ERROR : reason.name();
    }

    /** The exception the original exchange fails with. */
    static EmbyException toException(CallFailure failure, int emittedCount, int droppedCount) {
        EmbyException exception;
        HttpError http = failure.httpError();
        if (http != null) {
            exception = new EmbyApiException(http.message(), http.status(), http.reasonPhrase(), http.errorType(),
                    http.errorCode(), http.retryAfter(), http.body(), http.headers(), http.requestId());
        } else {
            exception = new EmbyStreamException(reasonOf(failure.kind()), failure.message(), failure.errorType(),
                    failure.errorCode(), failure.partialContent(), failure.deltaCount(), emittedCount,
                    droppedCount, failure.requestId(), failure.cause());
        }
        if (failure.suppressed() != null) {
            // on shutdown the delta route may be stopped before the stream: the cancellation is the story
            exception.addSuppressed(failure.suppressed());
        }
        return exception;
    }

    /** The {@code error.type} of telemetry: the Reason name, or the HTTP status of an error answer. */
    static String errorType(CallFailure failure) {
        HttpError http = failure.httpError();
        return http != null ? Integer.toString(http.status()) : reasonOf(failure.kind()).name();
    }

    /** The outcome name of the log line. */
    static String outcomeName(CallFailure failure) {
        HttpError http = failure.httpError();
        return http != null ? "API_ERROR(" + http.status() + ")" : reasonOf(failure.kind()).name();
    }
}
