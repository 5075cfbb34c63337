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

import ai.emby.camel.http.ResponseHead;
import ai.emby.camel.protocol.AnswerReader;
import ai.emby.camel.protocol.AnswerTooLargeException;
import ai.emby.camel.protocol.InStreamErrorException;
import ai.emby.camel.protocol.MalformedPayloadException;

/**
 * The failures that end an attempt, with what its reader had received by then: the kind a protocol's exception means,
 * and the words for a body that was too large, ended too early or was no event stream.
 */
final class AttemptFailures {

    private AttemptFailures() {
    }

    /** A failure with the partial answer the reader holds. */
    static CallFailure of(FailureKind kind, String message, String errorType, String errorCode, Throwable cause,
                          AnswerReader reader, String requestId) {
        return new CallFailure(kind, message, errorType, errorCode, cause, reader.partialContent(),
                reader.deltaCount(), requestId, null, null);
    }

    /**
     * The one place that decides the kind of a protocol's failure; an exception that is none (a bug) is rethrown.
     *
     * @param e                 the protocol's exception, already masked
     * @param serverErrorPrefix says where the server's error came from (the stream, a whole answer)
     */
    static CallFailure ofPayload(RuntimeException e, String serverErrorPrefix, AnswerReader reader, String requestId) {
        if (e instanceof InStreamErrorException error) {
            return of(FailureKind.SERVER_ERROR, serverErrorPrefix + error.getMessage(), error.getErrorType(),
                    error.getErrorCode(), error, reader, requestId);
        } else if (e instanceof MalformedPayloadException) {
            return of(FailureKind.MALFORMED, e.getMessage(), null, null, e, reader, requestId);
        } else if (e instanceof AnswerTooLargeException) {
            return of(FailureKind.ANSWER_TOO_LARGE, e.getMessage(), null, null, e, reader, requestId);
        }
        throw e;
    }

    /** No response at all (refused, DNS, TLS, connect timeout or reset before the answer): nothing received. */
    static CallFailure noResponse(String url, Exception cause) {
        return CallFailure.of(FailureKind.CONNECT, "no response from " + url + ": " + CallFailure.describe(cause),
                cause);
    }

    /** Why a whole JSON answer (a body, not an event stream) past its limit is MALFORMED. */
    static String answerTooLarge(int maxEventSize) {
        return "the JSON answer is larger than maxEventSize (" + maxEventSize
               + " bytes); raise maxEventSize to accept it";
    }

    /** Why an event stream that ended without a complete answer is TRUNCATED. */
    static String truncated(AnswerReader reader, int events, boolean lastEventUnterminated) {
        if (events == 0) {
            return "the server answered HTTP 200 with an empty event stream";
        }
        return "the stream ended without " + reader.endMarker()
               + (lastEventUnterminated ? " (the last event was cut off)" : "");
    }

    /** Why a 2xx body that is neither an event stream nor a JSON answer is MALFORMED. */
    static String notEventStream(ResponseHead head, String maskedExcerpt) {
        return "expected an event stream (text/event-stream) but the server answered HTTP " + head.status() + " with "
               + head.contentType() + ": " + maskedExcerpt;
    }
}
