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

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

/**
 * A CLIENT span per call, named {@code chat {model}}, child of the context current on the sending thread — the span
 * of Camel's tracing when it is on. Loaded only when the OpenTelemetry API is on the classpath.
 */
final class OpenTelemetryTracing implements Telemetry {

    static final AttributeKey<String> OPERATION_NAME = stringKey(GenAiNames.OPERATION_NAME);
    static final AttributeKey<String> PROVIDER_NAME = stringKey(GenAiNames.PROVIDER_NAME);
    static final AttributeKey<String> REQUEST_MODEL = stringKey(GenAiNames.REQUEST_MODEL);
    static final AttributeKey<Boolean> REQUEST_STREAM = booleanKey(GenAiNames.REQUEST_STREAM);
    static final AttributeKey<Double> REQUEST_TEMPERATURE = doubleKey(GenAiNames.REQUEST_TEMPERATURE);
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = longKey(GenAiNames.REQUEST_MAX_TOKENS);
    static final AttributeKey<Double> REQUEST_TOP_P = doubleKey(GenAiNames.REQUEST_TOP_P);
    static final AttributeKey<String> SERVER_ADDRESS = stringKey(GenAiNames.SERVER_ADDRESS);
    static final AttributeKey<Long> SERVER_PORT = longKey(GenAiNames.SERVER_PORT);
    static final AttributeKey<String> INPUT_MESSAGES = stringKey(GenAiNames.INPUT_MESSAGES);
    static final AttributeKey<String> ERROR_TYPE = stringKey(GenAiNames.ERROR_TYPE);
    static final AttributeKey<Long> ATTEMPT = longKey(GenAiNames.ATTEMPT);
    static final AttributeKey<String> TOOL_NAME = stringKey(GenAiNames.TOOL_NAME);
    static final AttributeKey<String> TOOL_CALL_ID = stringKey(GenAiNames.TOOL_CALL_ID);
    static final AttributeKey<String> TOOL_TYPE = stringKey(GenAiNames.TOOL_TYPE);
    private static final String EXECUTE_TOOL = "execute_tool";
    static final AttributeKey<Double> RETRY_WAIT = doubleKey(GenAiNames.RETRY_WAIT);

    private static final String INSTRUMENTATION_SCOPE = "ai.emby.camel";

    private final Tracer tracer;
    private final boolean captureContent;

    private OpenTelemetryTracing(Tracer tracer, boolean captureContent) {
        this.tracer = tracer;
        this.captureContent = captureContent;
    }

    /**
     * @param openTelemetry the application's instance (a registry bean), or null for the global one
     */
    static Telemetry create(Object openTelemetry, boolean captureContent) {
        OpenTelemetry otel = openTelemetry instanceof OpenTelemetry o ? o : io.opentelemetry.api.GlobalOpenTelemetry.get();
        return new OpenTelemetryTracing(otel.getTracer(INSTRUMENTATION_SCOPE, TelemetryBackends.version()),
                captureContent);
    }

    @Override
    public CallTrace begin(RequestFacts facts) {
        return begin(facts, Context.current());
    }

    @Override
    public Object captureParent() {
        return Context.current();
    }

    @Override
    public CallTrace begin(RequestFacts facts, Object parent) {
        SpanBuilder builder = tracer.spanBuilder(facts.model() == null ? facts.operation()
                : facts.operation() + " " + facts.model())
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent instanceof Context context ? context : Context.current())
                .setAttribute(OPERATION_NAME, facts.operation())
                .setAttribute(PROVIDER_NAME, facts.provider())
                .setAttribute(REQUEST_STREAM, facts.stream())
                .setAttribute(SERVER_ADDRESS, facts.serverAddress())
                .setAttribute(SERVER_PORT, (long) facts.serverPort());
        if (facts.model() != null) {
            builder.setAttribute(REQUEST_MODEL, facts.model());
        }
        if (facts.temperature() != null) {
            builder.setAttribute(REQUEST_TEMPERATURE, facts.temperature());
        }
        if (facts.maxTokens() != null) {
            builder.setAttribute(REQUEST_MAX_TOKENS, facts.maxTokens());
        }
        if (facts.topP() != null) {
            builder.setAttribute(REQUEST_TOP_P, facts.topP());
        }
        if (captureContent && facts.input() != null) {
            builder.setAttribute(INPUT_MESSAGES, ContentJson.write(facts.input()));
        }
        return new OpenTelemetrySpan(builder.startSpan(), captureContent);
    }

    @Override
    public ToolTrace beginTool(String toolName, String callId, Object parent) {
        Span span = tracer.spanBuilder(EXECUTE_TOOL + " " + toolName)
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(parent instanceof Context context ? context : Context.current())
                .setAttribute(OPERATION_NAME, EXECUTE_TOOL)
                .setAttribute(TOOL_NAME, toolName)
                .setAttribute(TOOL_CALL_ID, callId == null ? "" : callId)
                .setAttribute(TOOL_TYPE, "function")
                .startSpan();
        return errorType -> {
            if (errorType != null) {
                span.setAttribute(ERROR_TYPE, errorType);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        };
    }

    /** The attributes of a retried attempt's event. */
    static Attributes retryAttributes(int attempt, String errorType, long delayMillis) {
        return Attributes.of(ATTEMPT, (long) attempt, ERROR_TYPE, errorType, RETRY_WAIT, delayMillis / 1000d);
    }
}
