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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import ai.emby.camel.http.EmbyHttpClient;
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

    @Metadata(description = "The default configuration, copied by every endpoint before its own options are applied")
    private EmbyConfiguration configuration = new EmbyConfiguration();

    // One HTTP client (and so one connection pool and its I/O threads) per distinct TLS/proxy/connect setting, shared by
    // the endpoints with that setting and closed when the last of them stops: a toD with a varying connectTimeout
    // would otherwise keep a client per value for good. Guarded by this.
    private final Map<HttpClientKey, SharedClient> httpClients = new HashMap<>();
    private ExecutorService defaultWorkerPool;
    private ScheduledExecutorService timer;
    private final CancelOnShutdown cancelOnShutdown = new CancelOnShutdown();

    public EmbyComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EmbyOperation operation = EmbyOperation.fromValue(remaining);
        EmbyConfiguration endpointConfiguration = configuration.copy();
        // endpoint entries of the prefixed maps are merged over the component's, key by key
        Map<String, Object> bodyProperties = PropertiesHelper.extractProperties(parameters, ADDITIONAL_BODY_PROPERTY_PREFIX);
        Map<String, Object> headers = PropertiesHelper.extractProperties(parameters, ADDITIONAL_HEADER_PREFIX);
        OptionChecks.checkTimeTexts(parameters);
        EmbyEndpoint endpoint = new EmbyEndpoint(uri, this, operation, endpointConfiguration);
        setProperties(endpoint, parameters);
        endpoint.mergeAdditionalBodyProperties(bodyProperties);
        endpoint.mergeAdditionalHeaders(headers);
        endpoint.validateConfiguration();
        return endpoint;
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
    synchronized ExecutorService defaultWorkerPool() {
        if (defaultWorkerPool == null) {
            // a bounded number of threads with an unbounded queue: a full queue must never reject (the default
            // CallerRuns policy would run routing on an HTTP I/O thread) and tasks are short hand-offs. Camel makes a
            // SynchronousQueue (no queue at all) for a maxQueueSize of 0 or less, so "unbounded" is Integer.MAX_VALUE
            int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
            ThreadPoolProfile profile = new ThreadPoolProfile("EmbyWorker");
            profile.setPoolSize(threads);
            profile.setMaxPoolSize(threads);
            profile.setMaxQueueSize(Integer.MAX_VALUE);
            defaultWorkerPool = getCamelContext().getExecutorServiceManager().newThreadPool(this, "EmbyWorker", profile);
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
            getCamelContext().getExecutorServiceManager().shutdown(defaultWorkerPool);
            defaultWorkerPool = null;
        }
        if (timer != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        super.doStop();
    }

    public EmbyConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(EmbyConfiguration configuration) {
        this.configuration = configuration;
    }
}
