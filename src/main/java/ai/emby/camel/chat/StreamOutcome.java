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
package ai.emby.camel.chat;

import java.util.Map;

/**
 * How one call ended: the output headers and body of a success, or the failure.
 */
public final class StreamOutcome {

    private final String content;
    private final Map<String, Object> headers;
    private final StreamFailure failure;

    private StreamOutcome(String content, Map<String, Object> headers, StreamFailure failure) {
        this.content = content;
        this.headers = headers;
        this.failure = failure;
    }

    public static StreamOutcome success(String content, Map<String, Object> headers) {
        return new StreamOutcome(content, headers, null);
    }

    public static StreamOutcome failed(StreamFailure failure) {
        return new StreamOutcome(null, null, failure);
    }

    public boolean isSuccess() {
        return failure == null;
    }

    /** The assembled text of choice 0 (success only). */
    public String content() {
        return content;
    }

    /** The output headers (success only). */
    public Map<String, Object> headers() {
        return headers;
    }

    public StreamFailure failure() {
        return failure;
    }
}
