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
package ai.emby.camel.call;

import java.util.Map;

import ai.emby.camel.http.ResponseHead;
import ai.emby.camel.protocol.Answer;

/**
 * What a successful attempt hands its call: the answer, and what the response head told about the request (its id,
 * the rate limits).
 */
record AttemptResult(Answer answer, String requestId, Map<String, String> rateLimit) {

    /** The response's request id, under any of the names servers send it with; null when none. */
    static String requestIdOf(ResponseHead head) {
        return head.firstOf("x-request-id", "request-id", "x-generation-id");
    }

    static AttemptResult of(Answer answer, String requestId, ResponseHead head) {
        return new AttemptResult(answer, requestId, head.headersStartingWith("x-ratelimit-"));
    }
}
