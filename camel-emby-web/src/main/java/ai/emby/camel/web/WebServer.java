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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Vert.x HTTP server on a host and port, shared by the consumers that listen there: each request goes to the first
 * consumer that takes it, else gets a 404.
 */
final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final long LISTEN_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final List<EmbyWebConsumer> consumers = new CopyOnWriteArrayList<>();
    private HttpServer server;

    WebServer(Vertx vertx, String host, int port) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
    }

    String key() {
        return host + ":" + port;
    }

    /** Adds the consumer and starts listening if this is the first one; blocks until the port is bound. */
    synchronized void add(EmbyWebConsumer consumer) throws Exception {
        consumers.add(consumer);
        if (server == null) {
            HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                    // a long prompt travels in the POST body; the initial line holds only a path and an id
                    .setCompressionSupported(false));
            created.requestHandler(this::handle);
            try {
                server = created.listen().toCompletionStage().toCompletableFuture()
                        .get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                consumers.remove(consumer);
                throw new IllegalStateException("emby-web cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
            }
            LOG.info("emby-web listening on http://{}:{}", host, server.actualPort());
        }
    }

    synchronized void remove(EmbyWebConsumer consumer) {
        consumers.remove(consumer);
    }

    synchronized boolean isUnused() {
        return consumers.isEmpty();
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    synchronized int actualPort() {
        return server == null ? port : server.actualPort();
    }

    synchronized void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Closing the emby-web server on {}:{} failed", host, port, e);
            }
            server = null;
        }
    }

    private void handle(HttpServerRequest request) {
        for (EmbyWebConsumer consumer : consumers) {
            if (consumer.handle(request)) {
                return;
            }
        }
        request.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Not found: " + request.path());
    }
}
