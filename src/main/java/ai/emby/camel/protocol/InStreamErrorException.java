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
 * Thrown by an {@link AnswerReader} when the server reports an error inside an HTTP 200 stream (or a 200 JSON answer):
 * the call fails SERVER_ERROR with what was received before.
 */
public class InStreamErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String errorCode;
    private final String payload;

    public InStreamErrorException(String message, String errorType, String errorCode, String payload) {
        super(message);
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.payload = payload;
    }

    /** The server's {@code error.type}, or null. */
    public String getErrorType() {
        return errorType;
    }

    /** The server's {@code error.code} (a number as its String), else {@code error.status}, or null. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The raw payload of the event or chunk that carried the error. */
    public String getPayload() {
        return payload;
    }
}
