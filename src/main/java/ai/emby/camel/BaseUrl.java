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

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code baseUrl} option: checked once when the endpoint is created, and joined with an operation's path so that a
 * query string (Azure OpenAI's {@code ?api-version=}) stays after the path.
 */
final class BaseUrl {

    private static final String WHAT_TO_DO = "set baseUrl to the server's OpenAI-compatible root, such as"
                                             + " https://api.openai.com/v1 or http://localhost:11434/v1";

    /** Everything before the query, without trailing slashes. */
    private final String root;
    /** {@code ?} and the query as written, or {@code ""}. */
    private final String query;
    private final String host;
    private final int port;

    private BaseUrl(String root, String query, String host, int port) {
        this.root = root;
        this.query = query;
        this.host = host;
        this.port = port;
    }

    /**
     * Parses and checks a base URL; throws IllegalArgumentException saying what is wrong and what to do. The message
     * never shows a password: a URL with credentials is refused with them masked.
     */
    static BaseUrl parse(String url) {
        String shown = maskUserInfo(url);
        // checked on the text: "localhost:8080/v1" would parse as a URI of scheme "localhost"
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("baseUrl '" + shown + "' must start with http:// or https://: "
                                               + WHAT_TO_DO);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl '" + shown + "' is not a valid URL (" + e.getReason()
                                               + " at index " + e.getIndex() + "): " + WHAT_TO_DO);
        }
        if (uri.getRawAuthority() == null || hostOf(uri.getRawAuthority()).isEmpty()) {
            throw new IllegalArgumentException("baseUrl '" + shown + "' has no host: " + WHAT_TO_DO);
        }
        if (uri.getRawUserInfo() != null) {
            // HttpClient refuses every such request ("deprecated userinfo component"), and the URL shows up in messages
            throw new IllegalArgumentException("baseUrl '" + shown + "' must not contain credentials: put the key in"
                                               + " the apiKey option (sent as a Bearer token) or a gateway's header"
                                               + " in additionalHeader.<name>, and remove user:password@ from the URL");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl '" + shown + "' must not contain a #fragment: " + WHAT_TO_DO);
        }
        int queryStart = url.indexOf('?');
        String root = queryStart < 0 ? url : url.substring(0, queryStart);
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : lower.startsWith("https://") ? 443 : 80;
        String host = uri.getHost() != null ? uri.getHost() : hostOf(uri.getRawAuthority());
        return new BaseUrl(root, queryStart < 0 ? "" : url.substring(queryStart), host, port);
    }

    /** The URL of an operation: {@code path} (starting with {@code /}) after the base URL's path, before its query. */
    String resolve(String path) {
        return root + path + query;
    }

    /** The server's host name (server.address of telemetry). */
    String host() {
        return host;
    }

    /** The server's port, the scheme's default when the URL has none. */
    int port() {
        return port;
    }

    /** The base URL as configured, without trailing slashes before the query. */
    @Override
    public String toString() {
        return root + query;
    }

    private static String hostOf(String authority) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.startsWith("[")) {
            return host;
        }
        int port = host.lastIndexOf(':');
        return port < 0 ? host : host.substring(0, port);
    }

    /** {@code scheme://user:password@host} → {@code scheme://user:***@host}, for messages. */
    static String maskUserInfo(String url) {
        int authority = url.indexOf("://");
        if (authority < 0) {
            return url;
        }
        int start = authority + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        String user = colon >= 0 && colon < at ? url.substring(start, colon) : url.substring(start, at);
        return url.substring(0, start) + user + ":***" + url.substring(at);
    }
}
