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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import ai.emby.camel.http.ResponseListener.BodyMode;
import ai.emby.camel.sse.EventStreamParser;
import ai.emby.camel.sse.EventTooLargeException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Adapts HttpClient's async response callbacks to a {@link ResponseListener}: decodes gzip (no faster than the listener
 * takes it, see {@link InflatingBody}), drives the event-stream parser for an event-stream body (or passes the bytes
 * on), and leaves flow control to the listener.
 */
final class StreamingResponseConsumer implements AsyncResponseConsumer<Void>, EventStreamParser.Handler {

    /** How much the input window grows when the listener resumes reading (HttpClient's default initial window). */
    static final int WINDOW_INCREMENT = 65535;

    private final ResponseListener listener;
    private final int maxEventSize;
    private FutureCallback<Void> resultCallback;
    // set for a gzip body: HttpClient's own decoding is off (see EmbyHttpClient), on every version
    private InflatingBody gzip;
    // set for an event-stream body; null after an oversized event, when the rest of the body is not looked at
    private EventStreamParser parser;
    // the read being handed on, and the one task that hands it (no allocation per read)
    private ByteBuffer current;
    private final Runnable readCurrent = this::readCurrent;
    private boolean lastEventUnterminated;
    // the body is in a coding nobody here can decode: its bytes are dropped
    private boolean undecodable;
    private final Runnable endEvents = this::endEvents;

    StreamingResponseConsumer(ResponseListener listener, int maxEventSize) {
        this.listener = listener;
        this.maxEventSize = maxEventSize;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
                                FutureCallback<Void> resultCallback) {
        this.resultCallback = resultCallback;
        String contentType = entityDetails != null ? entityDetails.getContentType() : null;
        if (contentType == null && response.getFirstHeader("Content-Type") != null) {
            contentType = response.getFirstHeader("Content-Type").getValue();
        }
        String contentEncoding = entityDetails != null ? entityDetails.getContentEncoding() : null;
        ContentCoding coding = ContentCoding.of(contentEncoding);
        if (coding == ContentCoding.GZIP) {
            gzip = new InflatingBody(listener, new Inflated(), WINDOW_INCREMENT);
        }
        BodyMode mode = listener.onHead(head(response, contentType));
        if (coding == ContentCoding.UNSUPPORTED) {
            undecodable = true;
            listener.onUndecodableBody("the server answered with Content-Encoding: " + contentEncoding.trim() + ", which"
                                       + " the component cannot decode (its requests send Accept-Encoding: gzip): let"
                                       + " the server, or the proxy in between, answer in gzip or identity"
                                       + " (uncompressed)");
        } else if (mode == BodyMode.EVENTS) {
            parser = new EventStreamParser(this, maxEventSize);
        }
        if (entityDetails == null) {
            listener.onEnd(false);
            resultCallback.completed(null);
        }
    }

    private static ResponseHead head(HttpResponse response, String contentType) {
        Header[] all = response.getHeaders();
        List<ResponseHead.Header> headers = new ArrayList<>(all.length);
        for (Header header : all) {
            headers.add(new ResponseHead.Header(header.getName(), header.getValue()));
        }
        return new ResponseHead(response.getCode(), response.getReasonPhrase(), contentType, headers);
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx responses carry nothing the stream needs
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) {
        if (gzip != null) {
            // the window of a gzip body counts decoded bytes: the inflating body asks the listener
            gzip.wireExhausted(capacityChannel);
            return;
        }
        listener.onWindowExhausted(() -> {
            try {
                capacityChannel.update(WINDOW_INCREMENT);
            } catch (IOException e) {
                // the connection is gone: the client reports it through failed(), which ends the stream
                listener.onFailure(e);
            }
        });
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        if (undecodable) {
            src.position(src.limit());
        } else if (gzip != null) {
            gzip.consume(src);
        } else {
            handOn(src);
        }
    }

    // once per network read (per inflated piece of it, when gzipped): the listener takes its lock once around it
    private void handOn(ByteBuffer src) {
        current = src;
        try {
            listener.onRead(readCurrent);
        } finally {
            current = null;
        }
    }

    private void readCurrent() {
        decoded(current);
    }

    private void decoded(ByteBuffer src) {
        if (parser == null) {
            if (src.hasRemaining()) {
                listener.onBytes(src);
            }
            src.position(src.limit());
            return;
        }
        try {
            parser.feed(src);
        } catch (EventTooLargeException e) {
            src.position(src.limit());
            parser = null;
            listener.onOversizedEvent(e.getMessage());
        }
    }

    @Override
    public void onEvent(String eventType, byte[] data, int offset, int length) {
        listener.onEvent(eventType, data, offset, length);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        if (gzip != null) {
            // after what the inflating body still keeps
            gzip.end();
        } else {
            endOfBody();
        }
    }

    private void endOfBody() {
        lastEventUnterminated = false;
        if (parser != null) {
            listener.onRead(endEvents);
        }
        listener.onEnd(lastEventUnterminated);
        if (resultCallback != null) {
            resultCallback.completed(null);
        }
    }

    private void endEvents() {
        try {
            // an event whose lines all ended but whose blank line is missing is dispatched, as openai-node does
            lastEventUnterminated = parser.endAndDispatch();
        } catch (EventTooLargeException e) {
            listener.onOversizedEvent(e.getMessage());
        }
    }

    @Override
    public void failed(Exception cause) {
        if (gzip != null) {
            gzip.fail(cause);
        } else {
            listener.onFailure(cause);
        }
    }

    @Override
    public void releaseResources() {
        // the inflating body frees its inflater itself, once it handed on the end: it may still be inflating now
    }

    /** The decoded side of a gzip body, on whichever thread the inflating body runs. */
    private final class Inflated implements InflatingBody.Sink {

        @Override
        public void decoded(ByteBuffer piece) {
            handOn(piece);
        }

        @Override
        public void ended() {
            endOfBody();
        }

        @Override
        public void failed(Exception cause) {
            listener.onFailure(cause);
        }
    }
}
