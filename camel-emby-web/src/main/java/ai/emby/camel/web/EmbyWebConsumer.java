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

import ai.emby.camel.EmbyEndpoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The bridge's HTTP API for one {@code emby-web:name} consumer, on a Vert.x event loop:
 * <ul>
 * <li>{@code POST /name/prompts} {@code {"prompt": "...", "tab": "..."}}: checks the prompt (not empty, at most
 * maxPromptChars, no other answer running in that tab) and answers {@code 201 {"id", "events", "cancel"}} or an
 * error {@code {"error", "message"}} with status 400, 409 or 413;</li>
 * <li>{@code GET /name/streams/ID}: the answer as Server-Sent Events (an {@code EventSource}); the first connect calls
 * the model, a reconnect with {@code Last-Event-ID} resumes after that event;</li>
 * <li>{@code POST /name/streams/ID/cancel}: the Stop button, cancels at once;</li>
 * <li>{@code GET /} and {@code GET /file} from the staticResources class-path folder, when set.</li>
 * </ul>
 * Each prompt's exchange goes to the {@code chatUri} endpoint through its stream's own producer, and then, with the
 * answer (or the failure), into this consumer's route.
 */
final class EmbyWebConsumer extends DefaultConsumer {

    private final EmbyWebEndpoint endpoint;
    private final Map<String, BrowserStream> streams = new ConcurrentHashMap<>();
    private final Map<String, BrowserStream> runningByTab = new ConcurrentHashMap<>();
    private final StaticFiles staticFiles;
    private Endpoint chat;
    private AsyncProducer prepare;
    private WebServer server;
    private String prefix;

    EmbyWebConsumer(EmbyWebEndpoint endpoint, org.apache.camel.Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.staticFiles = new StaticFiles(endpoint);
    }

    @Override
    public EmbyWebEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        chat = resolveChat();
        if (endpoint.getPrepareUri() != null) {
            prepare = getEndpoint().getCamelContext().getEndpoint(endpoint.getPrepareUri()).createAsyncProducer();
            ServiceHelper.startService(prepare);
        }
        prefix = endpoint.resolvedPath();
        server = endpoint.getComponent().server(endpoint.getHost(), endpoint.getPort());
        server.add(this);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.remove(this);
            endpoint.getComponent().serverUnused(server);
            server = null;
        }
        for (BrowserStream stream : streams.values()) {
            stream.cancel("the emby-web consumer stopped");
        }
        ServiceHelper.stopService(prepare);
        prepare = null;
        super.doStop();
    }

    /** The port the consumer listens on (the bound one when port=0). */
    public int getLocalPort() {
        return server == null ? endpoint.getPort() : server.actualPort();
    }

    /**
     * The chatUri endpoint, with deltaUri=emby-web:name added when it names none. Starting and stopping one producer
     * here fails the route at start for what the call would fail on later (an unresolvable deltaUri, a missing tools
     * resource), as a route's own emby step does.
     */
    private Endpoint resolveChat() throws Exception {
        CamelContext context = getEndpoint().getCamelContext();
        String uri = endpoint.getChatUri();
        if (!uri.contains("deltaUri=")) {
            uri = uri + (uri.contains("?") ? "&" : "?") + "deltaUri=emby-web:" + endpoint.getName();
        }
        Endpoint resolved = context.getEndpoint(uri);
        if (!(resolved instanceof EmbyEndpoint emby)) {
            throw new IllegalArgumentException("emby-web chatUri must be an emby: endpoint (emby:chat or emby:responses),"
                                               + " not " + resolved);
        }
        Endpoint delta = context.getEndpoint(emby.getConfiguration().getDeltaUri());
        if (!(delta instanceof EmbyWebEndpoint web) || !web.getName().equals(endpoint.getName())) {
            throw new IllegalArgumentException("emby-web:" + endpoint.getName() + " chatUri has deltaUri="
                                               + emby.getConfiguration().getDeltaUri() + ": its deltas must come to"
                                               + " emby-web:" + endpoint.getName() + " (or leave deltaUri out)");
        }
        AsyncProducer probe = resolved.createAsyncProducer();
        ServiceHelper.startService(probe);
        ServiceHelper.stopAndShutdownService(probe);
        return resolved;
    }

    /** Takes the request if it is this consumer's; runs on the connection's event loop. */
    boolean handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals(prefix + "/prompts")) {
            if (request.method() != HttpMethod.POST) {
                reply(request.response(), 405, SseFrames.problem("method", "POST a JSON body {\"prompt\": \"...\"}"));
            } else {
                PromptRequest.read(request, endpoint.getMaxPromptChars(), this::acceptPrompt);
            }
            return true;
        }
        if (path.startsWith(prefix + "/streams/")) {
            String rest = path.substring(prefix.length() + "/streams/".length());
            if (rest.endsWith("/cancel")) {
                cancelRequest(request, rest.substring(0, rest.length() - "/cancel".length()));
            } else {
                openEvents(request, rest);
            }
            return true;
        }
        if (endpoint.getStaticResources() != null && request.method() == HttpMethod.GET) {
            return staticFiles.serve(request, path);
        }
        return false;
    }

    /** A prompt that passed the checks of {@link PromptRequest}: its stream starts waiting for the browser. */
    private void acceptPrompt(HttpServerResponse response, String prompt, String tab) {
        Exchange exchange = createExchange(false);
        String id = exchange.getExchangeId();
        BrowserStream stream = new BrowserStream(id, tab.isEmpty() ? id : tab, exchange, this);
        if (!tab.isEmpty() && runningByTab.putIfAbsent(tab, stream) != null) {
            releaseExchange(exchange, false);
            reply(response, 409, SseFrames.problem("busy", "An answer is still streaming in this tab: wait for it to"
                                                           + " finish, or press Stop, before you send another prompt."));
            return;
        }
        exchange.getIn().setBody(prompt);
        exchange.getIn().setHeader(EmbyWebConstants.STREAM_ID, id);
        exchange.getIn().setHeader(EmbyWebConstants.TAB_ID, stream.tab);
        streams.put(id, stream);
        stream.awaitBrowser();
        String streamPath = prefix + "/streams/" + id;
        reply(response, 201, SseFrames.json(Map.of("id", id, "events", streamPath, "cancel", streamPath + "/cancel")));
    }

    private void openEvents(HttpServerRequest request, String id) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET) {
            reply(response, 405, SseFrames.problem("method", "GET the event stream"));
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-transform")
                // reverse proxies (nginx) would otherwise buffer the stream and the page would see it all at the end
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize(endpoint.getWriteQueueMaxSize());
        BrowserStream stream = streams.get(id);
        if (stream == null) {
            response.write(SseFrames.event(-1, "error", SseFrames.notResumable("This answer is no longer on the server"
                                                                               + " (it ended more than " + endpoint.getResumeTtl() + " ms ago, or the server"
                                                                               + " restarted): it cannot resume.", "")));
            response.end();
            return;
        }
        stream.attach(response, lastEventId(request));
    }

    private static int lastEventId(HttpServerRequest request) {
        String value = request.getHeader("Last-Event-ID");
        if (value == null) {
            // a page that opens a new EventSource after a reload can pass it in the URL
            value = request.getParam("lastEventId");
        }
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void cancelRequest(HttpServerRequest request, String id) {
        if (request.method() != HttpMethod.POST) {
            reply(request.response(), 405, SseFrames.problem("method", "POST to cancel"));
            return;
        }
        BrowserStream stream = streams.get(id);
        if (stream == null) {
            reply(request.response(), 404, SseFrames.problem("unknown_stream", "No such answer: " + id));
            return;
        }
        stream.cancel("the page pressed Stop");
        reply(request.response(), 202, SseFrames.json(Map.of("id", id, "cancelled", true)));
    }

    /** Called from a Vert.x event loop: the model call runs on a worker (its producer's start may read resources). */
    void startCall(BrowserStream stream) {
        // unordered: ordered blocking tasks of one context run one after the other, so one slow start would hold up
        // every stream of that event loop
        endpoint.getComponent().getVertx().executeBlocking(() -> {
            StreamCall.start(stream, chat, prepare);
            return null;
        }, false);
    }

    /**
     * The answer ended and its end or error event went to the browser: the exchange goes into the route, with the
     * outcome in a header and a failure moved to CamelExceptionCaught (so the route runs instead of its error handler
     * seeing an exception it did not raise). Runs on the thread that completed the call (a camel-emby worker), or
     * on a Vert.x worker, never on an event loop.
     */
    void streamFinished(BrowserStream stream, String outcome) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            // a stream cancelled before its call started ends on the event loop: the route may block, never there
            endpoint.getComponent().getVertx().executeBlocking(() -> {
                streamFinished(stream, outcome);
                return null;
            }, false);
            return;
        }
        runningByTab.remove(stream.tab, stream);
        endpoint.getComponent().getVertx().setTimer(Math.max(1, endpoint.getResumeTtl()), t -> streams.remove(stream.id, stream));
        Exchange exchange = stream.exchange();
        exchange.getIn().setHeader(EmbyWebConstants.OUTCOME, outcome);
        Exception failure = exchange.getException();
        if (failure != null) {
            exchange.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, failure);
            exchange.setException(null);
        }
        try {
            getAsyncProcessor().process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("The emby-web route failed for stream " + stream.id,
                            exchange, exchange.getException());
                }
                releaseExchange(exchange, false);
            });
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("The emby-web route failed for stream " + stream.id, exchange, e);
        }
    }

    private static void reply(HttpServerResponse response, int status, String json) {
        SseFrames.reply(response, status, json);
    }
}
