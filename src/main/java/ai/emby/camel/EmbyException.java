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

import org.apache.camel.CamelException;

/**
 * Base of every failure of an {@code emby:} exchange; carries the server's request id when one was received.
 */
public abstract class EmbyException extends CamelException {

    private static final long serialVersionUID = 1L;

    private final String requestId;

    protected EmbyException(String message, String requestId, Throwable cause) {
        super(message, cause);
        this.requestId = requestId;
    }

    /** The response header x-request-id (or request-id, x-generation-id), as CamelEmbyRequestId; null if none. */
    public String getRequestId() {
        return requestId;
    }
}
