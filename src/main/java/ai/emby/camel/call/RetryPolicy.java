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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a request that got no stream is sent again, and how long to wait first.
 */
public final class RetryPolicy {

    static final long BASE_DELAY_MILLIS = 500;
    static final long MAX_BACKOFF_MILLIS = 8_000;

    private final int maxRetries;
    private final long maxRetryDelayMillis;

    /** A policy that waits as long as a server asks. */
    public RetryPolicy(int maxRetries) {
        this(maxRetries, Long.MAX_VALUE);
    }

    /**
     * @param maxRetries          retries after the first attempt
     * @param maxRetryDelayMillis the longest server-requested wait that is waited; a longer one fails the call at once
     */
    public RetryPolicy(int maxRetries, long maxRetryDelayMillis) {
        this.maxRetries = maxRetries;
        this.maxRetryDelayMillis = maxRetryDelayMillis;
    }

    /** False when the server asked for a longer pause than the user accepts: report it instead of waiting. */
    public boolean acceptsWait(Duration serverRequested) {
        return serverRequested == null || serverRequested.toMillis() <= maxRetryDelayMillis;
    }

    /** True when the retry budget allows another attempt after {@code retriesSoFar} retries. */
    public boolean hasBudget(int retriesSoFar) {
        return retriesSoFar < maxRetries;
    }

    /**
     * Whether an HTTP error status is worth another attempt. {@code shouldRetryHeader} is the x-should-retry response
     * header (OpenAI's gateways send it), which overrides the status when present.
     */
    public static boolean isRetryableStatus(int status, String errorCode, String shouldRetryHeader) {
        if ("true".equalsIgnoreCase(shouldRetryHeader)) {
            return true;
        }
        if ("false".equalsIgnoreCase(shouldRetryHeader)) {
            return false;
        }
        switch (status) {
            case 429:
                // out of credit: waiting does not help
                return !"insufficient_quota".equals(errorCode);
            case 408, 409, 498, 500, 502, 503, 504, 529:
                return true;
            default:
                return false;
        }
    }

    /**
     * The wait before retry number {@code retry} (1-based): exponential backoff with jitter, never shorter than what
     * the server asked for.
     */
    public long delayMillis(int retry, Duration serverRequested) {
        long exponential = Math.min(MAX_BACKOFF_MILLIS, BASE_DELAY_MILLIS << Math.min(retry - 1, 16));
        // full jitter in the upper half, so many clients that failed together do not come back together
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        long requested = serverRequested == null ? 0 : serverRequested.toMillis();
        return Math.max(jittered, requested);
    }

    /**
     * The server's requested wait: {@code retry-after-ms} (milliseconds), else {@code Retry-After} as seconds or an
     * HTTP date; null when absent or unreadable.
     */
    public static Duration parseRetryAfter(String retryAfterMs, String retryAfter) {
        if (retryAfterMs != null) {
            try {
                double millis = Double.parseDouble(retryAfterMs.trim());
                if (millis >= 0) {
                    return Duration.ofMillis((long) Math.ceil(millis));
                }
            } catch (NumberFormatException e) {
                // not a number: fall back to Retry-After below
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.trim();
        try {
            double seconds = Double.parseDouble(value);
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
