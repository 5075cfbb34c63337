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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves SPEC "Retries" for the decisions themselves: which statuses are retried, how x-should-retry overrides them,
 * how the server's requested wait is read, and that the backoff grows, is jittered within bounds and never undercuts
 * the server's wait.
 */
class RetryPolicyTest {

    @ParameterizedTest
    @ValueSource(ints = { 408, 409, 429, 498, 500, 502, 503, 504, 529 })
    void retriesOverloadAndServerErrors(int status) {
        assertThat(RetryPolicy.isRetryableStatus(status, null, null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404, 405, 413, 422, 501, 505 })
    void neverRetriesClientErrorsAndOtherStatuses(int status) {
        assertThat(RetryPolicy.isRetryableStatus(status, null, null)).isFalse();
    }

    @Test
    void aQuotaExhausted429IsNotRetried() {
        assertThat(RetryPolicy.isRetryableStatus(429, "insufficient_quota", null)).isFalse();
        assertThat(RetryPolicy.isRetryableStatus(429, "rate_limit_exceeded", null)).isTrue();
    }

    @Test
    void xShouldRetryOverridesTheStatus() {
        assertThat(RetryPolicy.isRetryableStatus(400, null, "true")).isTrue();
        assertThat(RetryPolicy.isRetryableStatus(503, null, "false")).isFalse();
        assertThat(RetryPolicy.isRetryableStatus(503, null, "FALSE")).isFalse();
        assertThat(RetryPolicy.isRetryableStatus(503, null, "maybe")).isTrue();
    }

    @Test
    void theBudgetIsMaxRetries() {
        RetryPolicy policy = new RetryPolicy(2);
        assertThat(policy.hasBudget(0)).isTrue();
        assertThat(policy.hasBudget(1)).isTrue();
        assertThat(policy.hasBudget(2)).isFalse();
        assertThat(new RetryPolicy(0).hasBudget(0)).isFalse();
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(RetryPolicy.parseRetryAfter(null, "1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.parseRetryAfter(null, " 2.5 ")).isEqualTo(Duration.ofMillis(2500));
        assertThat(RetryPolicy.parseRetryAfter(null, "0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterAsAnHttpDate() {
        ZonedDateTime inTenSeconds = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10);
        Duration wait = RetryPolicy.parseRetryAfter(null, DateTimeFormatter.RFC_1123_DATE_TIME.format(inTenSeconds));
        // the date has whole seconds: up to one second less
        assertThat(wait).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    @Test
    void anHttpDateInThePastMeansNoWait() {
        assertThat(RetryPolicy.parseRetryAfter(null, "Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        assertThat(RetryPolicy.parseRetryAfter("750", "30")).isEqualTo(Duration.ofMillis(750));
        assertThat(RetryPolicy.parseRetryAfter("12.2", null)).isEqualTo(Duration.ofMillis(13));
    }

    @Test
    void unreadableOrMissingValuesAreIgnored() {
        assertThat(RetryPolicy.parseRetryAfter(null, null)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, " ")).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, "soon")).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, "-5")).isNull();
        // an unreadable retry-after-ms falls back to Retry-After
        assertThat(RetryPolicy.parseRetryAfter("soon", "3")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theBackoffGrowsExponentiallyWithJitterInItsUpperHalfAndIsCapped() {
        RetryPolicy policy = new RetryPolicy(20);
        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.delayMillis(1, null)).isBetween(250L, 500L);
            assertThat(policy.delayMillis(2, null)).isBetween(500L, 1_000L);
            assertThat(policy.delayMillis(3, null)).isBetween(1_000L, 2_000L);
            assertThat(policy.delayMillis(10, null)).isBetween(RetryPolicy.MAX_BACKOFF_MILLIS / 2,
                    RetryPolicy.MAX_BACKOFF_MILLIS);
            assertThat(policy.delayMillis(60, null)).isBetween(RetryPolicy.MAX_BACKOFF_MILLIS / 2,
                    RetryPolicy.MAX_BACKOFF_MILLIS);
        }
    }

    @Test
    void theServersRequestedWaitIsTheMinimum() {
        RetryPolicy policy = new RetryPolicy(2);
        assertThat(policy.delayMillis(1, Duration.ofSeconds(3))).isEqualTo(3_000);
        // a shorter request does not shorten the backoff
        assertThat(policy.delayMillis(2, Duration.ofMillis(10))).isBetween(500L, 1_000L);
    }
}
