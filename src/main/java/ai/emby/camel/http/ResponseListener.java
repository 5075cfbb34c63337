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

import java.nio.ByteBuffer;

import org.apache.hc.core5.http.HttpResponse;

/**
 * Receives one HTTP response as it arrives. All calls for one response come from one I/O thread at a time.
 */
public interface ResponseListener {

    /** The response head arrived; hasBody is false when the response has no entity. */
    void onResponse(HttpResponse response, String contentType, String contentEncoding, boolean hasBody);

    /** Body bytes from one network read; the listener must consume all of them before returning. */
    void onData(ByteBuffer src);

    /** The body ended cleanly. */
    void onEnd();

    /** The exchange failed: no response (connect), or the connection broke while reading. */
    void onFailure(Exception cause);

    /**
     * The client paused reading because the input window is used up; call {@link FlowControl#resume()} when more data
     * can be taken. Listeners that never fall behind resume at once.
     */
    void onWindowExhausted(FlowControl flowControl);

    /** Lets a listener start reading the socket again after a pause. */
    interface FlowControl {
        void resume();
    }
}
