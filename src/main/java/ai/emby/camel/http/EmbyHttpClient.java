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
package ai.emby.camel.http;

import java.util.concurrent.Future;

import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * One Apache HttpClient 5 async client and its connection pool, shared by the endpoints with the same transport
 * settings. A waiting stream holds no thread: the client's few I/O threads serve every connection.
 */
public final class EmbyHttpClient implements Transport, AutoCloseable {

    // high enough never to queue a stream behind another: each open stream needs its own HTTP/1.1 connection
    private static final int MAX_CONNECTIONS = 100_000;

    private final TransportConfig key;
    private PoolingAsyncClientConnectionManager connectionManager;
    private CloseableHttpAsyncClient client;
    private volatile boolean closed;

    public EmbyHttpClient(TransportConfig config) {
        this.key = config;
    }

    /** Builds and starts the client and its pool. */
    public void start() {
        PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(key.connectTimeoutMillis()))
                        // the stream's own timers (first delta, idle, deadline) decide when a silent socket is dead
                        .setSocketTimeout(Timeout.DISABLED)
                        .build())
                // every provider streams over HTTP/1.1; HTTP/2 would multiplex all streams through one connection's
                // flow-control window, so one slow consumer could stall the others
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .setSupportedProtocols(TLS.V_1_3, TLS.V_1_2)
                        .build());
        if (key.sslContext() != null) {
            pool.setTlsStrategy(new DefaultClientTlsStrategy(key.sslContext()));
        }
        connectionManager = pool.build();

        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(connectionManager)
                .setIOReactorConfig(IOReactorConfig.custom().setSoTimeout(Timeout.DISABLED).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.DISABLED)
                        // the consumer decodes gzip itself, on every HttpClient version, so that back-pressure counts
                        // decoded bytes and a coding it cannot decode is reported as such (HttpClient 5.6 would
                        // inflate gzip and deflate before the consumer sees the body, and fail any other coding as an
                        // I/O error)
                        .setContentCompressionEnabled(false)
                        .build())
                // the component retries itself, and only before a stream started
                .disableAutomaticRetries()
                // a redirect could carry the Authorization header to another host
                .disableRedirectHandling()
                .disableCookieManagement()
                // lets a cancel close the connection even when HttpClient's own future misses it
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), AbortableRequest.INTERCEPTOR_NAME,
                        AbortableRequest.INTERCEPTOR)
                // replaces HttpClient's default decorator, which logs every byte on org.apache.hc.client5.http.wire at
                // DEBUG, the Authorization header included (the header log stays: it prints secrets masked), makes
                // a paused response really stop reading the socket, and keeps an end of stream from discarding the
                // chunks decoded in the same read
                .setIoSessionDecorator(ReadPausingSession::new)
                .setUserAgent("camel-emby");
        if (key.proxyHost() != null) {
            HttpHost proxy = new HttpHost(key.proxyHost(), key.proxyPort());
            builder.setProxy(proxy);
            if (key.proxyUsername() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                String password = key.proxyPassword() == null ? "" : key.proxyPassword();
                credentials.setCredentials(new AuthScope(proxy),
                        new UsernamePasswordCredentials(key.proxyUsername(), password.toCharArray()));
                builder.setDefaultCredentialsProvider(credentials);
                // Basic only, as documented: its answer is a secret header that HttpClient's header log masks
                builder.setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create()
                        .register(StandardAuthScheme.BASIC, context -> new SecretProxyBasicScheme(proxy))
                        .build());
            }
        }
        client = builder.build();
        client.start();
    }

    /** Whether {@link #close()} was called (the client cannot be used again). */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the client and its pool; a no-op when not started or already closed. */
    @Override
    public void close() {
        closed = true;
        if (client != null) {
            // graceful: in-flight streams were already cancelled by their producers, and an immediate close races the
            // reactor threads that are still closing channels (HttpClient then logs a ClosedSelectorException)
            client.close(CloseMode.GRACEFUL);
            client = null;
        }
    }

    /**
     * Sends a POST with a JSON body and hands the response to the listener as it arrives.
     *
     * @return the running exchange; cancel it to abort the request and close its connection (always: see
     *         {@link AbortableRequest})
     */
    @Override
    public Future<Void> post(PostRequest post, ResponseListener listener) {
        AsyncRequestBuilder request = AsyncRequestBuilder.post(post.uri())
                .setEntity(AsyncEntityProducers.create(post.body(), ContentType.APPLICATION_JSON));
        for (PostRequest.RequestHeader header : post.headers()) {
            // gateway keys travel as secret headers too: HttpClient's header log prints them masked
            request.addHeader(header.secret()
                    ? new SecretHeader(header.name(), header.value())
                    : new BasicHeader(header.name(), header.value()));
        }
        AsyncRequestProducer producer = request.build();
        FutureCallback<Void> callback = new FutureCallback<>() {
            @Override
            public void completed(Void result) {
                // the listener saw onEnd already
            }

            @Override
            public void failed(Exception ex) {
                listener.onFailure(ex);
            }

            @Override
            public void cancelled() {
                // only the component cancels, and it has already ended the stream
            }
        };
        HttpClientContext context = HttpClientContext.create();
        AbortableRequest abortable = AbortableRequest.register(context);
        return abortable.started(client.execute(producer, new StreamingResponseConsumer(listener, post.maxEventSize()), null, context, callback));
    }

    /** Connections leased (in use) and kept available in the pool: what a leak test looks at. */
    public PoolStats poolStats() {
        return connectionManager.getTotalStats();
    }
}
