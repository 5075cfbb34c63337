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
 * Thrown by an {@link AnswerReader} when a streamed event or a whole answer body is not what its protocol allows
 * (not valid JSON, or not a JSON object): the call fails MALFORMED.
 */
public class MalformedPayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String excerpt;

    public MalformedPayloadException(String reason, String excerpt, Throwable cause) {
        super(reason + "; payload: " + excerpt, cause);
        this.excerpt = excerpt;
    }

    /** The start of the offending payload, at most 200 characters plus an ellipsis when cut. */
    public String getExcerpt() {
        return excerpt;
    }
}
