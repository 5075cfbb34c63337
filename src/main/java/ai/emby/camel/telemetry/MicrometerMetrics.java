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

import java.time.Duration;

import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.protocol.Answer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The GenAI client histograms, recorded once per call at its end. Loaded only when Micrometer is on the classpath.
 * <p>
 * Every meter of one name carries the same tag keys (Prometheus requires it): how the call ended is the
 * {@code outcome} tag, {@code success} or the error type.
 */
final class MicrometerMetrics implements Telemetry {

    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofMinutes(10);

    private final MeterRegistry registry;

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param meterRegistry the application's registry (a registry bean), or null for Micrometer's global one
     */
    static Telemetry create(Object meterRegistry) {
        return new MicrometerMetrics(meterRegistry instanceof MeterRegistry r ? r : Metrics.globalRegistry);
    }

    @Override
    public CallTrace begin(RequestFacts facts) {
        return new CallTrace() {
            @Override
            public void retrying(int attempt, String errorType, long delayMillis) {
                // the attempts of one call are one operation: its duration includes the waits
            }

            @Override
            public void end(CallOutcome outcome, String errorType) {
                record(facts, outcome, errorType);
            }
        };
    }

    private void record(RequestFacts facts, CallOutcome outcome, String errorType) {
        Tags tags = Tags.of(GenAiNames.OPERATION_NAME, facts.operation(),
                GenAiNames.PROVIDER_NAME, facts.provider(),
                GenAiNames.REQUEST_MODEL, facts.model() == null ? "" : facts.model(),
                GenAiNames.SERVER_ADDRESS, facts.serverAddress(),
                GenAiNames.SERVER_PORT, Integer.toString(facts.serverPort()),
                GenAiNames.OUTCOME, errorType == null ? GenAiNames.SUCCESS : errorType);
        CallTimes times = CallTimes.of(outcome);
        seconds(GenAiNames.METRIC_OPERATION_DURATION, "GenAI operation duration", tags, times.duration());
        if (!Double.isNaN(times.timeToFirstChunk())) {
            seconds(GenAiNames.METRIC_TIME_TO_FIRST_CHUNK, "Time from the request until the first chunk arrived",
                    tags, times.timeToFirstChunk());
        }
        if (!Double.isNaN(times.timePerOutputChunk())) {
            seconds(GenAiNames.METRIC_TIME_PER_OUTPUT_CHUNK, "Time between the chunks that followed the first",
                    tags, times.timePerOutputChunk());
        }
        if (outcome.isSuccess()) {
            Answer answer = outcome.answer();
            tokens(tags, "input", answer.getPromptTokens());
            tokens(tags, "output", answer.getCompletionTokens());
        }
    }

    private void seconds(String name, String description, Tags tags, double seconds) {
        Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry)
                .record(Duration.ofNanos((long) (seconds * 1_000_000_000d)));
    }

    private void tokens(Tags tags, String type, Integer count) {
        if (count == null) {
            return;
        }
        DistributionSummary.builder(GenAiNames.METRIC_TOKEN_USAGE).description("Number of input and output tokens used")
                .baseUnit("tokens").tags(tags.and(GenAiNames.TOKEN_TYPE, type))
                .publishPercentileHistogram().minimumExpectedValue(1d).maximumExpectedValue(1_048_576d)
                .register(registry)
                .record(count);
    }
}
