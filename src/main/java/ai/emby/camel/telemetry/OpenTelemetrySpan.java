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
package ai.emby.camel.telemetry;

import java.util.List;

import ai.emby.camel.call.CallFailure;
import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.protocol.Answer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

/** The span of one call: retries become events, the outcome its last attributes and status. */
final class OpenTelemetrySpan implements CallTrace {

    private static final AttributeKey<String> RESPONSE_MODEL = stringKey(GenAiNames.RESPONSE_MODEL);
    private static final AttributeKey<String> RESPONSE_ID = stringKey(GenAiNames.RESPONSE_ID);
    private static final AttributeKey<List<String>> FINISH_REASONS = stringArrayKey(GenAiNames.RESPONSE_FINISH_REASONS);
    private static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = doubleKey(GenAiNames.RESPONSE_TIME_TO_FIRST_CHUNK);
    private static final AttributeKey<Long> INPUT_TOKENS = longKey(GenAiNames.USAGE_INPUT_TOKENS);
    private static final AttributeKey<Long> OUTPUT_TOKENS = longKey(GenAiNames.USAGE_OUTPUT_TOKENS);
    private static final AttributeKey<Long> REASONING_TOKENS = longKey(GenAiNames.USAGE_REASONING_OUTPUT_TOKENS);
    private static final AttributeKey<Long> CACHE_READ_TOKENS = longKey(GenAiNames.USAGE_CACHE_READ_INPUT_TOKENS);
    private static final AttributeKey<String> OUTPUT_MESSAGES = stringKey(GenAiNames.OUTPUT_MESSAGES);
    private static final AttributeKey<Long> DELTA_COUNT = longKey(GenAiNames.DELTA_COUNT);
    private static final AttributeKey<Long> ATTEMPTS = longKey(GenAiNames.ATTEMPTS);

    private final Span span;
    private final boolean captureContent;

    OpenTelemetrySpan(Span span, boolean captureContent) {
        this.span = span;
        this.captureContent = captureContent;
    }

    @Override
    public void retrying(int attempt, String errorType, long delayMillis) {
        span.addEvent(GenAiNames.EVENT_RETRY, OpenTelemetryTracing.retryAttributes(attempt, errorType, delayMillis));
    }

    @Override
    public void end(CallOutcome outcome, String errorType) {
        CallTimes times = CallTimes.of(outcome);
        if (!Double.isNaN(times.timeToFirstChunk())) {
            span.setAttribute(TIME_TO_FIRST_CHUNK, times.timeToFirstChunk());
        }
        span.setAttribute(DELTA_COUNT, (long) outcome.deltaCount());
        span.setAttribute(ATTEMPTS, (long) outcome.attempts());
        if (outcome.isSuccess()) {
            answered(outcome.answer());
        } else {
            failed(outcome.failure(), errorType);
        }
        span.end();
    }

    private void answered(Answer answer) {
        setIfPresent(RESPONSE_MODEL, answer.getResponseModel());
        setIfPresent(RESPONSE_ID, answer.getResponseId());
        if (answer.getFinishReason() != null) {
            span.setAttribute(FINISH_REASONS, List.of(answer.getFinishReason()));
        }
        setIfPresent(INPUT_TOKENS, answer.getPromptTokens());
        setIfPresent(OUTPUT_TOKENS, answer.getCompletionTokens());
        setIfPresent(REASONING_TOKENS, answer.getReasoningTokens());
        setIfPresent(CACHE_READ_TOKENS, answer.getCachedTokens());
        if (captureContent) {
            span.setAttribute(OUTPUT_MESSAGES, ContentJson.outputMessage(answer.getContent(), answer.getFinishReason()));
        }
    }

    private void failed(CallFailure failure, String errorType) {
        span.setAttribute(OpenTelemetryTracing.ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR, failure.message());
        if (captureContent && !failure.partialContent().isEmpty()) {
            // what arrived before the failure, flagged by the finish reason the conventions leave open
            span.setAttribute(OUTPUT_MESSAGES, ContentJson.outputMessage(failure.partialContent(), "error"));
        }
    }

    private void setIfPresent(AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    private void setIfPresent(AttributeKey<Long> key, Integer value) {
        if (value != null) {
            span.setAttribute(key, value.longValue());
        }
    }
}
