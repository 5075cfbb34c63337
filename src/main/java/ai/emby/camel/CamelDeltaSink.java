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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.call.Delta;
import ai.emby.camel.call.DeltaSink;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;

/**
 * Makes each delta of one exchange's stream a delta exchange and sends it to the deltaUri (SPEC "Emit mode"): like
 * the Splitter's parts, a correlated InOnly copy with the original's headers (less deltaExcludeHeaders) and
 * properties, never part of the original's transaction.
 */
final class CamelDeltaSink implements DeltaSink {

    /** The delta endpoint and its options, fixed for a producer. */
    record Target(Endpoint endpoint, AsyncProcessor producer, boolean jsonFormat, String excludeHeaders) {
    }

    private final Target target;
    private final Map<String, Object> baseHeaders;
    private final Map<String, Object> baseProperties;
    private final String correlationId;
    private final DeliveryCallback callback = new DeliveryCallback();
    /** A tool loop's test of whether a call's outcome starts another round: then no end is emitted for it. */
    private final Predicate<CallOutcome> continuesLoop;

    CamelDeltaSink(Target target, Exchange original) {
        this(target, original, null, null);
    }

    /**
     * The sink of one request of a tool loop: its exchanges carry the round, and only the last round emits the end.
     *
     * @param toolRound     the round, or null outside a tool loop
     * @param continuesLoop whether an outcome leads to another round, or null outside a tool loop
     */
    CamelDeltaSink(Target target, Exchange original, Integer toolRound, Predicate<CallOutcome> continuesLoop) {
        this.target = target;
        this.continuesLoop = continuesLoop;
        this.baseHeaders = deltaBaseHeaders(original, target.excludeHeaders());
        if (toolRound != null) {
            baseHeaders.put(EmbyConstants.TOOL_ROUND, toolRound);
        }
        // a snapshot: the original may change while the stream runs, its deltas carry the properties of the call
        this.baseProperties = new HashMap<>(original.getProperties());
        this.correlationId = original.getExchangeId();
    }

    @Override
    public void send(Delta delta, Delivered done) {
        Exchange exchange = newExchange(delta.streamId());
        Message message = exchange.getIn();
        message.setHeader(EmbyConstants.DELTA_INDEX, delta.index());
        message.setHeader(EmbyConstants.CHOICE_INDEX, delta.choiceIndex());
        message.setHeader(EmbyConstants.DELTA_TYPE, delta.type().value());
        message.setBody(target.jsonFormat() ? DeltaJson.delta(delta) : delta.text());
        process(exchange, done, true);
    }

    @Override
    public void sendEnd(CallOutcome outcome, String streamId, int index, Delivered done) {
        if (continuesLoop != null && continuesLoop.test(outcome)) {
            // the answer is tool calls that the loop runs: the end comes with the last round's answer
            done.delivered(null);
            return;
        }
        Exchange exchange = newExchange(streamId);
        Message message = exchange.getIn();
        String type = outcome.isSuccess() ? "end" : "error";
        if (outcome.isSuccess()) {
            message.getHeaders().putAll(OutputHeaders.of(outcome));
        } else {
            message.setHeader(EmbyConstants.ERROR_REASON, Failures.reasonName(outcome.failure()));
        }
        message.setHeader(EmbyConstants.DELTA_INDEX, index);
        message.setHeader(EmbyConstants.CHOICE_INDEX, 0);
        message.setHeader(EmbyConstants.DELTA_TYPE, type);
        message.setBody(target.jsonFormat() ? DeltaJson.end(outcome, streamId, index) : "");
        process(exchange, done, false);
    }

    private void process(Exchange exchange, Delivered done, boolean isDelta) {
        // one delivery is in flight at a time (DeltaSink's contract), so one callback object serves them all
        callback.exchange = exchange;
        callback.done = done;
        callback.isDelta = isDelta;
        try {
            target.producer().process(exchange, callback);
        } catch (RuntimeException e) {
            // AsyncProcessor should not throw, but a broken producer must not leave the original hanging
            exchange.setException(e);
            callback.done(false);
        }
    }

    /**
     * Tells the pump that the delivery in flight ended. Its fields are read before the pump is told: telling it may
     * start the next delivery, which sets them anew.
     */
    private static final class DeliveryCallback implements AsyncCallback {
        private Exchange exchange;
        private Delivered done;
        private boolean isDelta;

        @Override
        public void done(boolean doneSync) {
            Exchange ended = exchange;
            Delivered delivered = done;
            boolean delta = isDelta;
            exchange = null;
            done = null;
            if (delivered != null) {
                delivered.delivered(delta ? failureOf(ended) : null);
            }
        }
    }

    /** Why the delta exchange failed, or null; a failure its route's own error handler handled does not count. */
    private static Exception failureOf(Exchange delta) {
        if (!delta.isFailed() && !delta.isRollbackOnly()) {
            return null;
        }
        Exception cause = delta.getException();
        return cause != null ? cause
                : new IllegalStateException("The delta exchange " + delta.getExchangeId() + " was marked rollback only");
    }

    private Exchange newExchange(String streamId) {
        // a correlated copy, like the Splitter's parts, but a fresh exchange: never part of the original's
        // transaction, and InOnly so a jms: or kafka: delta endpoint never waits for a reply
        Exchange exchange = target.endpoint().createExchange(ExchangePattern.InOnly);
        if (!baseProperties.isEmpty()) {
            exchange.getProperties().putAll(baseProperties);
        }
        exchange.setProperty(ExchangePropertyKey.CORRELATION_ID, correlationId);
        Message message = exchange.getIn();
        if (!baseHeaders.isEmpty()) {
            message.getHeaders().putAll(baseHeaders);
        }
        message.setHeader(EmbyConstants.STREAM_ID, streamId);
        return exchange;
    }

    private static Map<String, Object> deltaBaseHeaders(Exchange exchange, String exclude) {
        Message copy = exchange.getIn().copy();
        if (exclude != null && !exclude.isBlank()) {
            for (String pattern : exclude.split(",")) {
                String trimmed = pattern.trim();
                if (!trimmed.isEmpty()) {
                    copy.removeHeaders(trimmed);
                }
            }
        }
        return new LinkedHashMap<>(copy.getHeaders());
    }
}
