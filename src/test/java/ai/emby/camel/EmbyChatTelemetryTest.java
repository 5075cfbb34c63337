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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.RawServer;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.ToolChunks;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.RawServer.awaitClientClose;
import static ai.emby.camel.support.RawServer.chunk;
import static ai.emby.camel.support.RawServer.head;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TEMPERATURE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_P;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The telemetry of issue "Observability", against a real loopback server, the OpenTelemetry SDK's in-memory span
 * exporter and a Micrometer {@link SimpleMeterRegistry} bound in the Camel registry. Attribute names and types are the
 * published ones: the typed keys of {@code opentelemetry-semconv(-incubating)}, never strings of the implementation.
 */
class EmbyChatTelemetryTest extends CamelTestSupport {

    /**
     * The GenAI client metric names, as the conventions' registry publishes them ({@code semantic-conventions-genai},
     * model/gen-ai/metrics): the Java semconv library carries no metric names.
     */
    private static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    private static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    private static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
    private static final String TIME_PER_OUTPUT_CHUNK = "gen_ai.client.operation.time_per_output_chunk";
    /**
     * The conventions type the message attributes "any" (structured), which the Java library leaves out; on a span
     * they travel as the JSON string the conventions recommend where structured values are not supported.
     */
    private static final AttributeKey<String> GEN_AI_INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    private static final AttributeKey<String> GEN_AI_OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    private static final long AWAIT_MS = 10_000;

    @RegisterExtension
    LlmServer server = new LlmServer();

    @RegisterExtension
    RawServer raw = new RawServer();

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("openTelemetry", OpenTelemetry.class, openTelemetry);
        registry.bind("meterRegistry", meters);
    }

    @AfterEach
    void closeSdk() {
        tracerProvider.close();
    }

    private String uri(String baseUrl, String options) {
        return "emby:chat?model=test-model&apiKey=sk-test&baseUrl=" + baseUrl + (options.isEmpty() ? "" : "&" + options);
    }

    private Exchange call(String options) {
        return template.request(uri(server.baseUrl(), options), e -> e.getIn().setBody("Say hi"));
    }

    private SpanData onlySpan() {
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(1);
        return finished.get(0);
    }

    private static String usageWithReasoning() {
        return Chunks.event("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                            + "\"model\":\"test-model-2025\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
                            + "\"completion_tokens\":30,\"total_tokens\":42,"
                            + "\"completion_tokens_details\":{\"reasoning_tokens\":20}}}");
    }

    private static String content(String text) {
        return Chunks.event("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                            + "\"model\":\"test-model-2025\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                            + Chunks.quote(text) + "},\"finish_reason\":null}]}");
    }

    @Test
    void aSuccessfulStreamIsOneClientSpanWithTheConventionsAttributes() {
        server.enqueue(Responses.sse(content(""), content("Hel"), content("lo"), content("!"),
                Chunks.finish("stop"), usageWithReasoning(), Chunks.DONE));

        Exchange result = call("temperature=0.5&maxTokens=64&topP=0.9");

        assertThat(result.getException()).isNull();
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("chat test-model");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        var a = span.getAttributes();
        assertThat(a.get(GEN_AI_OPERATION_NAME)).isEqualTo("chat");
        assertThat(a.get(GEN_AI_PROVIDER_NAME)).isEqualTo("emby");
        assertThat(a.get(GEN_AI_REQUEST_MODEL)).isEqualTo("test-model");
        assertThat(a.get(GEN_AI_RESPONSE_MODEL)).isEqualTo("test-model-2025");
        assertThat(a.get(GEN_AI_RESPONSE_ID)).isEqualTo("chatcmpl-7");
        assertThat(a.get(GEN_AI_REQUEST_STREAM)).isTrue();
        assertThat(a.get(GEN_AI_REQUEST_TEMPERATURE)).isEqualTo(0.5);
        assertThat(a.get(GEN_AI_REQUEST_MAX_TOKENS)).isEqualTo(64L);
        assertThat(a.get(GEN_AI_REQUEST_TOP_P)).isEqualTo(0.9);
        assertThat(a.get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop");
        assertThat(a.get(GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(12L);
        assertThat(a.get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(30L);
        assertThat(a.get(GEN_AI_USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(20L);
        assertThat(a.get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isPositive()
                .isLessThanOrEqualTo(nanosToSeconds(span.getEndEpochNanos() - span.getStartEpochNanos()));
        assertThat(a.get(ServerAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(a.get(ServerAttributes.SERVER_PORT)).isEqualTo((long) server.port());
        assertThat(a.get(ErrorAttributes.ERROR_TYPE)).isNull();
        // no content unless captureContent is on
        assertThat(a.get(GEN_AI_INPUT_MESSAGES)).isNull();
        assertThat(a.get(GEN_AI_OUTPUT_MESSAGES)).isNull();
        assertThat(a.asMap().values()).noneMatch(v -> v.toString().contains("Say hi") || v.toString().contains("Hello"));

        assertMetricsOfOneCall("success");
        DistributionSummary input = meters.find(TOKEN_USAGE).tag(GEN_AI_TOKEN_TYPE.getKey(), "input").summary();
        DistributionSummary output = meters.find(TOKEN_USAGE).tag(GEN_AI_TOKEN_TYPE.getKey(), "output").summary();
        assertThat(input.totalAmount()).isEqualTo(12);
        assertThat(output.totalAmount()).isEqualTo(30);
        Timer perChunk = meters.find(TIME_PER_OUTPUT_CHUNK).timer();
        assertThat(perChunk).as("three chunks: a time per chunk after the first").isNotNull();
        assertThat(perChunk.count()).isEqualTo(1);
    }

    private void assertMetricsOfOneCall(String outcome) {
        Timer duration = meters.find(OPERATION_DURATION).timer();
        assertThat(duration).as(OPERATION_DURATION).isNotNull();
        assertThat(duration.count()).isEqualTo(1);
        Meter.Id id = duration.getId();
        assertThat(id.getTag(GEN_AI_OPERATION_NAME.getKey())).isEqualTo("chat");
        assertThat(id.getTag(GEN_AI_PROVIDER_NAME.getKey())).isEqualTo("emby");
        assertThat(id.getTag(GEN_AI_REQUEST_MODEL.getKey())).isEqualTo("test-model");
        assertThat(id.getTag(ServerAttributes.SERVER_ADDRESS.getKey())).isEqualTo("127.0.0.1");
        assertThat(id.getTag("outcome")).isEqualTo(outcome);
        assertThat(id.getBaseUnit()).isEqualTo("seconds");
        Timer first = meters.find(TIME_TO_FIRST_CHUNK).timer();
        assertThat(first).as(TIME_TO_FIRST_CHUNK).isNotNull();
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.getId().getTag("outcome")).isEqualTo(outcome);
    }

    @Test
    void aStreamThatFailsMidWayEndsItsSpanWithTheReasonAsErrorType() {
        server.enqueue(Responses.sse(Chunks.role(), content("Hel"), Chunks.event(
                "{\"error\":{\"message\":\"The model crashed\",\"type\":\"server_error\"}}")));

        Exchange result = call("");

        assertThat(result.getException()).isInstanceOf(EmbyStreamException.class);
        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).contains("The model crashed");
        assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo(Reason.SERVER_ERROR.name());
        assertThat(span.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isPositive();
        assertThat(span.getAttributes().get(AttributeKey.longKey("emby.delta_count"))).isEqualTo(1L);
        // no usage arrived before the failure: none is made up
        assertThat(span.getAttributes().get(GEN_AI_USAGE_OUTPUT_TOKENS)).isNull();
        assertMetricsOfOneCall(Reason.SERVER_ERROR.name());
        assertThat(meters.find(TOKEN_USAGE).summaries()).isEmpty();
    }

    @Test
    void anErrorAnswerHasItsHttpStatusAsErrorType() {
        server.enqueue(Responses.json(401, "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"auth\"}}"));

        call("");

        SpanData span = onlySpan();
        assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("401");
        assertThat(span.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isNull();
        assertThat(meters.find(OPERATION_DURATION).timer().getId().getTag("outcome")).isEqualTo("401");
        assertThat(meters.find(TIME_TO_FIRST_CHUNK).timer()).as("no chunk, no time to it").isNull();
    }

    @Test
    void eachRetriedAttemptIsAnEventOfTheOneSpan() {
        server.enqueue(Responses.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}",
                "Retry-After", "0"));
        server.enqueue(Responses.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}",
                "retry-after-ms", "50"));
        server.enqueue(Responses.sse(Chunks.answer("Hi")));

        Exchange result = call("");

        assertThat(result.getException()).isNull();
        SpanData span = onlySpan();
        List<EventData> retries = span.getEvents().stream().filter(e -> e.getName().equals("emby.retry")).toList();
        assertThat(retries).hasSize(2);
        assertThat(retries.get(0).getAttributes().get(AttributeKey.longKey("emby.attempt"))).isEqualTo(1L);
        assertThat(retries.get(0).getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("503");
        assertThat(retries.get(1).getAttributes().get(AttributeKey.longKey("emby.attempt"))).isEqualTo(2L);
        assertThat(retries.get(1).getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("429");
        assertThat(retries.get(1).getAttributes().get(AttributeKey.doubleKey("emby.retry.wait")))
                .isGreaterThanOrEqualTo(0.05);
        assertThat(span.getAttributes().get(AttributeKey.longKey("emby.attempts"))).isEqualTo(3L);
        assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
        assertMetricsOfOneCall("success");
    }

    @Test
    void aCancelledCallEndsItsSpanCancelled() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        raw.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            chunk(out, Chunks.role());
            chunk(out, Chunks.content("Hel"));
            written.countDown();
            awaitClientClose(socket, AWAIT_MS);
        });
        AsyncProducer producer = context.getEndpoint(uri(raw.baseUrl(), "")).createAsyncProducer();
        producer.start();
        Exchange exchange = producer.getEndpoint().createExchange();
        exchange.getIn().setBody("hi");
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        producer.process(exchange, doneSync -> done.complete(exchange));
        assertThat(written.await(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        Thread.sleep(200);

        producer.stop();
        done.get(AWAIT_MS, TimeUnit.MILLISECONDS);

        SpanData span = onlySpan();
        assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo(Reason.CANCELLED.name());
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertMetricsOfOneCall(Reason.CANCELLED.name());
    }

    @Test
    void contentIsCapturedOnlyWhenTheOptionIsOn() {
        server.enqueue(Responses.sse(Chunks.answer("Hel", "lo")));

        call("telemetryCaptureContent=true");

        var a = onlySpan().getAttributes();
        assertThat(a.get(GEN_AI_INPUT_MESSAGES)).contains("Say hi").contains("\"role\":\"user\"");
        assertThat(a.get(GEN_AI_OUTPUT_MESSAGES)).contains("Hello").contains("\"finish_reason\":\"stop\"");
    }

    @Test
    void theSpanIsAChildOfTheCallersCurrentSpan() {
        server.enqueue(Responses.sse(Chunks.answer("Hi")));
        Span parent = openTelemetry.getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = parent.makeCurrent()) {
            call("");
        } finally {
            parent.end();
        }

        SpanData chat = spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("chat")).findFirst()
                .orElseThrow();
        assertThat(chat.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
        assertThat(chat.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    }

    @Test
    void aToolLoopRecordsEachRequestAndEachToolCallUnderTheCallersSpan() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:lookupOrder").setBody(constant("{\"status\":\"shipped\"}"));
            }
        });
        server.enqueue(Responses.sse(Chunks.role(), ToolChunks.wholeCallAtIndexZero("call_1",
                "lookup_order", "{\"order_id\":\"A-17\"}"), ToolChunks.wholeCallAtIndexZero(
                "call_2", "cancel_order", "{}"), Chunks.finish("tool_calls"), Chunks.DONE));
        server.enqueue(Responses.sse(Chunks.answer("Shipped.")));
        Span parent = openTelemetry.getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = parent.makeCurrent()) {
            Exchange result = call("tools=classpath:tools/orders.json&toolEndpoint.lookup_order=direct:lookupOrder");
            assertThat(result.getException()).isNull();
        } finally {
            parent.end();
        }

        List<SpanData> finished = spans.getFinishedSpanItems();
        List<SpanData> chats = finished.stream().filter(s -> s.getName().equals("chat test-model")).toList();
        List<SpanData> tools = finished.stream().filter(s -> s.getName().startsWith("execute_tool")).toList();
        assertThat(chats).as("one span per request of the loop").hasSize(2);
        assertThat(tools).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("execute_tool lookup_order", "execute_tool cancel_order");
        for (SpanData span : Stream.concat(chats.stream(), tools.stream()).toList()) {
            assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
            assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
        }
        SpanData lookup = tools.stream().filter(s -> s.getName().endsWith("lookup_order")).findFirst().orElseThrow();
        assertThat(lookup.getAttributes().get(GEN_AI_OPERATION_NAME)).isEqualTo("execute_tool");
        assertThat(lookup.getAttributes().get(GEN_AI_TOOL_NAME)).isEqualTo("lookup_order");
        assertThat(lookup.getAttributes().get(GEN_AI_TOOL_CALL_ID)).isEqualTo("call_1");
        assertThat(lookup.getAttributes().get(GEN_AI_TOOL_TYPE)).isEqualTo("function");
        assertThat(lookup.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
        SpanData unknown = tools.stream().filter(s -> s.getName().endsWith("cancel_order")).findFirst().orElseThrow();
        assertThat(unknown.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("unknown_tool");
        assertThat(unknown.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void theProviderNameIsAnOption() {
        server.enqueue(Responses.sse(Chunks.answer("Hi")));

        call("telemetryProvider=groq");

        assertThat(onlySpan().getAttributes().get(GEN_AI_PROVIDER_NAME)).isEqualTo("groq");
    }

    @Test
    void telemetryFalseRecordsNothing() {
        server.enqueue(Responses.sse(Chunks.answer("Hi")));

        Exchange result = call("telemetry=false");

        assertThat(result.getException()).isNull();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(meters.getMeters()).isEmpty();
    }

    private static double nanosToSeconds(long nanos) {
        return nanos / 1_000_000_000d;
    }
}
