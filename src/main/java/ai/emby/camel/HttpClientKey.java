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

import java.util.Objects;

import ai.emby.camel.http.TransportConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The endpoint settings that need a connection pool of their own: TLS, proxy and connect timeout.
 */
final class HttpClientKey {

    private final long connectTimeout;
    private final SSLContextParameters sslContextParameters;
    private final String proxyHost;
    private final Integer proxyPort;
    private final String proxyUsername;
    private final String proxyPassword;

    private HttpClientKey(EmbyConfiguration configuration) {
        this.connectTimeout = configuration.getConnectTimeout();
        this.sslContextParameters = configuration.getSslContextParameters();
        this.proxyHost = configuration.getProxyHost();
        this.proxyPort = configuration.getProxyPort();
        this.proxyUsername = configuration.getProxyUsername();
        this.proxyPassword = configuration.getProxyPassword();
    }

    static HttpClientKey of(EmbyConfiguration configuration) {
        return new HttpClientKey(configuration);
    }

    /** The transport's settings, with the TLS context made from the SSLContextParameters. */
    TransportConfig toTransportConfig(CamelContext camelContext) throws Exception {
        return new TransportConfig(connectTimeout,
                sslContextParameters == null ? null : sslContextParameters.createSSLContext(camelContext), proxyHost,
                proxyPort, proxyUsername, proxyPassword);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HttpClientKey)) {
            return false;
        }
        HttpClientKey other = (HttpClientKey) o;
        // SSLContextParameters has no value equality: the same bean instance shares a pool
        return connectTimeout == other.connectTimeout && sslContextParameters == other.sslContextParameters
                && Objects.equals(proxyHost, other.proxyHost) && Objects.equals(proxyPort, other.proxyPort)
                && Objects.equals(proxyUsername, other.proxyUsername) && Objects.equals(proxyPassword, other.proxyPassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, System.identityHashCode(sslContextParameters), proxyHost, proxyPort,
                proxyUsername, proxyPassword);
    }

    // no credentials here: keys can end up in logs
    @Override
    public String toString() {
        return "HttpClientKey[connectTimeout=" + connectTimeout + ", tls=" + (sslContextParameters != null)
               + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort) + "]";
    }
}
