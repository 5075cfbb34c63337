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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import ai.emby.camel.call.ExecutorTimer;
import ai.emby.camel.call.WorkerPool;
import ai.emby.camel.http.EmbyHttpClient;
import ai.emby.camel.memory.ConversationStore;
import ai.emby.camel.memory.ConversationWindow;
import ai.emby.camel.memory.InMemoryConversationStore;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.PropertiesHelper;

/**
 * The {@code emby:} component: holds the default configuration and the resources its endpoints share (HTTP
 * connection pools, the worker pool and the timer).
 */
@Component("emby")
public class EmbyComponent extends DefaultComponent {

    static final String ADDITIONAL_BODY_PROPERTY_PREFIX = "additionalBodyProperty.";
    static final String ADDITIONAL_HEADER_PREFIX = "additionalHeader.";
    static final String TOOL_ENDPOINT_PREFIX = "toolEndpoint.";
    static final int DEFAULT_WORKER_POOL_MAX_SIZE = 200;
    // how often the default pool looks for blocked threads while work is queued, and how long it stays grown
    private static final long WORKER_POOL_TICK_MILLIS = 50;
    private static final long WORKER_POOL_KEEP_ALIVE_MILLIS = 60_000;

    @Metadata(description = "The default configuration, copied by every endpoint before its own options are applied")
    private EmbyConfiguration configuration = new EmbyConfiguration();
    @Metadata(label = "advanced", defaultValue = "0",
              description = "Threads the default worker pool keeps (delta exchanges and the steps after the emby: endpoint"
                            + " run on them). 0 = max(4, 2 x the number of CPUs). The pool grows beyond it, one thread"
                            + " per 50 ms, while routes called from it block every thread and tasks wait, and"
                            + " shrinks back after 60 s. Not used by endpoints that set workerPool.")
    private int workerPoolSize;
    @Metadata(label = "advanced", defaultValue = "200",
              description = "The most threads the default worker pool grows to while routes called from it block."
                            + " Reaching it is logged once at WARN; then further work waits until a thread is free.")
    private int workerPoolMaxSize = DEFAULT_WORKER_POOL_MAX_SIZE;

    // One HTTP client (and so one connection pool and its I/O threads) per distinct TLS/proxy/connect setting, shared by
    // the endpoints with that setting and closed when the last of them stops: a toD with a varying connectTimeout
    // would otherwise keep a client per value for good. Guarded by this.
    private final Map<HttpClientKey, SharedClient> httpClients = new HashMap<>();
    private WorkerPool defaultWorkerPool;
    private ScheduledExecutorService timer;
    private final CancelOnShutdown cancelOnShutdown = new CancelOnShutdown();
    // the default conversation store, and the conversations with a turn in flight, shared by the endpoints
    private final InMemoryConversationStore defaultConversationStore = new InMemoryConversationStore();
    private final Set<String> conversationTurnsInFlight = ConcurrentHashMap.newKeySet();

    public EmbyComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EmbyOperation operation = EmbyOperation.fromValue(remaining);
        EmbyConfiguration endpointConfiguration = configuration.copy();
        // endpoint entries of the prefixed maps are merged over the component's, key by key
        Map<String, Object> bodyProperties = PropertiesHelper.extractProperties(parameters, ADDITIONAL_BODY_PROPERTY_PREFIX);
        Map<String, Object> headers = PropertiesHelper.extractProperties(parameters, ADDITIONAL_HEADER_PREFIX);
        Map<String, Object> toolEndpoints = PropertiesHelper.extractProperties(parameters, TOOL_ENDPOINT_PREFIX);
        OptionChecks.checkTimeTexts(parameters);
        EmbyEndpoint endpoint = new EmbyEndpoint(uri, this, operation, endpointConfiguration);
        setProperties(endpoint, parameters);
        endpoint.mergeAdditionalBodyProperties(bodyProperties);
        endpoint.mergeAdditionalHeaders(headers);
        endpoint.mergeToolEndpoints(toolEndpoints);
        endpoint.validateConfiguration();
        return endpoint;
    }

    /** The conversations of an endpoint: its store (the component's in-memory one by default) and window. */
    Conversations conversations(EmbyConfiguration c) {
        ConversationStore store = c.getConversationStore() != null ? c.getConversationStore()
                : defaultConversationStore;
        return new Conversations(store, new ConversationWindow(c.getConversationMaxMessages(),
                c.getConversationMaxChars()), conversationTurnsInFlight);
    }

    /** A client and the number of endpoints that use it. */
    private static final class SharedClient {
        final EmbyHttpClient client;
        int users;

        SharedClient(EmbyHttpClient client) {
            this.client = client;
        }
    }

    /** The shared HTTP client for these settings, created on first use; give it back with {@link #releaseHttpClient}. */
    synchronized EmbyHttpClient acquireHttpClient(HttpClientKey key) {
        SharedClient shared = httpClients.get(key);
        if (shared == null) {
            EmbyHttpClient client;
            try {
                client = new EmbyHttpClient(key.toTransportConfig(getCamelContext()));
            } catch (Exception e) {
                throw new IllegalArgumentException("Cannot set up TLS with the sslContextParameters option: "
                                                   + e.getMessage(), e);
            }
            client.start();
            shared = new SharedClient(client);
            httpClients.put(key, shared);
        }
        shared.users++;
        return shared.client;
    }

    /** An endpoint no longer uses the client of these settings: the last one to go closes it. */
    void releaseHttpClient(HttpClientKey key) {
        EmbyHttpClient unused = null;
        synchronized (this) {
            SharedClient shared = httpClients.get(key);
            if (shared != null && --shared.users == 0) {
                httpClients.remove(key);
                unused = shared.client;
            }
        }
        if (unused != null) {
            // outside the lock: a graceful close waits for the I/O threads to end
            unused.close();
        }
    }

    /** How many HTTP clients are open (for tests). */
    synchronized int httpClientCount() {
        return httpClients.size();
    }

    /** The pool delta exchanges and final callbacks run on when an endpoint names none. */
    synchronized WorkerPool defaultWorkerPool() {
        if (defaultWorkerPool == null) {
            int size = workerPoolSize > 0 ? workerPoolSize : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
            int maxSize = Math.max(size, workerPoolMaxSize);
            defaultWorkerPool = new WorkerPool(size, maxSize,
                    task -> getCamelContext().getExecutorServiceManager().newThread("EmbyWorker", task),
                    new ExecutorTimer(timer()), WORKER_POOL_TICK_MILLIS, WORKER_POOL_KEEP_ALIVE_MILLIS);
        }
        return defaultWorkerPool;
    }

    /** One timer thread for timeouts, retry waits and buffer timers; its tasks only hand work to a worker. */
    synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            // every open stream keeps a watchdog task here: the default profile's queue limit (1,000) would reject
            // the 1,001st concurrent stream
            ThreadPoolProfile profile = new ThreadPoolProfile("EmbyTimer");
            profile.setPoolSize(1);
            profile.setMaxQueueSize(Integer.MAX_VALUE);
            timer = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "EmbyTimer", profile);
        }
        return timer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        cancelOnShutdown.start(getCamelContext());
    }

    /** Called by each producer when it starts, so stopping the CamelContext or its route can cancel its streams first. */
    void register(EmbyChatProducer producer) {
        cancelOnShutdown.register(producer);
    }

    void unregister(EmbyChatProducer producer) {
        cancelOnShutdown.unregister(producer);
    }

    @Override
    protected void doStop() throws Exception {
        cancelOnShutdown.stop();
        List<SharedClient> open;
        synchronized (this) {
            open = new ArrayList<>(httpClients.values());
            httpClients.clear();
        }
        for (SharedClient shared : open) {
            shared.client.close();
        }
        if (defaultWorkerPool != null) {
            // streams were cancelled above: what is queued is their completions, which still run; a thread blocked
            // in a user's route is not waited for
            defaultWorkerPool.shutdown();
            defaultWorkerPool = null;
        }
        if (timer != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        super.doStop();
    }

    public int getWorkerPoolSize() {
        return workerPoolSize;
    }

    public void setWorkerPoolSize(int workerPoolSize) {
        if (workerPoolSize < 0) {
            throw new IllegalArgumentException("workerPoolSize must be 0 (automatic) or more, was " + workerPoolSize);
        }
        this.workerPoolSize = workerPoolSize;
    }

    public int getWorkerPoolMaxSize() {
        return workerPoolMaxSize;
    }

    public void setWorkerPoolMaxSize(int workerPoolMaxSize) {
        if (workerPoolMaxSize < 1) {
            throw new IllegalArgumentException("workerPoolMaxSize must be 1 or more, was " + workerPoolMaxSize);
        }
        this.workerPoolMaxSize = workerPoolMaxSize;
    }

    public EmbyConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(EmbyConfiguration configuration) {
        this.configuration = configuration;
    }
}
