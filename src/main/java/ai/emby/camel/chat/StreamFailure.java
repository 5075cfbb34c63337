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
package ai.emby.camel.chat;

import ai.emby.camel.EmbyApiException;
import ai.emby.camel.EmbyException;
import ai.emby.camel.EmbyStreamException;
import ai.emby.camel.EmbyStreamException.Reason;

/**
 * Why a call failed, captured where it happened; becomes the exchange's exception once the emitter knows how many
 * delta exchanges it sent.
 */
public final class StreamFailure {

    private final Reason reason;
    private final String message;
    private final String errorType;
    private final String errorCode;
    private final Throwable cause;
    private final String partialContent;
    private final int deltaCount;
    private final String requestId;
    private final EmbyApiException apiException;

    private StreamFailure(Reason reason, String message, String errorType, String errorCode, Throwable cause,
                          String partialContent, int deltaCount, String requestId, EmbyApiException apiException) {
        this.reason = reason;
        this.message = message;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.cause = cause;
        this.partialContent = partialContent;
        this.deltaCount = deltaCount;
        this.requestId = requestId;
        this.apiException = apiException;
    }

    public static StreamFailure stream(Reason reason, String message, String errorType, String errorCode,
                                       Throwable cause, String partialContent, int deltaCount, String requestId) {
        return new StreamFailure(reason, message, errorType, errorCode, cause, partialContent, deltaCount, requestId, null);
    }

    public static StreamFailure api(EmbyApiException exception) {
        return new StreamFailure(null, exception.getMessage(), exception.getErrorType(), exception.getErrorCode(), null,
                "", 0, exception.getRequestId(), exception);
    }

    /** The same failure's received data under another reason (a delta failure outranks how the stream ended). */
    public StreamFailure withReason(Reason newReason, String newMessage, Throwable newCause) {
        return new StreamFailure(newReason, newMessage, null, null, newCause, partialContent, deltaCount, requestId, null);
    }

    public String message() {
        return message;
    }

    /** The reason, or null for an HTTP error answer (EmbyApiException). */
    public Reason reason() {
        return reason;
    }

    /** The name used for CamelEmbyErrorReason: the Reason, or API_ERROR. */
    public String reasonName() {
        return reason == null ? "API_ERROR" : reason.name();
    }

    public EmbyException toException(int emittedCount) {
        if (apiException != null) {
            return apiException;
        }
        return new EmbyStreamException(reason, message, errorType, errorCode, partialContent, deltaCount, emittedCount,
                requestId, cause);
    }
}
