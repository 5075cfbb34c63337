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

import java.util.List;
import java.util.Optional;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Camel's own tracing on ({@code camel-opentelemetry2}), the call's GenAI span is a child of the span Camel opens
 * for the {@code emby:} endpoint, in the route's trace. Runs in the camel-4.17 profile: camel-opentelemetry2 is served
 * here only up to 4.18.
 */
class EmbyChatUnderCamelTracingTest extends CamelTestSupport {

    @RegisterExtension
    LlmServer server = new LlmServer();

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // Camel's tracer takes the Tracer and the propagators from the registry; the component takes the same
        // Tracer's provider through the OpenTelemetry bean
        io.opentelemetry.sdk.OpenTelemetrySdk sdk = io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider).build();
        context.getRegistry().bind("openTelemetry", io.opentelemetry.api.OpenTelemetry.class, sdk);
        context.getRegistry().bind("tracer", io.opentelemetry.api.trace.Tracer.class, sdk.getTracer("camel"));
        context.getRegistry().bind("propagators", ContextPropagators.class, ContextPropagators.noop());
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.init(context);
        return context;
    }

    @AfterEach
    void closeSdk() {
        tracerProvider.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").routeId("ask")
                        .to("emby:chat?model=test-model&apiKey=sk-test&baseUrl=" + server.baseUrl());
            }
        };
    }

    @Test
    void theChatSpanIsAChildOfCamelsSpanForTheEndpoint() {
        server.enqueue(Responses.sse(Chunks.answer("Hel", "lo")));

        String answer = template.requestBody("direct:ask", "hi", String.class);

        assertThat(answer).isEqualTo("Hello");
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData chat = finished.stream().filter(s -> s.getName().equals("chat test-model")).findFirst()
                .orElseThrow(() -> new AssertionError("no chat span among " + finished));
        assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
        Optional<SpanData> parent = finished.stream()
                .filter(s -> s.getSpanId().equals(chat.getParentSpanId())).findFirst();
        assertThat(parent).as("the chat span's parent among %s", finished).isPresent();
        assertThat(parent.get().getInstrumentationScopeInfo().getName()).isEqualTo("camel");
        assertThat(parent.get().getName()).startsWith("emby");
        assertThat(parent.get().getTraceId()).isEqualTo(chat.getTraceId());
    }
}
