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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.emby.camel.http.EmbyHttpClient;
import ai.emby.camel.http.SecretHeader;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.URISupport;

/**
 * Streams chat completions from Emby AI or any OpenAI-compatible server, emitting deltas into the route as they arrive.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "emby", title = "Emby AI", syntax = "emby:operation",
             category = { Category.AI }, producerOnly = true, headersClass = EmbyConstants.class)
@ManagedResource(description = "Emby AI chat endpoint")
public class EmbyEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    static final String DEFAULT_BASE_URL = "https://dev.emby.ai/v1";

    @UriPath(enums = "chat,responses")
    @Metadata(required = true, description = "The operation: chat (streaming chat completions, POST /chat/completions)"
                                             + " or responses (the Responses API, POST /responses).")
    private String operation;

    @UriParam
    private EmbyConfiguration configuration;

    private final EmbyOperation embyOperation;
    private final EmbyStatistics statistics = new EmbyStatistics();
    // set once the server rejected stream_options: from then on this endpoint does not send it
    private final AtomicBoolean streamOptionsRejected = new AtomicBoolean();
    // guarded by this
    private EmbyHttpClient httpClient;
    private HttpClientKey httpClientKey;

    public EmbyEndpoint(String uri, EmbyComponent component, EmbyOperation operation, EmbyConfiguration configuration) {
        super(uri, component);
        this.embyOperation = operation;
        this.operation = operation.value();
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        return new EmbyChatProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        throw new UnsupportedOperationException(
                "The emby component has no consumer: use it in to(\"emby:chat?...\"), and deltaUri to receive deltas");
    }

    @Override
    public EmbyComponent getComponent() {
        return (EmbyComponent) super.getComponent();
    }

    void mergeAdditionalBodyProperties(Map<String, Object> entries) {
        configuration.setAdditionalBodyProperty(merge(configuration.getAdditionalBodyProperty(), entries));
    }

    void mergeAdditionalHeaders(Map<String, Object> entries) {
        configuration.setAdditionalHeader(merge(configuration.getAdditionalHeader(), entries));
    }

    void mergeToolEndpoints(Map<String, Object> entries) {
        configuration.setToolEndpoint(merge(configuration.getToolEndpoint(), entries));
    }

    private static Map<String, Object> merge(Map<String, Object> defaults, Map<String, Object> entries) {
        if (entries == null || entries.isEmpty()) {
            return defaults;
        }
        Map<String, Object> merged = defaults == null ? new LinkedHashMap<>() : new LinkedHashMap<>(defaults);
        merged.putAll(entries);
        return merged;
    }

    /** Fails endpoint creation on option values that can never work, with a message that says what to change. */
    void validateConfiguration() {
        OptionChecks.check(configuration, getEndpointBaseUri());
        resolveBaseUrl();
    }

    /** The API key: endpoint, then component (already copied in), then env EMBY_API_KEY, then sysprop emby.api.key. */
    String resolveApiKey() {
        String key = configuration.getApiKey();
        if (isBlank(key)) {
            key = System.getenv("EMBY_API_KEY");
        }
        if (isBlank(key)) {
            key = System.getProperty("emby.api.key");
        }
        return isBlank(key) ? null : key;
    }

    /**
     * The base URL: option, then env EMBY_BASE_URL, then the Emby AI default; throws IllegalArgumentException when it is
     * unusable (checked at endpoint creation).
     */
    BaseUrl resolveBaseUrl() {
        String url = configuration.getBaseUrl();
        if (isBlank(url)) {
            url = System.getenv("EMBY_BASE_URL");
        }
        if (isBlank(url)) {
            url = DEFAULT_BASE_URL;
        }
        return BaseUrl.parse(url.strip());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The HTTP client of this endpoint's transport settings, taken from the component on first use. */
    synchronized EmbyHttpClient httpClient() {
        if (httpClient != null && httpClient.isClosed()) {
            // the component closed every client when it stopped, while this endpoint lived on (a CamelContext restart
            // stops the component, not each endpoint): take a new one
            httpClient = null;
            httpClientKey = null;
        }
        if (httpClient == null) {
            HttpClientKey key = HttpClientKey.of(configuration);
            httpClient = getComponent().acquireHttpClient(key);
            httpClientKey = key;
        }
        return httpClient;
    }

    // a stopped endpoint (removed, evicted from a toD's cache, or its CamelContext stopping) gives its client back, so
    // the client's connections and I/O threads end with the last endpoint that used them
    @Override
    protected void doStop() throws Exception {
        HttpClientKey key;
        synchronized (this) {
            key = httpClientKey;
            httpClient = null;
            httpClientKey = null;
        }
        if (key != null) {
            getComponent().releaseHttpClient(key);
        }
        super.doStop();
    }

    Executor workerPool() {
        ExecutorService pool = configuration.getWorkerPool();
        return pool != null ? pool : getComponent().defaultWorkerPool();
    }

    ScheduledExecutorService timer() {
        return getComponent().timer();
    }

    @Override
    public String getServiceUrl() {
        return resolveBaseUrl().toString();
    }

    @Override
    public String getServiceProtocol() {
        return "http";
    }

    // Camel masks apiKey through its sensitive-keyword list, but not every additionalHeader.* name (gateway keys such
    // as additionalHeader.X-Portkey-Api-Key): mask all their values here
    @Override
    public String toString() {
        return "Endpoint[" + maskAdditionalHeaders(URISupport.sanitizeUri(getEndpointUri())) + "]";
    }

    static String maskAdditionalHeaders(String uri) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return uri;
        }
        StringBuilder masked = new StringBuilder(uri.substring(0, query + 1));
        String[] parameters = uri.substring(query + 1).split("&");
        for (int i = 0; i < parameters.length; i++) {
            String parameter = parameters[i];
            int equals = parameter.indexOf('=');
            if (i > 0) {
                masked.append('&');
            }
            if (parameter.startsWith(EmbyComponent.ADDITIONAL_HEADER_PREFIX) && equals > 0) {
                masked.append(parameter, 0, equals + 1).append(SecretHeader.MASK);
            } else {
                masked.append(parameter);
            }
        }
        return masked.toString();
    }

    EmbyStatistics statistics() {
        return statistics;
    }

    AtomicBoolean streamOptionsRejected() {
        return streamOptionsRejected;
    }

    @ManagedAttribute(description = "Streams in flight")
    public long getActiveStreams() {
        return statistics.active();
    }

    @ManagedAttribute(description = "Streams that completed successfully")
    public long getCompletedStreams() {
        return statistics.completed();
    }

    @ManagedAttribute(description = "Streams that ended with a failure")
    public long getFailedStreams() {
        return statistics.failed();
    }

    @ManagedAttribute(description = "Content deltas received (choice 0)")
    public long getDeltas() {
        return statistics.deltas();
    }

    public EmbyOperation getEmbyOperation() {
        return embyOperation;
    }

    public String getOperation() {
        return operation;
    }

    public void setOperation(String operation) {
        this.operation = EmbyOperation.fromValue(operation).value();
    }

    public EmbyConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(EmbyConfiguration configuration) {
        this.configuration = configuration;
    }
}
