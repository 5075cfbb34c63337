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
package ai.emby.camel.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code emby-web} component: serves browsers a live {@code emby:chat} answer over Server-Sent Events. It owns
 * one Vert.x instance (unless one is given), one HTTP server per host and port, and the registry of open browser
 * streams that its delta endpoints write to.
 */
@Component("emby-web")
public class EmbyWebComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(EmbyWebComponent.class);

    @Metadata(label = "advanced", description = "The Vert.x instance whose event loops serve the browsers. When not"
                                                + " set, the component creates one (its event loops, two per core,"
                                                + " are all the threads the open streams use) and closes it when it"
                                                + " stops.")
    private Vertx vertx;
    private boolean ownsVertx;

    private final Map<String, WebServer> servers = new ConcurrentHashMap<>();
    /** Open browser streams by the exchange id of their original exchange: a delta exchange names it in its CamelCorrelationId. */
    private final Map<String, BrowserStream> streamsByExchange = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank() || !remaining.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("emby-web needs a name made of letters, digits, '.', '_' or '-'"
                                               + " (emby-web:chat), not '" + remaining + "'");
        }
        EmbyWebEndpoint endpoint = new EmbyWebEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (vertx == null) {
            vertx = Vertx.vertx();
            ownsVertx = true;
        }
    }

    @Override
    protected void doStop() throws Exception {
        for (WebServer server : servers.values()) {
            server.close();
        }
        servers.clear();
        if (ownsVertx && vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            LOG.debug("Closed the emby-web Vert.x instance");
            vertx = null;
            ownsVertx = false;
        }
        super.doStop();
    }

    /** The HTTP server on the host and port, started on first use; consumers on one port share it. */
    WebServer server(String host, int port) {
        return servers.computeIfAbsent(host + ":" + port, key -> new WebServer(vertx, host, port));
    }

    void serverUnused(WebServer server) {
        if (server.isUnused()) {
            servers.remove(server.key(), server);
            server.close();
        }
    }

    void register(String exchangeId, BrowserStream stream) {
        streamsByExchange.put(exchangeId, stream);
    }

    void unregister(String exchangeId) {
        streamsByExchange.remove(exchangeId);
    }

    /** The open stream whose original exchange has this id, or null. */
    BrowserStream streamOf(String exchangeId) {
        return exchangeId == null ? null : streamsByExchange.get(exchangeId);
    }

    /** Open browser streams (for tests and statistics). */
    public int getOpenStreams() {
        return streamsByExchange.size();
    }

    public Vertx getVertx() {
        return vertx;
    }

    public void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }
}
