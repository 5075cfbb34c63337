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
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.chat.CallSettings;
import ai.emby.camel.chat.ChatCall;
import ai.emby.camel.chat.ChatRequestBuilder;
import ai.emby.camel.chat.DeltaEmitter;
import ai.emby.camel.chat.DeltaGrouper;
import ai.emby.camel.chat.Json;
import ai.emby.camel.chat.RetryPolicy;
import ai.emby.camel.chat.StreamOutcome;
import ai.emby.camel.http.SecretHeader;
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
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each exchange as a chat completion request and completes it asynchronously when the answer has streamed in.
 * Orchestration only: request building, stream reading and delta emission live in {@code ai.emby.camel.chat}.
 */
public class EmbyChatProducer extends DefaultAsyncProducer implements CallSettings.CallListener, RouteIdAware {

    private static final Logger LOG = LoggerFactory.getLogger(EmbyChatProducer.class);

    private final EmbyEndpoint endpoint;
    private final Set<ChatCall> activeCalls = ConcurrentHashMap.newKeySet();
    private ChatRequestBuilder requestBuilder;
    private CallSettings settings;
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
        requestBuilder = new ChatRequestBuilder(getEndpoint().getCamelContext(), configuration, Json.MAPPER);
        requestBuilder.init();
        DeltaEmitter.Target target = null;
        if (configuration.getDeltaUri() != null) {
            // fails route start when the URI resolves to no endpoint
            Endpoint deltaEndpoint = CamelContextHelper.getMandatoryEndpoint(getEndpoint().getCamelContext(),
                    configuration.getDeltaUri());
            deltaProducer = deltaEndpoint.createAsyncProducer();
            ServiceHelper.startService(deltaProducer);
            target = new DeltaEmitter.Target(deltaEndpoint, deltaProducer, "json".equals(configuration.getDeltaFormat()),
                    configuration.isEmitEnd(), configuration.getBufferTimeout(), configuration.getBufferSize(),
                    configuration.getBufferMaxChars(), DeltaGrouper.Boundary.fromOption(configuration.getBufferBoundary()));
        }
        settings = new CallSettings(endpoint.httpClient(), endpoint.resolveBaseUrl() + "/chat/completions",
                endpoint.workerPool(), endpoint.timer(), new RetryPolicy(configuration.getMaxRetries()),
                configuration.getFirstDeltaTimeout(), configuration.getIdleTimeout(), configuration.getRequestTimeout(),
                configuration.getMaxRetryDelay(), configuration.getMaxEventSize(), configuration.isEmitReasoning(), target,
                configuration.getDeltaExcludeHeaders(), endpoint.streamOptionsRejected(), this);
        endpoint.getComponent().register(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().unregister(this);
        cancelAll("the producer was stopped (route or CamelContext shutdown)");
        ServiceHelper.stopService(deltaProducer);
        super.doStop();
    }

    /** Cancels every stream in flight with reason CANCELLED; returns the calls, to wait for their completion. */
    List<ChatCall> cancelAll(String why) {
        List<ChatCall> cancelled = new ArrayList<>(activeCalls);
        for (ChatCall call : cancelled) {
            call.cancel(Reason.CANCELLED, why);
        }
        return cancelled;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (routeId == null && !routeLookedUp) {
            learnRoute(exchange);
        }
        ChatCall call;
        try {
            String apiKey = endpoint.resolveApiKey();
            if (apiKey == null) {
                throw new IllegalArgumentException(
                        "No API key for " + endpoint.getEndpointBaseUri() + ": set the apiKey option (on the endpoint, or"
                                                   + " camel.component.emby.api-key), the EMBY_API_KEY environment"
                                                   + " variable or the emby.api.key system property");
            }
            EmbyConfiguration configuration = endpoint.getConfiguration();
            Map<String, Object> body = requestBuilder.build(exchange, configuration.isStream(),
                    !endpoint.streamOptionsRejected().get());
            call = new ChatCall(settings, exchange, callback, body, requestHeaders(apiKey, configuration));
        } catch (Exception e) {
            // nothing was sent: fail on the caller's thread
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        call.start();
        return false;
    }

    private static List<Header> requestHeaders(String apiKey, EmbyConfiguration configuration) {
        List<Header> headers = new ArrayList<>(4);
        headers.add(new SecretHeader("Authorization", "Bearer " + apiKey));
        headers.add(new BasicHeader("Accept", configuration.isStream() ? "text/event-stream" : "application/json"));
        // decoded by HttpClient 5.6+ itself, else by the component (GzipDecoder)
        headers.add(new BasicHeader("Accept-Encoding", "gzip"));
        Map<String, Object> additional = configuration.getAdditionalHeader();
        if (additional != null) {
            for (Map.Entry<String, Object> header : additional.entrySet()) {
                if (header.getValue() != null) {
                    // gateway keys travel here too: masked like the endpoint's toString() masks them
                    headers.add(new SecretHeader(header.getKey(), header.getValue().toString()));
                }
            }
        }
        return headers;
    }

    @Override
    public void started(ChatCall call) {
        activeCalls.add(call);
        endpoint.statistics().started();
    }

    @Override
    public void finished(ChatCall call, StreamOutcome outcome, Exception failure, int emittedCount) {
        activeCalls.remove(call);
        Map<String, Object> headers = outcome.isSuccess() ? outcome.headers() : Map.of();
        Object deltas = failure instanceof EmbyStreamException
                ? ((EmbyStreamException) failure).getDeltaCount() : headers.get(EmbyConstants.DELTA_COUNT);
        endpoint.statistics().finished(failure == null, deltas instanceof Integer ? (Integer) deltas : 0);
        if (LOG.isInfoEnabled()) {
            long ttfd = call.timeToFirstDeltaNanos();
            LOG.info("Stream finished: model={} attempts={} deltas={} emitted={} tokens={} firstDeltaMs={} durationMs={}"
                     + " outcome={}",
                    headers.getOrDefault(EmbyConstants.RESPONSE_MODEL, call.exchange().getIn().getHeader(EmbyConstants.MODEL,
                            endpoint.getConfiguration().getModel(), String.class)),
                    call.attempts(), deltas, emittedCount, headers.get(EmbyConstants.TOTAL_TOKENS),
                    ttfd < 0 ? "-" : TimeUnit.NANOSECONDS.toMillis(ttfd),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos()),
                    failure == null ? "success" : outcomeName(failure));
        }
    }

    private static String outcomeName(Exception failure) {
        return failure instanceof EmbyStreamException
                ? ((EmbyStreamException) failure).getReason().name()
                : failure instanceof EmbyApiException
                        ? "API_ERROR(" + ((EmbyApiException) failure).getStatusCode() + ")"
                : failure.getClass().getSimpleName();
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
