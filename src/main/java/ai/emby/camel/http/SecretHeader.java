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

import org.apache.hc.core5.http.message.BasicHeader;

/**
 * A request header whose value is a secret (the API key, a gateway token, proxy credentials). HttpClient writes
 * {@link #getValue()} to the wire, but its header log ({@code org.apache.hc.client5.http.headers} at DEBUG) prints each
 * header through {@code toString()}: that shows the name and a mask instead of the value.
 */
public final class SecretHeader extends BasicHeader {

    private static final long serialVersionUID = 1L;

    /** Camel's own mask for sensitive URI parameters, so logs read the same everywhere. */
    public static final String MASK = "xxxxxx";

    public SecretHeader(String name, String value) {
        super(name, value, true);
    }

    @Override
    public String toString() {
        return getName() + ": " + MASK;
    }
}
