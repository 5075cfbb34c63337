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

import java.time.Duration;
import java.util.Map;

/**
 * An HTTP error answer, as the server sent it.
 *
 * @param message      what to say: the status line, the URL and the server's message
 * @param status       the status code
 * @param reasonPhrase the reason phrase, or null
 * @param errorType    the error body's type, or null
 * @param errorCode    the error body's code, or null
 * @param retryAfter   the wait the server asked for, or null
 * @param body         the error body as text (at most 64 KB), or null
 * @param headers      the response headers
 * @param requestId    the request id header, or null
 */
public record HttpError(String message, int status, String reasonPhrase, String errorType, String errorCode,
                        Duration retryAfter, String body, Map<String, String> headers, String requestId) {
}
