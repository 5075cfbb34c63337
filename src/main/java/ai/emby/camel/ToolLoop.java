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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.emby.camel.call.CallFailure;
import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.call.CallPlan;
import ai.emby.camel.call.ChatCall;
import ai.emby.camel.call.FailureKind;
import ai.emby.camel.http.PostRequest.RequestHeader;
import ai.emby.camel.protocol.Answer;
import ai.emby.camel.telemetry.CallTrace;
import org.apache.camel.Exchange;

/**
 * One exchange's tool loop: a sequence of calls, each streamed (and emitted) like any other, with the bound tool
 * endpoints run between them. A call whose answer has tool calls starts a {@link ToolRun}; its results and the
 * assistant message are appended to the messages, and the next call goes out, until an answer without tool calls (the
 * final one), a failure, a cancel, or {@code maxToolRounds}. The exchange is completed once, with the final answer,
 * the usage summed over the calls and the loop's rounds and messages in headers.
 */
final class ToolLoop implements ToolRun.Listener, InFlight {

    /** What a loop needs from its producer, fixed for the producer's life. */
    record Wiring(CallPlan plan, ProtocolBinding binding, CamelDeltaSink.Target deltaTarget, CallTelemetry telemetry,
                  ToolRun.Settings tools, int maxToolRounds, Set<ToolLoop> active) {
    }

    private final Wiring wiring;
    private final Exchange exchange;
    private final ExchangeCall owner;
    private final List<RequestHeader> headers;
    private final Map<String, Object> firstBody;
    private final Object traceParent;
    private final long startNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CountDownLatch completed = new CountDownLatch(1);
    private final LoopRecord record = new LoopRecord();

    // guarded by this
    private final List<Object> messages;
    private int round;
    private ChatCall call;
    private ToolRun tools;
    private String lastStreamId;
    private int attempts;

    ToolLoop(Wiring wiring, Exchange exchange, ExchangeCall owner, List<RequestHeader> headers,
             Map<String, Object> body) {
        this.wiring = wiring;
        this.exchange = exchange;
        this.owner = owner;
        this.headers = headers;
        this.firstBody = body;
        this.messages = new ArrayList<>(body.get("messages") instanceof List<?> sent ? sent : List.of());
        // captured on the sending thread: the later calls start on workers, under the same parent
        this.traceParent = wiring.telemetry().captureParent();
        this.startNanos = wiring.plan().runtime().clock().nanoTime();
    }

    @Override
    public Exchange exchange() {
        return exchange;
    }

    /** Sends the first request. */
    void start() {
        wiring.active().add(this);
        try {
            startRound(firstBody);
        } catch (RuntimeException e) {
            // the first request could not be built: nothing was sent, the caller fails the exchange
            finished.set(true);
            wiring.active().remove(this);
            throw e;
        }
    }

    private synchronized void startRound(Map<String, Object> body) {
        if (finished.get()) {
            return;
        }
        CallTrace trace = wiring.telemetry().begin(body, traceParent);
        int thisRound = round;
        CamelDeltaSink sink = wiring.deltaTarget() == null ? null
                : new CamelDeltaSink(wiring.deltaTarget(), exchange, thisRound, ToolLoop::continues);
        call = new ChatCall(wiring.plan(), wiring.binding().request(body), headers, sink, new RoundOwner(trace));
        call.start();
    }

    /** An answer with tool calls continues the loop (or fails it on the round limit); any other ends it. */
    private static boolean continues(CallOutcome outcome) {
        return outcome.isSuccess() && hasToolCalls(outcome.answer());
    }

    private static boolean hasToolCalls(Answer answer) {
        return answer.getToolCalls() != null && !answer.getToolCalls().isEmpty();
    }

    /** Cancels the loop: its call in flight, or (between calls) the loop itself, at once. */
    void cancel(FailureKind kind, String why) {
        ChatCall inFlight;
        synchronized (this) {
            if (finished.get()) {
                return;
            }
            inFlight = call;
            if (inFlight == null && tools != null) {
                tools.abandon();
            }
        }
        if (inFlight != null) {
            // its end comes back through roundEnded, which ends the loop with it
            inFlight.cancel(kind, why + " (during request " + round + " of the tool loop)");
        } else {
            // like a call's end, the exchange completes on a worker, never on the thread that cancels
            String message = why + " while the tool loop ran its tools (round " + round + ")";
            wiring.plan().runtime().workers().execute(() -> fail(kind, message, null));
        }
    }

    @Override
    public boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException {
        return completed.await(timeout, unit);
    }

    private void roundEnded(CallOutcome outcome) {
        Runnable next;
        synchronized (this) {
            call = null;
            lastStreamId = outcome.streamId();
            attempts += outcome.attempts();
            record.round(round, outcome);
            Answer answer = outcome.answer();
            if (!continues(outcome)) {
                if (outcome.isSuccess()) {
                    messages.add(answer.getAssistantMessage());
                }
                next = () -> finish(outcome, false);
            } else {
                owner.countIntermediate(outcome);
                messages.add(answer.getAssistantMessage());
                if (round >= wiring.maxToolRounds()) {
                    String why = "the model still called tools (" + names(answer.getToolCalls())
                                 + ") after maxToolRounds=" + wiring.maxToolRounds() + " rounds";
                    next = () -> fail(FailureKind.MAX_TOOL_ROUNDS, why, null);
                } else {
                    ToolRun run = new ToolRun(wiring.tools(), answer.getToolCalls(), round, this,
                            (name, callId) -> wiring.telemetry().beginTool(name, callId, traceParent));
                    tools = run;
                    next = run::start;
                }
            }
        }
        // outside the lock: finishing runs the rest of the route, and a tool may run on this thread
        next.run();
    }

    @Override
    public void toolsDone(List<ToolResult> results) {
        Map<String, Object> next;
        synchronized (this) {
            tools = null;
            for (ToolResult result : results) {
                messages.add(result.toMessage());
            }
            record.toolResults(results);
            round++;
            next = new LinkedHashMap<>(firstBody);
            next.put("messages", new ArrayList<>(messages));
        }
        try {
            startRound(next);
        } catch (RuntimeException e) {
            fail(FailureKind.CONNECT, "could not send request " + round + " of the tool loop: " + e, e);
        }
    }

    @Override
    public void toolFailed(ToolResult failed) {
        fail(FailureKind.TOOL_FAILED, "tool " + failed.name() + " (call " + failed.callId() + ") failed: "
                                      + failed.error(), failed.cause());
    }

    private void fail(FailureKind kind, String message, Throwable cause) {
        CallFailure failure = new CallFailure(kind, message, null, null, cause, "", 0, null, null, null);
        long now = wiring.plan().runtime().clock().nanoTime();
        String streamId;
        int attemptCount;
        synchronized (this) {
            streamId = lastStreamId;
            attemptCount = attempts;
        }
        finish(new CallOutcome(null, failure, streamId, null, null, 0, 0, attemptCount, -1, now - startNanos), true);
    }

    /**
     * @param betweenCalls the loop failed between two calls, whose last the endpoint's statistics already counted
     */
    private void finish(CallOutcome outcome, boolean betweenCalls) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        wiring.active().remove(this);
        Map<String, Object> loopHeaders;
        synchronized (this) {
            loopHeaders = record.headers(outcome, messages);
        }
        try {
            owner.complete(outcome, loopHeaders, !betweenCalls);
        } finally {
            completed.countDown();
        }
    }

    private static String names(List<Map<String, Object>> calls) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> c : calls) {
            names.add(String.valueOf(c.get("name")));
        }
        return String.join(", ", names);
    }

    /** The owner of one call of the loop: its attempts and its end go to the loop. */
    private final class RoundOwner implements ExchangeOwner {

        private final CallTrace trace;

        RoundOwner(CallTrace trace) {
            this.trace = trace;
        }

        @Override
        public Exchange exchange() {
            return exchange;
        }

        @Override
        public void attemptStarted(String streamId) {
            owner.attemptStarted(streamId);
        }

        @Override
        public void retrying(int attempt, CallFailure failure, long delayMillis) {
            ExchangeCall.traceRetry(trace, attempt, failure, delayMillis);
        }

        @Override
        public void complete(CallOutcome outcome) {
            ExchangeCall.traceEnd(trace, outcome);
            roundEnded(outcome);
        }
    }
}
