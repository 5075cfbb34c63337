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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import ai.emby.camel.call.CallOutcome;

/**
 * Builds an endpoint's {@link Telemetry} from the libraries on the classpath. A backend class is named in code only
 * behind a check that its library is present, so without OpenTelemetry or Micrometer nothing of theirs is ever
 * loaded, and calls cost what they cost before (the per-delta path is never touched either way).
 */
public final class TelemetryBackends {

    static final String OPENTELEMETRY_API = "io.opentelemetry.api.OpenTelemetry";
    static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";

    private TelemetryBackends() {
    }

    /**
     * @param beans          finds the application's single bean of a type (a Camel registry lookup), or null
     * @param captureContent whether spans carry the prompt and the answer
     */
    public static Telemetry create(Function<Class<?>, Object> beans, boolean captureContent) {
        List<Telemetry> backends = new ArrayList<>(2);
        Class<?> openTelemetry = present(OPENTELEMETRY_API);
        if (openTelemetry != null) {
            backends.add(OpenTelemetryTracing.create(beans.apply(openTelemetry), captureContent));
        }
        Class<?> micrometer = present(MICROMETER);
        if (micrometer != null) {
            backends.add(MicrometerMetrics.create(beans.apply(micrometer)));
        }
        return switch (backends.size()) {
            case 0 -> Telemetry.OFF;
            case 1 -> backends.get(0);
            default -> new BothBackends(backends.get(0), backends.get(1));
        };
    }

    /** Which backends are on the classpath, for the log line at start. */
    public static String describePresent() {
        String otel = present(OPENTELEMETRY_API) != null ? "OpenTelemetry spans" : null;
        String micrometer = present(MICROMETER) != null ? "Micrometer metrics" : null;
        if (otel == null && micrometer == null) {
            return "none (neither OpenTelemetry nor Micrometer is on the classpath)";
        }
        return otel == null ? micrometer : micrometer == null ? otel : otel + " and " + micrometer;
    }

    static String version() {
        String version = TelemetryBackends.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static Class<?> present(String className) {
        try {
            return Class.forName(className, false, TelemetryBackends.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Spans and metrics. */
    private record BothBackends(Telemetry first, Telemetry second) implements Telemetry {

        @Override
        public CallTrace begin(RequestFacts facts) {
            return begin(facts, captureParent());
        }

        @Override
        public Object captureParent() {
            Object parent = first.captureParent();
            return parent != null ? parent : second.captureParent();
        }

        @Override
        public ToolTrace beginTool(String toolName, String callId, Object parent) {
            ToolTrace a = first.beginTool(toolName, callId, parent);
            ToolTrace b = second.beginTool(toolName, callId, parent);
            return errorType -> {
                try {
                    a.end(errorType);
                } finally {
                    b.end(errorType);
                }
            };
        }

        @Override
        public CallTrace begin(RequestFacts facts, Object parent) {
            CallTrace a = first.begin(facts, parent);
            CallTrace b = second.begin(facts, parent);
            return new CallTrace() {
                @Override
                public void retrying(int attempt, String errorType, long delayMillis) {
                    a.retrying(attempt, errorType, delayMillis);
                    b.retrying(attempt, errorType, delayMillis);
                }

                @Override
                public void end(CallOutcome outcome, String errorType) {
                    try {
                        a.end(outcome, errorType);
                    } finally {
                        b.end(outcome, errorType);
                    }
                }
            };
        }
    }
}
