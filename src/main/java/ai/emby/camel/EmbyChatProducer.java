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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ai.emby.camel.call.CallListener;
import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.call.CallPlan;
import ai.emby.camel.call.ChatCall;
import ai.emby.camel.call.FailureKind;
import ai.emby.camel.http.PostRequest.RequestHeader;
import ai.emby.camel.protocol.WireRequest;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.RouteIdAware;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;

/**
 * The {@code emby:chat} producer: lifecycle and wiring. Each exchange becomes a {@link ChatCall}, which streams the
 * answer and completes the exchange asynchronously; the work happens below this class.
 */
public class EmbyChatProducer extends DefaultAsyncProducer implements CallListener, RouteIdAware {

    private final EmbyEndpoint endpoint;
    private final Set<ChatCall> activeCalls = ConcurrentHashMap.newKeySet();
    private final Set<ToolLoop> activeLoops = ConcurrentHashMap.newKeySet();
    private ExchangeRequestBuilder requestBuilder;
    private ProtocolBinding binding;
    private CallPlan plan;
    private CallTelemetry telemetry;
    /** The bound tools; when there are any, each exchange runs a tool loop. */
    private ToolBindings tools;
    private ToolLoop.Wiring loopWiring;
    private Conversations conversations;
    private CamelDeltaSink.Target deltaTarget;
    private AsyncProducer deltaProducer;
    /** The route that sends to this producer (set by Camel), or null for a ProducerTemplate's. */
    private volatile String routeId;
    private volatile boolean routeLookedUp;

    public EmbyChatProducer(EmbyEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        EmbyConfiguration configuration = endpoint.getConfiguration();
        requestBuilder = new ExchangeRequestBuilder(getEndpoint().getCamelContext(), configuration);
        requestBuilder.init();
        if (configuration.getDeltaUri() != null) {
            // fails route start when the URI resolves to no endpoint
            Endpoint deltaEndpoint = CamelContextHelper.getMandatoryEndpoint(getEndpoint().getCamelContext(),
                    configuration.getDeltaUri());
            deltaProducer = deltaEndpoint.createAsyncProducer();
            ServiceHelper.startService(deltaProducer);
            deltaTarget = new CamelDeltaSink.Target(deltaEndpoint, deltaProducer,
                    "json".equals(configuration.getDeltaFormat()), configuration.getDeltaExcludeHeaders());
        }
        binding = ProtocolBinding.of(endpoint, requestBuilder);
        plan = CallPlans.of(endpoint, binding.protocol(), binding.path(), this);
        telemetry = CallTelemetry.of(endpoint);
        if (configuration.getConversationStore() != null) {
            // a store of the user's: create its schema, check its connection — a store that is down fails the start
            try {
                configuration.getConversationStore().start();
            } catch (Exception e) {
                throw new IllegalStateException("The conversationStore " + configuration.getConversationStore()
                                                + " failed to start: " + e.getMessage(), e);
            }
        }
        conversations = endpoint.getComponent().conversations(configuration);
        tools = ToolBindings.of(getEndpoint().getCamelContext(), endpoint.getEmbyOperation(),
                requestBuilder.factory().optionFields().get("tools"), configuration.getToolEndpoint());
        if (!tools.isEmpty()) {
            CallPlan.Runtime runtime = plan.runtime();
            loopWiring = new ToolLoop.Wiring(plan, binding, deltaTarget, telemetry,
                    new ToolRun.Settings(tools, runtime.workers(), runtime.timer(), configuration.getToolTimeout(),
                            configuration.getToolConcurrency(), "fail".equals(configuration.getToolErrors())),
                    configuration.getMaxToolRounds(), activeLoops);
        }
        endpoint.getComponent().register(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().unregister(this);
        cancelAll("the producer was stopped (route or CamelContext shutdown)");
        ServiceHelper.stopService(deltaProducer);
        if (tools != null) {
            tools.stop();
        }
        super.doStop();
    }

    /** Cancels every stream and tool loop in flight with reason CANCELLED; returns them, to wait for their end. */
    List<InFlight> cancelAll(String why) {
        List<InFlight> cancelled = new ArrayList<>();
        for (ToolLoop loop : new ArrayList<>(activeLoops)) {
            loop.cancel(FailureKind.CANCELLED, why);
            cancelled.add(loop);
        }
        for (ChatCall call : new ArrayList<>(activeCalls)) {
            call.cancel(FailureKind.CANCELLED, why);
            if (!(call.owner() instanceof ExchangeCall)) {
                continue; // a call of a tool loop: the loop is waited for
            }
            cancelled.add(InFlight.of(call));
        }
        return cancelled;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (routeId == null && !routeLookedUp) {
            learnRoute(exchange);
        }
        // before the delta sink copies the headers: neither the deltas nor the end of this call may show the last one's
        OutputHeaders.removeFrom(exchange.getMessage());
        if (loopWiring != null) {
            return startToolLoop(exchange, callback);
        }
        ChatCall call;
        ExchangeCall owner;
        Map<String, Object> body;
        ConversationTurn turn = null;
        try {
            List<RequestHeader> headers = RequestHeaders.of(endpoint);
            body = binding.body(exchange);
            turn = conversations.begin(exchange, endpoint.getEmbyOperation(), body);
            WireRequest request = binding.request(body);
            CamelDeltaSink sink = deltaTarget == null ? null : new CamelDeltaSink(deltaTarget, exchange);
            owner = new ExchangeCall(exchange, callback, endpoint);
            owner.turn(turn);
            call = new ChatCall(plan, request, headers, sink, owner);
        } catch (Exception e) {
            return failBeforeSending(exchange, callback, turn, e);
        }
        // on this thread, so that the span of Camel's tracing (or the caller's) is the call's parent
        owner.trace(telemetry.begin(body));
        call.start();
        return false;
    }

    private boolean startToolLoop(Exchange exchange, AsyncCallback callback) {
        ConversationTurn turn = null;
        try {
            Map<String, Object> body = binding.body(exchange);
            turn = conversations.begin(exchange, endpoint.getEmbyOperation(), body);
            ExchangeCall owner = new ExchangeCall(exchange, callback, endpoint);
            owner.turn(turn);
            ToolLoop loop = new ToolLoop(loopWiring, exchange, owner, RequestHeaders.of(endpoint), body);
            loop.start();
        } catch (Exception e) {
            return failBeforeSending(exchange, callback, turn, e);
        }
        return false;
    }

    /** Nothing was sent: the exchange fails on the caller's thread, and a conversation turn it began is let go. */
    private static boolean failBeforeSending(Exchange exchange, AsyncCallback callback, ConversationTurn turn,
                                             Exception e) {
        if (turn != null) {
            turn.abandon();
        }
        exchange.setException(e);
        callback.done(true);
        return true;
    }

    @Override
    public void started(ChatCall call) {
        activeCalls.add(call);
        endpoint.statistics().started();
    }

    @Override
    public void finished(ChatCall call, CallOutcome outcome) {
        activeCalls.remove(call);
    }

    /** Masks every additionalHeader value, as the endpoint's toString() does (DefaultProducer's does not). */
    @Override
    public String toString() {
        return "Producer[" + EmbyEndpoint.maskAdditionalHeaders(URISupport.sanitizeUri(endpoint.getEndpointUri())) + "]";
    }

    /**
     * Camel tells a producer its route only when it creates it for a route step: a producer behind a
     * LazyStartProducer, or in a toD's cache, learns it from the first exchange, so stopping that route cancels its
     * streams as well.
     */
    private void learnRoute(Exchange exchange) {
        routeLookedUp = true;
        Route route = exchange.getUnitOfWork() == null ? null : exchange.getUnitOfWork().getRoute();
        if (route != null) {
            routeId = route.getId();
            endpoint.getComponent().register(this);
        }
    }

    @Override
    public String getRouteId() {
        return routeId;
    }

    @Override
    public void setRouteId(String routeId) {
        this.routeId = routeId;
    }

    @Override
    public EmbyEndpoint getEndpoint() {
        return endpoint;
    }

    /** Calls in flight (for tests and statistics). */
    int activeCallCount() {
        return activeCalls.size();
    }
}
