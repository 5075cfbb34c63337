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
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.AsyncProcessorAwaitManager;
import org.apache.camel.spi.ShutdownPrepared;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels the component's in-flight streams (reason {@code CANCELLED}) as soon as the CamelContext, or the route that
 * sends to them, starts to stop, for the producers whose endpoint has {@code cancelOnShutdown} on.
 * <p>
 * Why not in the producer's stop: Camel stops a route's producers only after its graceful shutdown waited for the
 * in-flight exchanges, up to its timeout (45 s by default), and when the CamelContext stops it releases every thread
 * blocked in {@code ProducerTemplate.request} with a {@code RejectedExecutionException} before that. A stalled model
 * would hold the shutdown for the whole timeout, and the caller would never learn what was received.
 * <ul>
 * <li>CamelContext stop: {@link #onContextStopping} runs before Camel's graceful shutdown; it cancels every stream and
 * waits until their exchanges have completed, so every caller (blocked or asynchronous, through a route or a
 * ProducerTemplate) gets its {@link EmbyStreamException} with the partial content, and error handlers, still running,
 * route it.</li>
 * <li>Route stop: each route that sends to this component gets a {@link RouteStop} service. Camel's shutdown strategy
 * calls its {@link ShutdownPrepared#prepareShutdown} before it waits for the route's in-flight exchanges; it cancels
 * the streams of the producers in that route (a producer learns its route id as a {@code RouteIdAware}, or from its
 * first exchange when it started lazily).</li>
 * </ul>
 */
final class CancelOnShutdown extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(CancelOnShutdown.class);

    private final Set<EmbyChatProducer> producers = ConcurrentHashMap.newKeySet();
    /** One service per route id, so adding it again (a restarted route gathers its services anew) is a no-op. */
    private final Map<String, RouteStop> routeStops = new ConcurrentHashMap<>();
    private CamelContext camelContext;

    void start(CamelContext camelContext) {
        this.camelContext = camelContext;
        camelContext.addLifecycleStrategy(this);
    }

    void stop() {
        camelContext.getLifecycleStrategies().remove(this);
        routeStops.clear();
    }

    void register(EmbyChatProducer producer) {
        producers.add(producer);
        // a producer started lazily (on the first message) starts after its route did
        Route route = producer.getRouteId() == null ? null : camelContext.getRoute(producer.getRouteId());
        if (route != null) {
            addRouteStop(route);
        }
    }

    void unregister(EmbyChatProducer producer) {
        producers.remove(producer);
    }

    /** Called when a route has started its services (its producers among them) and before it takes messages. */
    @Override
    public void onRoutesAdd(Collection<Route> routes) {
        for (Route route : routes) {
            for (EmbyChatProducer producer : producers) {
                if (route.getId().equals(producer.getRouteId())) {
                    addRouteStop(route);
                    break;
                }
            }
        }
    }

    private void addRouteStop(Route route) {
        // Route.addService ignores a service the route already has
        route.addService(routeStops.computeIfAbsent(route.getId(), RouteStop::new));
    }

    @Override
    public void onContextStopping(CamelContext context) {
        List<InFlight> cancelled = cancel(null, "the CamelContext is stopping");
        if (!cancelled.isEmpty()) {
            awaitCompletion(cancelled, context);
        }
    }

    /** Cancels the streams of the producers in the given route (all when null) that have cancelOnShutdown on. */
    private List<InFlight> cancel(String routeId, String why) {
        List<InFlight> cancelled = new ArrayList<>();
        for (EmbyChatProducer producer : producers) {
            if (producer.getEndpoint().getConfiguration().isCancelOnShutdown()
                    && (routeId == null || routeId.equals(producer.getRouteId()))) {
                cancelled.addAll(producer.cancelAll(why));
            }
        }
        if (!cancelled.isEmpty()) {
            LOG.info("Cancelled {} in-flight stream(s): {}", cancelled.size(), why);
        }
        return cancelled;
    }

    /**
     * Waits, at most Camel's graceful shutdown timeout, until the cancelled exchanges have completed and every thread
     * that was blocked on one has woken up: right after this, Camel stops its AsyncProcessorAwaitManager, which fails
     * the exchange of any thread it still finds waiting with a RejectedExecutionException.
     */
    private static void awaitCompletion(List<InFlight> cancelled, CamelContext context) {
        ShutdownStrategy shutdownStrategy = context.getShutdownStrategy();
        long deadline = System.nanoTime() + shutdownStrategy.getTimeUnit().toNanos(shutdownStrategy.getTimeout());
        try {
            for (InFlight call : cancelled) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !call.awaitCompletion(left, TimeUnit.NANOSECONDS)) {
                    LOG.warn("Cancelled streams still completing when the graceful shutdown timeout passed: Camel's"
                             + " shutdown goes on");
                    return;
                }
            }
            Set<Exchange> exchanges = Collections.newSetFromMap(new IdentityHashMap<>());
            for (InFlight call : cancelled) {
                exchanges.add(call.exchange());
            }
            AsyncProcessorAwaitManager awaitManager = PluginHelper.getAsyncProcessorAwaitManager(context);
            while (stillAwaited(exchanges, awaitManager) && System.nanoTime() < deadline) {
                // a woken thread leaves the await manager within microseconds
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            LOG.debug("Interrupted while waiting for cancelled streams to complete: Camel's shutdown goes on", e);
            Thread.currentThread().interrupt();
        }
    }

    private static boolean stillAwaited(Set<Exchange> exchanges, AsyncProcessorAwaitManager awaitManager) {
        if (awaitManager.size() == 0) {
            return false;
        }
        for (AsyncProcessorAwaitManager.AwaitThread thread : awaitManager.browse()) {
            if (exchanges.contains(thread.getExchange())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lives among a route's services, where Camel's shutdown strategy finds it: cancels the route's streams when the
     * route stops (not when it is only suspended). Camel itself then waits for the cancelled exchanges to complete.
     */
    private final class RouteStop extends ServiceSupport implements ShutdownPrepared {

        private final String routeId;

        RouteStop(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public void prepareShutdown(boolean suspendOnly, boolean forced) {
            if (!suspendOnly) {
                cancel(routeId, "the route " + routeId + " is stopping");
            }
        }

        @Override
        public String toString() {
            return "EmbyCancelOnRouteStop[" + routeId + "]";
        }
    }
}
