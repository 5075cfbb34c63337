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

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code emby-web:name}: as a consumer, the HTTP endpoint a page talks to (one exchange per prompt, its answer streamed
 * back as Server-Sent Events); as a producer, the {@code deltaUri} of the {@code emby:chat} call that writes each
 * delta to the browser waiting for it.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "emby-web", title = "Emby AI web bridge", syntax = "emby-web:name",
             category = { Category.AI, Category.HTTP }, headersClass = EmbyWebConstants.class)
public class EmbyWebEndpoint extends DefaultEndpoint {

    @UriPath(description = "The bridge's name: the consumer's URL prefix is /name unless path says otherwise, and the"
                           + " emby:chat call's deltaUri is emby-web:name.")
    @Metadata(required = true)
    private final String name;

    @UriParam(label = "consumer", description = "The emby:chat (or emby:responses) endpoint URI each prompt is sent to,"
                                                + " with its options: model, buffer options (bufferBoundary=word and a"
                                                + " bufferTimeout of 100-200 ms make a page update a few times a"
                                                + " second), emitReasoning. When it names no deltaUri, deltaUri=emby-web:"
                                                + "name is added; another deltaUri fails at route start. In a Java URI"
                                                + " wrap it in RAW(...) so its & stay its own.")
    @Metadata(required = true)
    private String chatUri;
    @UriParam(label = "consumer", description = "An endpoint (such as direct:prepare) each prompt's exchange passes"
                                                + " through before the model is called: its route can set the"
                                                + " CamelEmby* input headers (model, system message) or turn the"
                                                + " prompt into a message list, the conversation so far included. A"
                                                + " failure there ends the stream with an error event, and the model"
                                                + " is not called.")
    private String prepareUri;
    @UriParam(label = "consumer", defaultValue = "8080", description = "The TCP port to listen on (0 = any free port).")
    private int port = 8080;
    @UriParam(label = "consumer", defaultValue = "0.0.0.0", description = "The address to listen on.")
    private String host = "0.0.0.0";
    @UriParam(label = "consumer", description = "The URL prefix of the bridge's HTTP API (POST prefix/prompts, GET"
                                                + " prefix/streams/id, POST prefix/streams/id/cancel); default /name.")
    private String path;
    @UriParam(label = "consumer", description = "A class-path folder served at / (index.html) and /file: the page."
                                                + " Unset: no page is served.")
    private String staticResources;
    @UriParam(label = "consumer", defaultValue = "4000", description = "The longest prompt accepted, in characters;"
                                                                       + " a longer one is refused with HTTP 413 and a"
                                                                       + " message, before any model call.")
    private int maxPromptChars = 4000;
    @UriParam(label = "consumer", defaultValue = "500", description = "Milliseconds a stream whose browser disconnected"
                                                                      + " waits for it to reconnect (EventSource does,"
                                                                      + " after retry ms, sending Last-Event-ID) before"
                                                                      + " the model call is cancelled. Keep it under a"
                                                                      + " second: a closed tab costs tokens until then."
                                                                      + " 0 cancels at once.")
    private long reconnectGrace = 500;
    @UriParam(label = "consumer", defaultValue = "300", description = "The SSE retry field sent to the browser:"
                                                                      + " milliseconds EventSource waits before it"
                                                                      + " reconnects. Must be below reconnectGrace for"
                                                                      + " a dropped connection to resume.")
    private long retry = 300;
    @UriParam(label = "consumer", defaultValue = "100000", description = "Characters of events kept per stream so a"
                                                                         + " reconnect with Last-Event-ID can resume;"
                                                                         + " older events are dropped, and a browser"
                                                                         + " that asks for them is told that the"
                                                                         + " stream cannot resume.")
    private int resumeBufferChars = 100_000;
    @UriParam(label = "consumer", defaultValue = "30000", description = "Milliseconds a finished stream stays"
                                                                        + " resumable (a reconnect then gets the rest"
                                                                        + " and its end or error event).")
    private long resumeTtl = 30_000;
    @UriParam(label = "consumer", defaultValue = "10000", description = "Milliseconds a prompt waits for its browser to"
                                                                        + " open the event stream; the model is called"
                                                                        + " only once it has.")
    private long connectTimeout = 10_000;
    @UriParam(label = "consumer", defaultValue = "15000", description = "Milliseconds between SSE comment lines sent"
                                                                        + " while the model is silent, so proxies keep"
                                                                        + " the connection open (0 = none).")
    private long heartbeat = 15_000;
    @UriParam(label = "consumer", defaultValue = "65536", description = "Bytes a browser stream may have waiting in"
                                                                        + " its socket's write queue. Past it, the delta"
                                                                        + " exchange completes only when the queue has"
                                                                        + " drained: a browser that reads slowly slows"
                                                                        + " the model stream (camel-emby's"
                                                                        + " back-pressure), it never fills the memory.")
    private int writeQueueMaxSize = 65_536;

    public EmbyWebEndpoint(String uri, EmbyWebComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    void validate() {
        requireNonNegative("port", port);
        if (port > 65_535) {
            throw new IllegalArgumentException("emby-web option port must be 0-65535, not " + port);
        }
        requireNonNegative("reconnectGrace", reconnectGrace);
        requireNonNegative("retry", retry);
        requireNonNegative("resumeTtl", resumeTtl);
        requireNonNegative("heartbeat", heartbeat);
        requireNonNegative("resumeBufferChars", resumeBufferChars);
        if (maxPromptChars < 1) {
            throw new IllegalArgumentException("emby-web option maxPromptChars must be at least 1, not " + maxPromptChars);
        }
        if (connectTimeout < 1) {
            throw new IllegalArgumentException("emby-web option connectTimeout must be at least 1 ms, not " + connectTimeout);
        }
        if (writeQueueMaxSize < 1) {
            throw new IllegalArgumentException("emby-web option writeQueueMaxSize must be at least 1, not "
                                               + writeQueueMaxSize);
        }
        if (path != null && (!path.startsWith("/") || path.endsWith("/"))) {
            throw new IllegalArgumentException("emby-web option path must start with / and not end with one: " + path);
        }
    }

    private static void requireNonNegative(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("emby-web option " + option + " must not be negative: " + value);
        }
    }

    @Override
    public Producer createProducer() {
        return new EmbyWebDeltaProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (chatUri == null || chatUri.isBlank()) {
            throw new IllegalArgumentException("emby-web consumer " + getEndpointUri() + " needs the option chatUri: the"
                                               + " emby:chat endpoint to send prompts to");
        }
        EmbyWebConsumer consumer = new EmbyWebConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public EmbyWebComponent getComponent() {
        return (EmbyWebComponent) super.getComponent();
    }

    public String getName() {
        return name;
    }

    /** The URL prefix of the bridge's API. */
    public String resolvedPath() {
        return path != null ? path : "/" + name;
    }

    public String getChatUri() {
        return chatUri;
    }

    public void setChatUri(String chatUri) {
        this.chatUri = chatUri;
    }

    public String getPrepareUri() {
        return prepareUri;
    }

    public void setPrepareUri(String prepareUri) {
        this.prepareUri = prepareUri;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getStaticResources() {
        return staticResources;
    }

    public void setStaticResources(String staticResources) {
        this.staticResources = staticResources;
    }

    public int getMaxPromptChars() {
        return maxPromptChars;
    }

    public void setMaxPromptChars(int maxPromptChars) {
        this.maxPromptChars = maxPromptChars;
    }

    public long getReconnectGrace() {
        return reconnectGrace;
    }

    public void setReconnectGrace(long reconnectGrace) {
        this.reconnectGrace = reconnectGrace;
    }

    public long getRetry() {
        return retry;
    }

    public void setRetry(long retry) {
        this.retry = retry;
    }

    public int getResumeBufferChars() {
        return resumeBufferChars;
    }

    public void setResumeBufferChars(int resumeBufferChars) {
        this.resumeBufferChars = resumeBufferChars;
    }

    public long getResumeTtl() {
        return resumeTtl;
    }

    public void setResumeTtl(long resumeTtl) {
        this.resumeTtl = resumeTtl;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(long heartbeat) {
        this.heartbeat = heartbeat;
    }

    public int getWriteQueueMaxSize() {
        return writeQueueMaxSize;
    }

    public void setWriteQueueMaxSize(int writeQueueMaxSize) {
        this.writeQueueMaxSize = writeQueueMaxSize;
    }
}
