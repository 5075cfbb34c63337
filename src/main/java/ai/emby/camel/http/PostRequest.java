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

import java.util.List;

/**
 * One POST to send.
 *
 * @param uri          the absolute URI
 * @param headers      the request headers (the transport adds Content-Type, Host and the like)
 * @param body         the JSON body
 * @param maxEventSize the largest event of an event-stream answer, in bytes; 0 = unlimited
 */
public record PostRequest(String uri, List<RequestHeader> headers, byte[] body, int maxEventSize) {

    /**
     * One request header.
     *
     * @param secret true for keys and tokens: HttpClient's header log then prints a mask instead of the value
     */
    public record RequestHeader(String name, String value, boolean secret) {
    }

    public PostRequest {
        headers = List.copyOf(headers);
    }
}
