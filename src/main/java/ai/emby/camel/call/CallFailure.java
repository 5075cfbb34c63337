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
 * Why and how a call failed, with what had been received: everything the Camel side needs to raise its typed
 * exception.
 *
 * @param kind           why
 * @param message        what to tell the user
 * @param errorType      the server's error type, or null
 * @param errorCode      the server's error code, or null
 * @param cause          the underlying exception, or null
 * @param partialContent text of choice 0 received before the failure, {@code ""} if none
 * @param deltaCount     non-empty content deltas of choice 0 received
 * @param requestId      the response's request id, or null
 * @param httpError      the HTTP error answer when kind is {@link FailureKind#HTTP_ERROR}, else null
 * @param suppressed     a second failure that the first outranks (a delivery failure during a cancel), or null
 */
public record CallFailure(FailureKind kind, String message, String errorType, String errorCode, Throwable cause,
                          String partialContent, int deltaCount, String requestId, HttpError httpError,
                          Throwable suppressed) {

    /** A failure with nothing received. */
    static CallFailure of(FailureKind kind, String message, Throwable cause) {
        return new CallFailure(kind, message, null, null, cause, "", 0, null, null, null);
    }

    /** A cause for a message: its type and message. */
    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    static CallFailure http(HttpError error) {
        return new CallFailure(FailureKind.HTTP_ERROR, error.message(), error.errorType(), error.errorCode(), null, "",
                0, error.requestId(), error, null);
    }

    /** The same received data under the DELIVERY kind: a failed delta outranks how the stream ended. */
    CallFailure asDelivery(String newMessage, Throwable deliveryFailure) {
        return new CallFailure(FailureKind.DELIVERY, newMessage, null, null, deliveryFailure, partialContent, deltaCount,
                requestId, null, null);
    }

    CallFailure withSuppressed(Throwable other) {
        return new CallFailure(kind, message, errorType, errorCode, cause, partialContent, deltaCount, requestId,
                httpError, other);
    }
}
