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
import java.util.concurrent.TimeUnit;

import ai.emby.camel.call.CallFailure;
import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.call.CallOwner;
import ai.emby.camel.call.ChatCall;
import ai.emby.camel.telemetry.CallTrace;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original exchange as the owner of its call: takes each attempt's stream id, then writes the outcome — body and
 * output headers, or the typed exception — and calls the callback, exactly once.
 */
final class ExchangeCall implements ExchangeOwner {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeCall.class);

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final EmbyEndpoint endpoint;
    /** Set before the call starts, on the sending thread. */
    private CallTrace trace = CallTrace.NONE;
    /** The conversation turn this exchange is, or null; set before the call starts. */
    private ConversationTurn turn;

    ExchangeCall(Exchange exchange, AsyncCallback callback, EmbyEndpoint endpoint) {
        this.exchange = exchange;
        this.callback = callback;
        this.endpoint = endpoint;
    }

    /** Makes this exchange a turn of a conversation, saved when the call succeeded; set before it starts. */
    void turn(ConversationTurn turn) {
        this.turn = turn;
    }

    /** Records this call; set before it starts. */
    void trace(CallTrace trace) {
        this.trace = trace;
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    @Override
    public void attemptStarted(String streamId) {
        // each HTTP attempt has its own id, so a consumer can tell replayed deltas apart
        exchange.getMessage().setHeader(EmbyConstants.STREAM_ID, streamId);
    }

    @Override
    public void retrying(int attempt, CallFailure failure, long delayMillis) {
        traceRetry(trace, attempt, failure, delayMillis);
    }

    @Override
    public void complete(CallOutcome outcome) {
        traceEnd(trace, outcome);
        complete(outcome, Map.of(), true);
    }

    /**
     * Completes the exchange: the answer (or the exception), then the given headers over the answer's (a tool loop's
     * summed usage, its rounds and messages, also on failure).
     *
     * @param counted whether the endpoint's statistics count this end (a tool loop that fails between two calls has
     *                counted its last call already)
     */
    void complete(CallOutcome outcome, Map<String, Object> headers, boolean counted) {
        try {
            Message message = exchange.getMessage();
            if (outcome.isSuccess()) {
                message.setBody(outcome.answer().getContent());
                message.getHeaders().putAll(OutputHeaders.of(outcome));
            } else {
                exchange.setException(Failures.toException(outcome.failure(), outcome.emittedCount(),
                        outcome.droppedCount()));
            }
            message.getHeaders().putAll(headers);
            if (turn != null) {
                RuntimeException notSaved = turn.end(outcome, (List<?>) headers.get(EmbyConstants.MESSAGES));
                if (notSaved != null) {
                    exchange.setException(notSaved);
                }
            }
            if (counted) {
                endpoint.statistics().finished(outcome.isSuccess(), outcome.deltaCount());
            }
            logFinished(outcome);
        } catch (RuntimeException e) {
            // nothing here may keep the exchange from completing
            if (exchange.getException() == null) {
                exchange.setException(e);
            }
        } finally {
            callback.done(false);
        }
    }

    /** A call of a tool loop that the loop goes on after: counted in the endpoint's statistics as completed. */
    void countIntermediate(CallOutcome outcome) {
        endpoint.statistics().finished(true, outcome.deltaCount());
    }

    /** The exchange of a call of this component (its owner is an ExchangeCall or a tool loop's). */
    static Exchange exchangeOf(ChatCall call) {
        return ((ExchangeOwner) call.owner()).exchange();
    }

    /** Records a retry of a call; a failure of telemetry is logged, never thrown into the call. */
    static void traceRetry(CallTrace trace, int attempt, CallFailure failure, long delayMillis) {
        try {
            trace.retrying(attempt, Failures.errorType(failure), delayMillis);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Telemetry failed to record a retry; the call goes on", e);
        }
    }

    /** Records the end of a call; telemetry must never keep the exchange from completing. */
    static void traceEnd(CallTrace trace, CallOutcome outcome) {
        try {
            trace.end(outcome, outcome.isSuccess() ? null : Failures.errorType(outcome.failure()));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Telemetry failed to record the end of a call; the exchange completes anyway", e);
        }
    }

    private void logFinished(CallOutcome outcome) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String model = outcome.isSuccess() && outcome.answer().getResponseModel() != null
                ? outcome.answer().getResponseModel()
                : exchange.getIn().getHeader(EmbyConstants.MODEL, endpoint.getConfiguration().getModel(), String.class);
        LOG.info("Stream finished: model={} attempts={} deltas={} emitted={} tokens={} firstDeltaMs={} durationMs={}"
                 + " outcome={}",
                model, outcome.attempts(), outcome.deltaCount(), outcome.emittedCount(),
                outcome.isSuccess() ? outcome.answer().getTotalTokens() : null,
                outcome.firstDeltaNanos() < 0 ? "-" : TimeUnit.NANOSECONDS.toMillis(outcome.firstDeltaNanos()),
                TimeUnit.NANOSECONDS.toMillis(outcome.durationNanos()),
                outcome.isSuccess() ? "success" : Failures.outcomeName(outcome.failure()));
    }
}
