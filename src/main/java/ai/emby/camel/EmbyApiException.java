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

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.spi.HttpResponseAware;

/**
 * The server answered with an HTTP error status before any stream started.
 */
public class EmbyApiException extends EmbyException implements HttpResponseAware {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String statusText;
    private final String errorType;
    private final String errorCode;
    private final Duration retryAfter;
    private final String responseBody;
    private final Map<String, String> responseHeaders;

    public EmbyApiException(String message, int statusCode, String statusText, String errorType, String errorCode,
                            Duration retryAfter, String responseBody, Map<String, String> responseHeaders,
                            String requestId) {
        super(message, requestId, null);
        this.statusCode = statusCode;
        this.statusText = statusText;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
        this.responseBody = responseBody;
        this.responseHeaders = responseHeaders == null
                ? Collections.emptyMap() : Collections.unmodifiableMap(new LinkedHashMap<>(responseHeaders));
    }

    public int getStatusCode() {
        return statusCode;
    }

    public String getStatusText() {
        return statusText;
    }

    /** The error's type (error.type), or null. */
    public String getErrorType() {
        return errorType;
    }

    /** The error's code (error.code, a number as its String, else error.status), or null. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The wait the server asked for (Retry-After or retry-after-ms), or null. */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    /** The response body as received (a String copy), or null when empty. */
    public String getResponseBody() {
        return responseBody;
    }

    /** The response headers (names as received; the last value of repeated headers). */
    public Map<String, String> getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public int getHttpResponseCode() {
        return statusCode;
    }

    @Override
    public void setHttpResponseCode(int code) {
        // the exception is immutable: it reports what the server sent
    }

    @Override
    public String getHttpResponseStatus() {
        return statusText;
    }

    @Override
    public void setHttpResponseStatus(String status) {
        // the exception is immutable: it reports what the server sent
    }
}
