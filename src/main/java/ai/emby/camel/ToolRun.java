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
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import ai.emby.camel.call.Timer;
import ai.emby.camel.telemetry.ToolTrace;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;

/**
 * Runs the tool calls of one round of a tool loop: each on a worker thread, at most {@code concurrency} at once, each
 * bounded by the tool timeout; reports the results in the order of the calls once all ended, or the first failure
 * when failures end the loop.
 */
final class ToolRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the loop is told. */
    interface Listener {
        /** Every call ended; one result per call, in order. */
        void toolsDone(List<ToolResult> results);

        /** With toolErrors=fail: the first failed call (the others are left to end unseen). */
        void toolFailed(ToolResult failed);
    }

    /** How a round runs its calls. */
    record Settings(ToolBindings tools, Executor workers, Timer timer, long timeoutMillis, int concurrency,
                    boolean failOnError) {
    }

    private final Settings settings;
    private final List<Map<String, Object>> calls;
    private final int round;
    private final Listener listener;
    private final ToolResult[] results;
    private final ToolTrace[] traces;
    private final BiFunction<String, String, ToolTrace> tracing;
    private final AtomicBoolean over = new AtomicBoolean();
    // guarded by this
    private int next;
    private int ended;

    /**
     * @param tracing starts the telemetry record of a call (tool name, call id)
     */
    ToolRun(Settings settings, List<Map<String, Object>> calls, int round, Listener listener,
            BiFunction<String, String, ToolTrace> tracing) {
        this.settings = settings;
        this.tracing = tracing;
        this.traces = new ToolTrace[calls.size()];
        this.calls = calls;
        this.round = round;
        this.listener = listener;
        this.results = new ToolResult[calls.size()];
    }

    void start() {
        int first;
        synchronized (this) {
            first = Math.min(settings.concurrency(), calls.size());
            next = first;
        }
        for (int i = 0; i < first; i++) {
            launch(i);
        }
    }

    /** Stops reporting: results that come later are dropped (the loop was cancelled). */
    void abandon() {
        over.set(true);
    }

    private void launch(int index) {
        Map<String, Object> call = calls.get(index);
        String id = text(call.get("id"));
        String name = text(call.get("name"));
        traces[index] = tracing.apply(name, id);
        ToolBindings.Tool tool = settings.tools().get(name);
        if (tool == null) {
            ended(index, ToolResult.failed(id, name, "unknown_tool", "unknown tool " + name + "; the tools are: "
                                                     + String.join(", ", settings.tools().names()), null));
            return;
        }
        Map<?, ?> arguments;
        try {
            arguments = arguments(text(call.get("arguments")));
        } catch (IllegalArgumentException e) {
            ended(index, ToolResult.failed(id, name, "invalid_arguments", e.getMessage(), null));
            return;
        }
        Exchange exchange = tool.endpoint().createExchange(ExchangePattern.InOut);
        exchange.getIn().setBody(arguments);
        exchange.getIn().setHeader(EmbyConstants.TOOL_NAME, name);
        exchange.getIn().setHeader(EmbyConstants.TOOL_CALL_ID, id);
        exchange.getIn().setHeader(EmbyConstants.TOOL_ROUND, round);
        AtomicBoolean settled = new AtomicBoolean();
        Timer.Scheduled timeout = settings.timeoutMillis() <= 0 ? null : settings.timer().schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                ended(index, ToolResult.failed(id, name, "timeout", "the tool endpoint " + tool.endpoint().getEndpointUri()
                        + " did not answer within toolTimeout (" + settings.timeoutMillis() + " ms)", null));
            }
        }, settings.timeoutMillis());
        settings.workers().execute(() -> {
            try {
                tool.producer().process(exchange, doneSync -> {
                    if (settled.compareAndSet(false, true)) {
                        if (timeout != null) {
                            timeout.cancel();
                        }
                        ended(index, resultOf(id, name, exchange));
                    }
                });
            } catch (RuntimeException e) {
                if (settled.compareAndSet(false, true)) {
                    if (timeout != null) {
                        timeout.cancel();
                    }
                    ended(index, ToolResult.failed(id, name, "the tool endpoint threw " + e, e));
                }
            }
        });
    }

    private static ToolResult resultOf(String id, String name, Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure != null) {
            return ToolResult.failed(id, name, "the tool endpoint " + exchange.getFromEndpoint() + " failed: "
                                               + failure.getMessage(), failure);
        }
        Object body = exchange.getMessage().getBody();
        if (body == null || body instanceof String) {
            return ToolResult.ok(id, name, body == null ? "" : (String) body);
        }
        if (body instanceof Map || body instanceof List) {
            try {
                return ToolResult.ok(id, name, JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                return ToolResult.failed(id, name, "the tool's answer could not be written as JSON: " + e.getMessage(),
                        e);
            }
        }
        String text = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
        return ToolResult.ok(id, name, text == null ? body.toString() : text);
    }

    private void ended(int index, ToolResult result) {
        traces[index].end(result.errorType());
        if (over.get()) {
            return;
        }
        if (!result.isOk() && settings.failOnError()) {
            if (over.compareAndSet(false, true)) {
                listener.toolFailed(result);
            }
            return;
        }
        int launch = -1;
        boolean all;
        synchronized (this) {
            results[index] = result;
            ended++;
            if (next < calls.size()) {
                launch = next++;
            }
            all = ended == calls.size();
        }
        if (launch >= 0) {
            launch(launch);
        }
        if (all && over.compareAndSet(false, true)) {
            listener.toolsDone(List.of(results));
        }
    }

    /** The arguments of a call as a Map: "" or absent is no arguments; anything but a JSON object is refused. */
    private static Map<?, ?> arguments(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the arguments are not valid JSON (" + e.getOriginalMessage() + "): "
                                               + Excerpt.of(json));
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the arguments must be a JSON object, got: " + Excerpt.of(json));
        }
        return map;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A short, one-line excerpt of what the model sent, for the error it gets back. */
    private static final class Excerpt {
        private static final int MAX = 200;

        static String of(String text) {
            String line = text.replace('\n', ' ');
            return line.length() <= MAX ? line : line.substring(0, MAX) + "…";
        }
    }
}
