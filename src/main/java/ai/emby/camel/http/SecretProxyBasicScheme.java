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

import java.security.Principal;

import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.AuthenticationException;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.MalformedChallengeException;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HTTP Basic authentication with the proxy whose answer travels as a {@link SecretHeader}, so HttpClient's header log
 * prints it masked.
 * <p>
 * HttpClient wraps the String an {@link AuthScheme} returns in a plain header, and the header log prints that whole.
 * No exec-chain interceptor reaches the {@code CONNECT} that opens a tunnel to an https server, so this scheme adds its
 * header to the request itself and returns null, which HttpClient takes as "nothing to add". Not marked
 * {@code @AuthStateCacheable} (unlike {@link BasicScheme}): HttpClient never answers for it from its auth cache, where
 * it would call it again expecting a value to add. Everything else is {@link BasicScheme}'s.
 */
final class SecretProxyBasicScheme implements AuthScheme {

    private final BasicScheme basic = new BasicScheme();
    private final HttpHost proxy;

    SecretProxyBasicScheme(HttpHost proxy) {
        this.proxy = proxy;
    }

    @Override
    public String getName() {
        return basic.getName();
    }

    @Override
    public boolean isConnectionBased() {
        return basic.isConnectionBased();
    }

    @Override
    public void processChallenge(AuthChallenge authChallenge, HttpContext context) throws MalformedChallengeException {
        basic.processChallenge(authChallenge, context);
    }

    @Override
    public boolean isChallengeComplete() {
        return basic.isChallengeComplete();
    }

    @Override
    public String getRealm() {
        return basic.getRealm();
    }

    @Override
    public boolean isResponseReady(HttpHost host, CredentialsProvider credentialsProvider, HttpContext context)
            throws AuthenticationException {
        return basic.isResponseReady(host, credentialsProvider, context);
    }

    @Override
    public Principal getPrincipal() {
        return basic.getPrincipal();
    }

    @Override
    public String generateAuthResponse(HttpHost host, HttpRequest request, HttpContext context)
            throws AuthenticationException {
        String name = proxy.equals(host) ? HttpHeaders.PROXY_AUTHORIZATION : HttpHeaders.AUTHORIZATION;
        request.setHeader(new SecretHeader(name, basic.generateAuthResponse(host, request, context)));
        return null;
    }

    @Override
    public String toString() {
        return basic.toString();
    }
}
