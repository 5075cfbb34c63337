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

import java.time.Duration;

import ai.emby.camel.http.ResponseHead;
import ai.emby.camel.protocol.ErrorDetails;
import ai.emby.camel.protocol.WireRequest;

/**
 * An HTTP error answer read into an {@link HttpError}, and whether it may be retried (SPEC "Retries": the status, the
 * error code and {@code x-should-retry}).
 */
record ErrorAnswer(HttpError error, boolean isRetryable) {

    static ErrorAnswer of(ResponseHead head, String body, CallPlan plan, String requestId) {
        int status = head.status();
        ErrorDetails details = plan.protocol().readError(body);
        Duration retryAfter = RetryPolicy.parseRetryAfter(head.header("retry-after-ms"), head.header("retry-after"));
        String reason = head.reasonPhrase();
        String statusLine = "HTTP " + status + (reason == null || reason.isEmpty() ? "" : " " + reason);
        String detail = details.message() != null
                ? details.message()
                : statusLine + (head.contentType() == null ? "" : " (" + head.contentType() + " body)");
        String message = statusLine + " from POST " + plan.url() + ": " + detail;
        HttpError error = new HttpError(message, status, reason, details.type(), details.code(), retryAfter, body,
                head.headerMap(), requestId);
        boolean retryable = RetryPolicy.isRetryableStatus(status, details.code(), head.header("x-should-retry"));
        return new ErrorAnswer(error, retryable);
    }

    /** Resends a reduced request, retries or fails the call (under the call's monitor). */
    void decide(ChatCall call, WireRequest request) {
        WireRequest.Fallback fallback = request.fallbackFor(error.status(), error.body());
        if (fallback != null) {
            call.resend(fallback, error.message());
        } else if (isRetryable) {
            call.retryOrFail(CallFailure.http(error), error.retryAfter());
        } else {
            call.finish(CallFailure.http(error), null);
        }
    }
}
