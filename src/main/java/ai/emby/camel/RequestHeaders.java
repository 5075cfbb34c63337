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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.emby.camel.http.PostRequest.RequestHeader;

/** The HTTP headers of an endpoint's requests: the key, what the answer may be, and the additionalHeader options. */
final class RequestHeaders {

    private RequestHeaders() {
    }

    /** Fails with a message that says where a key can come from when none is set. */
    static List<RequestHeader> of(EmbyEndpoint endpoint) {
        String apiKey = endpoint.resolveApiKey();
        if (apiKey == null) {
            throw new IllegalArgumentException(
                    "No API key for " + endpoint.getEndpointBaseUri() + ": set the apiKey option (on the endpoint, or"
                                               + " camel.component.emby.api-key), the EMBY_API_KEY environment variable"
                                               + " or the emby.api.key system property");
        }
        EmbyConfiguration configuration = endpoint.getConfiguration();
        List<RequestHeader> headers = new ArrayList<>(4);
        headers.add(new RequestHeader("Authorization", "Bearer " + apiKey, true));
        headers.add(new RequestHeader("Accept", configuration.isStream() ? "text/event-stream" : "application/json",
                false));
        // the one coding the transport decodes (GzipDecoder); any other is reported as such, never guessed at
        headers.add(new RequestHeader("Accept-Encoding", "gzip", false));
        Map<String, Object> additional = configuration.getAdditionalHeader();
        if (additional != null) {
            for (Map.Entry<String, Object> header : additional.entrySet()) {
                if (header.getValue() != null) {
                    // gateway keys travel here too: masked like the endpoint's toString() masks them
                    headers.add(new RequestHeader(header.getKey(), header.getValue().toString(), true));
                }
            }
        }
        return headers;
    }
}
