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

import javax.net.ssl.SSLContext;

/**
 * What a connection pool is made with. The Camel side resolves its options (SSLContextParameters, a proxy) into these
 * values, so this package needs no Camel type.
 *
 * @param connectTimeoutMillis TCP/TLS connect timeout
 * @param sslContext           the TLS context, or null for the JVM default
 * @param proxyHost            an HTTP proxy, or null
 * @param proxyPort            its port (when proxyHost is set)
 * @param proxyUsername        Basic credentials for the proxy, or null
 * @param proxyPassword        their password, or null
 */
public record TransportConfig(long connectTimeoutMillis, SSLContext sslContext, String proxyHost, Integer proxyPort,
                              String proxyUsername, String proxyPassword) {

    @Override
    public String toString() {
        // never the password
        return "TransportConfig[connectTimeoutMillis=" + connectTimeoutMillis + ", proxy=" + proxyHost + ":" + proxyPort
               + "]";
    }
}
