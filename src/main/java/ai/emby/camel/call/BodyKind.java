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

import java.util.Locale;

import ai.emby.camel.http.ResponseHead;

/** What a response body is, decided from the status and the content type. */
enum BodyKind {
    /** A 2xx {@code text/event-stream}: the answer, streamed. */
    EVENT_STREAM,
    /** A 2xx {@code application/json}: a whole answer (some gateways answer a streaming request so). */
    WHOLE_ANSWER,
    /** Not 2xx: an error answer. */
    ERROR,
    /** A 2xx that is neither: MALFORMED once it ended. */
    NOT_EVENT_STREAM;

    static BodyKind of(ResponseHead head) {
        if (!head.isSuccess()) {
            return ERROR;
        }
        String type = head.contentType() == null ? "" : head.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("text/event-stream")) {
            return EVENT_STREAM;
        }
        return type.startsWith("application/json") ? WHOLE_ANSWER : NOT_EVENT_STREAM;
    }
}
