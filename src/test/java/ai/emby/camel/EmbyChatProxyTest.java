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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.LogCapture;
import ai.emby.camel.support.Responses;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the HTTP proxy options: requests go to the proxy in absolute form, and a proxy that asks for Basic
 * authentication (407) gets the configured credentials, which HttpClient's header log (captured at TRACE) prints
 * masked, like the API key. The test's proxy answers in place of the upstream server, so no second host is
 * involved.
 */
class EmbyChatProxyTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer proxy = new LlmServer();

    private static final String UPSTREAM = "http://llm.example.invalid/v1";

    @Test
    void requestsGoThroughTheAuthenticatingProxy() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        LlmServer.Responder answer = Responses.sse(Chunks.answer("via ", "proxy"));
        proxy.always(exchange -> {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
                exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"corp\"");
                exchange.sendResponseHeaders(407, -1);
                return;
            }
            answer.respond(exchange);
        });
        int port = Integer.parseInt(proxy.baseUrl().replaceAll(".*:(\\d+)/v1", "$1"));

        // created before logging starts: Camel core logs a URI it resolves as written, at TRACE
        Endpoint endpoint = context.getEndpoint(String.format(
                "emby:chat?model=m&apiKey=sk-proxied-key&baseUrl=%s&proxyHost=127.0.0.1&proxyPort=%d"
                                                              + "&proxyUsername=alice&proxyPassword=s3cret",
                UPSTREAM, port));
        Exchange result;
        List<String> logLines;
        try (LogCapture log = LogCapture.start(Level.TRACE)) {
            result = template.request(endpoint, e -> e.getIn().setBody("hi"));
            logLines = log.events();
        }

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("via proxy");
        LlmServer.Request last = proxy.lastRequest();
        assertThat(last.header("Proxy-Authorization")).isEqualTo(expected);
        assertThat(last.header("Host")).isEqualTo("llm.example.invalid");
        // HttpClient's header log printed both authorization headers (its wire log is off), masked
        assertThat(logLines).anyMatch(line -> line.endsWith("Proxy-Authorization: xxxxxx"))
                .anyMatch(line -> line.endsWith("Authorization: xxxxxx"))
                .noneMatch(line -> line.contains("s3cret") || line.contains(expected.substring(6))
                                   || line.contains("sk-proxied-key"));
    }
}
