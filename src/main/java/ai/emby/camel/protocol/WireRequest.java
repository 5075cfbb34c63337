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
package ai.emby.camel.protocol;

/**
 * The body of one call's request, ready to send, and what to send instead when the server rejects an optional part.
 */
public interface WireRequest {

    /** The request body as UTF-8 JSON. */
    byte[] body();

    /**
     * The request to send once more when this error answer rejects a part of the request that some servers do not
     * accept (chat completions: {@code stream_options}), or null when the answer is an ordinary error.
     */
    Fallback fallbackFor(int status, String errorBody);

    /**
     * A reduced request to resend once, not counted as a retry.
     *
     * @param request the request without the rejected part
     * @param warning what to log at WARN, the first time an endpoint falls back; null when it was said already
     */
    record Fallback(WireRequest request, String warning) {
    }
}
