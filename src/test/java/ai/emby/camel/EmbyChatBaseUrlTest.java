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

import java.util.ArrayList;
import java.util.List;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static ai.emby.camel.support.Faults.causeChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Proves that {@code baseUrl} is checked when the endpoint is created and joined with the operation's path correctly
 * (issue 13, defects 9 and 10): a URL without a scheme or host, with a scheme other than http/https, or with
 * credentials in it fails endpoint creation with a message that says what to do and never shows the password; a
 * query string (Azure OpenAI's {@code api-version}) stays after the path, as the loopback server's record of the
 * request URI shows.
 */
class EmbyChatBaseUrlTest extends CamelTestSupport {

    private static final String PASSWORD = "pw-SECRET-9c1e";

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/openai/deployments/gpt-4o?api-version=2024-10-21   | /openai/deployments/gpt-4o/chat/completions | api-version=2024-10-21",
            "/openai/deployments/gpt-4o/?api-version=2024-10-21  | /openai/deployments/gpt-4o/chat/completions | api-version=2024-10-21",
            "/v1?a=1&b=x%20y                                     | /v1/chat/completions                        | a=1&b=x%20y",
            "/v1/                                                | /v1/chat/completions                        | " })
    void aQueryStringStaysAfterThePath(String baseUrlTail, String expectedPath, String expectedQuery) {
        server.enqueue(Responses.sse(Chunks.answer("ok")));
        String baseUrl = "http://127.0.0.1:" + port() + baseUrlTail;

        Exchange result = template.request("emby:chat?model=m&apiKey=sk-test&maxRetries=0&baseUrl=RAW(" + baseUrl + ")",
                e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        assertThat(server.lastRequest().path).isEqualTo(expectedPath);
        assertThat(server.lastRequest().query).isEqualTo(expectedQuery);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:8080/v1          | http:// or https://",
            "localhost:8080/v1          | http:// or https://",
            "ftp://files.example.com/v1 | http:// or https://",
            "http:///v1                 | host",
            "https://exa mple.com/v1    | not a valid URL" })
    void anUnusableBaseUrlFailsEndpointCreation(String baseUrl, String hint) {
        Throwable failure = catchThrowable(
                () -> context.getEndpoint("emby:chat?model=m&apiKey=sk-test&baseUrl=RAW(" + baseUrl + ")"));

        assertThat(failure).as("endpoint creation with baseUrl %s", baseUrl).isNotNull();
        assertThat(causeChain(failure)).anySatisfy(t -> assertThat(t).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl").hasMessageContaining(hint));
    }

    @Test
    void credentialsInTheBaseUrlAreRefusedAndTheirPasswordIsNeverShown() {
        String baseUrl = "http://user:" + PASSWORD + "@127.0.0.1:" + port() + "/v1";
        List<String> shown = new ArrayList<>();
        Throwable failure = catchThrowable(() -> {
            Exchange result = template.request(
                    "emby:chat?model=m&apiKey=sk-test&maxRetries=1&baseUrl=RAW(" + baseUrl + ")",
                    e -> e.getIn().setBody("hi"));
            if (result.getException() != null) {
                throw result.getException();
            }
        });
        for (Throwable t : causeChain(failure)) {
            shown.add(t.getMessage());
            shown.add(t.toString());
        }
        assertThat(shown).as("messages of the failure").noneMatch(text -> text != null && text.contains(PASSWORD));
        // refused before any request, with a message that says what to do instead
        assertThat(server.requests()).isEmpty();
        assertThat(causeChain(failure)).anySatisfy(t -> assertThat(t).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user:***@").hasMessageContaining("apiKey"));
    }

    private static int port() {
        String base = server.baseUrl();
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1, base.indexOf("/v1")));
    }
}
