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

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staticResources class-path folder of one consumer, served at {@code GET /} and {@code GET /file}: each file is
 * read once and kept (as is the fact that it is missing).
 */
final class StaticFiles {

    // the consumer's logger: these files are part of its HTTP API
    private static final Logger LOG = LoggerFactory.getLogger(EmbyWebConsumer.class);

    private final EmbyWebEndpoint endpoint;
    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    StaticFiles(EmbyWebEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Answers a GET for a file of the folder ({@code /} is index.html); false when it names none. */
    boolean serve(HttpServerRequest request, String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!name.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)?")) {
            return false;
        }
        Optional<byte[]> content = files.computeIfAbsent(name, this::load);
        if (content.isEmpty()) {
            return false;
        }
        request.response().putHeader("Content-Type", contentType(name))
                .putHeader("Cache-Control", "no-cache")
                .end(Buffer.buffer(content.get()));
        return true;
    }

    private Optional<byte[]> load(String name) {
        String resource = endpoint.getStaticResources().replaceFirst("^classpath:", "").replaceAll("^/|/$", "") + "/" + name;
        try (InputStream in = endpoint.getCamelContext().getClassResolver().loadResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            LOG.debug("Cannot read the static resource {}", resource, e);
            return Optional.empty();
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".png")) {
            return "image/png";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}
