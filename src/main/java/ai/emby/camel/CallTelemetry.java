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

import java.util.Map;

import ai.emby.camel.telemetry.CallTrace;
import ai.emby.camel.telemetry.ProviderNames;
import ai.emby.camel.telemetry.RequestFacts;
import ai.emby.camel.telemetry.Telemetry;
import ai.emby.camel.telemetry.TelemetryBackends;
import ai.emby.camel.telemetry.ToolTrace;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's telemetry: the backends found on the classpath, fed with the application's own OpenTelemetry and
 * MeterRegistry beans when the Camel registry has exactly one of each.
 */
final class CallTelemetry {

    private static final Logger LOG = LoggerFactory.getLogger(CallTelemetry.class);
    /** Both operations are chat in the conventions' words: a conversation turn with a model. */
    private static final String OPERATION = "chat";

    private final Telemetry telemetry;
    private final RequestFacts.Server server;
    private final boolean captureContent;

    private CallTelemetry(Telemetry telemetry, RequestFacts.Server server, boolean captureContent) {
        this.telemetry = telemetry;
        this.server = server;
        this.captureContent = captureContent;
    }

    static CallTelemetry of(EmbyEndpoint endpoint) {
        EmbyConfiguration c = endpoint.getConfiguration();
        BaseUrl baseUrl = endpoint.resolveBaseUrl();
        String provider = c.getTelemetryProvider() == null || c.getTelemetryProvider().isBlank()
                ? ProviderNames.forHost(baseUrl.host()) : c.getTelemetryProvider().strip();
        RequestFacts.Server server = new RequestFacts.Server(OPERATION, provider, baseUrl.host(), baseUrl.port());
        if (!c.isTelemetry()) {
            return new CallTelemetry(Telemetry.OFF, server, false);
        }
        Registry registry = endpoint.getCamelContext().getRegistry();
        Telemetry telemetry = TelemetryBackends.create(type -> registry.findSingleByType(type),
                c.isTelemetryCaptureContent());
        LOG.debug("Telemetry of {}: {}", endpoint, TelemetryBackends.describePresent());
        return new CallTelemetry(telemetry, server, c.isTelemetryCaptureContent());
    }

    /** Starts the record of a call that sends this body, under the current context; never throws. */
    CallTrace begin(Map<String, Object> body) {
        return begin(body, null);
    }

    /** The current tracing context, for the later rounds of a tool loop (on other threads); never throws. */
    Object captureParent() {
        try {
            return telemetry.captureParent();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Starts the record of a tool call of a tool loop, under the loop's captured parent; never throws. */
    ToolTrace beginTool(String toolName, String callId, Object parent) {
        if (telemetry == Telemetry.OFF) {
            return ToolTrace.NONE;
        }
        try {
            ToolTrace trace = telemetry.beginTool(toolName, callId, parent);
            return errorType -> {
                try {
                    trace.end(errorType);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("Telemetry failed to record the end of a tool call; the loop goes on", e);
                }
            };
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Telemetry failed to record the start of a tool call; the loop goes on", e);
            return ToolTrace.NONE;
        }
    }

    /** Starts the record of a call under a captured parent (null: the current context); never throws. */
    CallTrace begin(Map<String, Object> body, Object parent) {
        if (telemetry == Telemetry.OFF) {
            return CallTrace.NONE;
        }
        try {
            RequestFacts facts = RequestFacts.of(server, body, captureContent);
            return parent == null ? telemetry.begin(facts) : telemetry.begin(facts, parent);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Telemetry failed to record the start of a call; the call goes on unrecorded", e);
            return CallTrace.NONE;
        }
    }
}
