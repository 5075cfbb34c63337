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

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.LogCapture;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.Wire;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.causeChain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves SPEC "Errors" (last rule): the API key, and every {@code additionalHeader.*} value (gateway keys: Camel's
 * sensitive-keyword list knows {@code X-Api-Key} but not every header name), never appear in what the component or
 * Camel shows. With all logging captured at TRACE during successful and failing exchanges (HTTP 401, in-stream error,
 * garbage JSON, truncation, idle timeout, refused connection, failed delta route) the secrets are in no log line
 * (HttpClient's header log included: it prints them masked; its wire log is off), no exception message, {@code toString()} or
 * stack trace of the whole cause chain, no output header, no {@code toString()} of an endpoint, configuration,
 * component or producer, no route dump of routes that configure them through property placeholders or on the
 * component, no {@code getEndpointUri()} of endpoints configured on the component, and no endpoint name or
 * {@code EndpointUri} attribute in JMX (Camel masks the key there). They were sent, though: the server saw them.
 * <p>
 * Not asserted, as Camel keeps them as written: {@code getEndpointUri()} and route dumps of a route that writes the key
 * inline in its endpoint URI (that URI is the endpoint's identity and the route's source), and Camel core's TRACE
 * lines while it resolves an endpoint URI (the URI as written, placeholders resolved, and its parameters unmasked), so
 * every endpoint exists before logging is captured. Secrets belong in the component's options; in a URI, Camel's
 * sensitive-keyword list masks {@code apiKey} but not every header name
 * ({@code camel.main.additionalSensitiveKeywords}).
 */
class EmbyChatKeyMaskingTest extends CamelTestSupport {

    /** The wire protocol these tests run against; a subclass runs every one of them for another operation. */
    protected Wire wire() {
        return Wire.CHAT;
    }

    private static final String API_KEY = "sk-emby-SECRET-4f1d2c3b";
    /** A header Camel's sensitive-keyword list covers. */
    private static final String X_API_KEY = "gw-SECRET-x-api-key-77aa";
    /** A header it does not cover: only the endpoint's own masking hides it. */
    private static final String GATEWAY_TOKEN = "gw-SECRET-portkey-88bb";
    private static final List<String> SECRETS = List.of(API_KEY, X_API_KEY, GATEWAY_TOKEN);
    /** HttpClient's logger of every request and response header, at DEBUG. */
    private static final String HTTPCLIENT_HEADER_LOGGER = "org.apache.hc.client5.http.headers";
    private static final long TIMEOUT_MS = 300;

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        Properties properties = new Properties();
        properties.setProperty("emby.key", API_KEY);
        properties.setProperty("gateway.key", X_API_KEY);
        properties.setProperty("gateway.token", GATEWAY_TOKEN);
        context.getPropertiesComponent().setInitialProperties(properties);
        EmbyComponent emby = new EmbyComponent();
        emby.getConfiguration().setApiKey(API_KEY);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("X-Api-Key", X_API_KEY);
        headers.put("X-Portkey-Config", GATEWAY_TOKEN);
        emby.getConfiguration().setAdditionalHeader(headers);
        context.addComponent("emby", emby);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String common = "model=test-model&maxRetries=0&idleTimeout=" + TIMEOUT_MS + "&baseUrl=" + server.baseUrl();
                // secrets inline in the URI
                from("direct:inline").routeId("inline")
                        .to(wire().uri() + "?" + common + "&apiKey=" + API_KEY + "&additionalHeader.X-Api-Key=" + X_API_KEY
                            + "&additionalHeader.X-Portkey-Config=" + GATEWAY_TOKEN);
                // secrets through property placeholders
                from("direct:placeholder").routeId("placeholder")
                        .to(wire().uri() + "?" + common + "&apiKey={{emby.key}}&additionalHeader.X-Api-Key={{gateway.key}}"
                            + "&additionalHeader.X-Portkey-Config={{gateway.token}}&deltaUri=direct:failingDelta");
                // secrets on the component
                from("direct:component").routeId("component").to(wire().uri() + "?" + common);

                from("direct:failingDelta").throwException(new IllegalStateException("delta route failed"));
            }
        };
    }

    @Test
    void noSecretInLogsExceptionsEndpointsConfigurationsOrDumps() throws Exception {
        // created before logging starts: Camel core logs a URI it resolves as written, at TRACE (see the class javadoc)
        String refused = wire().uri() + "?model=test-model&maxRetries=1&apiKey=" + API_KEY + "&additionalHeader.X-Portkey-Config="
                         + GATEWAY_TOKEN + "&baseUrl=http://127.0.0.1:" + freePort() + "/v1";
        Endpoint refusing = context.getEndpoint(refused);
        List<Exchange> results = new ArrayList<>();
        List<String> logLines;
        try (LogCapture log = LogCapture.start(Level.TRACE)) {
            for (String route : List.of("direct:inline", "direct:placeholder", "direct:component")) {
                server.enqueue(Responses.sse(wire().answer("Hel", "lo")));
                server.enqueue(Responses.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-emby-****3b\","
                                                   + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
                server.enqueue(Responses.sse(wire().start(), wire().content("Hel"),
                        "data: {\"error\":{\"message\":\"overloaded\"}}\n\n"));
                server.enqueue(Responses.sse(wire().content("Hel"), "data: {not json\n\n"));
                server.enqueue(Responses.sse(wire().content("Hel")));
                server.enqueue(Responses.sse(TIMEOUT_MS * 3, wire().content("Hel"), wire().content("lo")));
                for (int i = 0; i < 6; i++) {
                    results.add(template.request(route, e -> e.getIn().setBody("hi")));
                }
            }
            // an endpoint created while logging, whose server refuses the connection
            results.add(template.request(refusing, e -> e.getIn().setBody("hi")));
            logLines = log.events();
        }

        // the secrets were used
        assertThat(server.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
            assertThat(request.header("X-Api-Key")).isEqualTo(X_API_KEY);
            assertThat(request.header("X-Portkey-Config")).isEqualTo(GATEWAY_TOKEN);
        });
        // and every kind of outcome happened (the placeholder route's delta route fails its good stream: DELIVERY)
        assertThat(results.stream().filter(e -> e.getException() == null)).hasSize(2);
        assertThat(results.stream().map(Exchange::getException).filter(EmbyApiException.class::isInstance)).hasSize(3);
        assertThat(results.stream().map(Exchange::getException).filter(EmbyStreamException.class::isInstance)
                .map(e -> ((EmbyStreamException) e).getReason()).distinct())
                .contains(EmbyStreamException.Reason.SERVER_ERROR, EmbyStreamException.Reason.MALFORMED,
                        EmbyStreamException.Reason.TRUNCATED, EmbyStreamException.Reason.IDLE_TIMEOUT,
                        EmbyStreamException.Reason.DELIVERY, EmbyStreamException.Reason.CONNECT);

        assertThat(logLines).as("log lines at TRACE").isNotEmpty();
        assertNoSecret("log lines", logLines, line -> true);

        List<String> shown = new ArrayList<>();
        for (Exchange result : results) {
            for (Throwable t : causeChain(result.getException())) {
                shown.add(t.getMessage());
                shown.add(t.toString());
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                shown.add(trace.toString());
            }
            result.getMessage().getHeaders().forEach((name, value) -> shown.add(name + "=" + value));
        }
        assertNoSecret("exceptions and output headers", shown, line -> true);

        List<String> objects = new ArrayList<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            objects.add(endpoint.toString());
            if (endpoint instanceof EmbyEndpoint) {
                objects.add(((EmbyEndpoint) endpoint).getConfiguration().toString());
                objects.add(((EmbyEndpoint) endpoint).getComponent().toString());
                objects.add(((EmbyEndpoint) endpoint).getComponent().getConfiguration().toString());
                objects.add(endpoint.createProducer().toString());
            }
        }
        for (Route route : context.getRoutes()) {
            objects.add(route.toString());
            objects.add(String.valueOf(route.getEndpoint()));
        }
        assertThat(objects).anyMatch(s -> s.contains("X-Portkey-Config=xxxxxx"));
        assertNoSecret("toString() of endpoints, configurations, components, producers and routes", objects, s -> true);

        ModelCamelContext model = (ModelCamelContext) context;
        List<String> dumps = new ArrayList<>();
        for (String routeId : List.of("placeholder", "component")) {
            dumps.add(PluginHelper.getModelToXMLDumper(context).dumpModelAsXml(context, model.getRouteDefinition(routeId)));
        }
        assertThat(dumps.get(0)).contains("{{emby.key}}");
        assertNoSecret("route dumps", dumps, s -> true);

        List<String> componentConfiguredUris = new ArrayList<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof EmbyEndpoint && !endpoint.getEndpointUri().contains("apiKey")) {
                componentConfiguredUris.add(endpoint.getEndpointUri());
            }
        }
        assertThat(componentConfiguredUris).isNotEmpty();
        assertNoSecret("getEndpointUri() of endpoints configured on the component", componentConfiguredUris, s -> true);
    }

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Test
    void jmxShowsEndpointUrisWithTheKeyMasked() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(
                new ObjectName("org.apache.camel:context=" + context.getManagementName() + ",type=endpoints,*"), null);
        List<String> shown = new ArrayList<>();
        for (ObjectName name : names) {
            if (name.getKeyProperty("name").contains("emby")) {
                shown.add(name.toString());
                shown.add(String.valueOf(mbeans.getAttribute(name, "EndpointUri")));
            }
        }
        // the inline, placeholder and component-configured routes' endpoints
        assertThat(shown).as("emby endpoints in JMX").hasSizeGreaterThanOrEqualTo(6)
                .anyMatch(uri -> uri.contains("apiKey=xxxxxx"));
        // Camel's JMX masking covers apiKey; header names such as X-Api-Key only on newer Camel versions (not 4.17),
        // others need camel.main.additionalSensitiveKeywords (see the class javadoc)
        List<String> leaks = new ArrayList<>();
        for (String text : shown) {
            if (text.contains(API_KEY)) {
                leaks.add(text);
            }
        }
        assertThat(leaks).as("the key in JMX").isEmpty();
    }

    @Test
    void httpClientsOwnHeaderLogShowsSecretsMaskedAndItsWireLogIsOff() {
        server.enqueue(Responses.sse(wire().answer("Hi")));
        // its own connect timeout gives this endpoint its own HTTP client: a connection opened while capturing
        String uri = wire().uri() + "?model=test-model&maxRetries=0&connectTimeout=7777&baseUrl=" + server.baseUrl();
        List<String> logLines;
        try (LogCapture log = LogCapture.start(Level.TRACE)) {
            template.request(uri, e -> e.getIn().setBody("hi"));
            logLines = log.events();
        }
        List<String> headerLog = logLines.stream().filter(line -> line.contains(" " + HTTPCLIENT_HEADER_LOGGER + " "))
                .toList();
        assertThat(headerLog).as("HttpClient's header log was on")
                .anyMatch(line -> line.endsWith("Authorization: xxxxxx"))
                .anyMatch(line -> line.endsWith("X-Portkey-Config: xxxxxx"))
                .anyMatch(line -> line.endsWith("Accept: text/event-stream"));
        assertThat(logLines).as("HttpClient's wire log").noneMatch(line -> line.contains(" org.apache.hc.client5.http.wire "));
        assertNoSecret("log lines", logLines, line -> true);
    }

    /**
     * A server (or gateway) that echoes the credentials it got: in an HTTP error body, once retried, and in an error
     * inside the stream. The exception, its response body and the retry's log line show the mask instead.
     */
    @Test
    void anErrorThatEchoesTheKeyShowsItMasked() {
        String echo = "Incorrect API key provided: Bearer " + API_KEY + " (gateway token " + GATEWAY_TOKEN + ")";
        server.enqueue(Responses.json(500, "{\"error\":{\"message\":\"" + echo + "\"}}"));
        server.enqueue(Responses.json(401, "{\"error\":{\"message\":\"" + echo + "\",\"code\":\"" + API_KEY + "\"}}"));
        server.enqueue(Responses.sse(wire().content("Hel"), "data: {\"error\":{\"message\":\"" + echo + "\"}}\n\n"));
        String uri = wire().uri() + "?model=test-model&maxRetries=1&baseUrl=" + server.baseUrl();
        List<Exchange> results = new ArrayList<>();
        List<String> logLines;
        try (LogCapture log = LogCapture.start(Level.TRACE)) {
            results.add(template.request(uri, e -> e.getIn().setBody("hi")));
            results.add(template.request(uri, e -> e.getIn().setBody("hi")));
            logLines = log.events();
        }

        EmbyApiException api = (EmbyApiException) results.get(0).getException();
        assertThat(api.getStatusCode()).isEqualTo(401);
        assertThat(api.getMessage()).contains("Incorrect API key provided: xxxxxx (gateway token xxxxxx)");
        assertThat(api.getResponseBody()).contains("xxxxxx");
        assertThat(results.get(1).getException()).isInstanceOf(EmbyStreamException.class)
                .hasMessageContaining("Incorrect API key provided: xxxxxx");
        List<String> shown = new ArrayList<>();
        for (Exchange result : results) {
            for (Throwable t : causeChain(result.getException())) {
                shown.add(t.getMessage());
                shown.add(t.toString());
                if (t instanceof EmbyApiException) {
                    shown.add(((EmbyApiException) t).getResponseBody());
                    shown.add(((EmbyApiException) t).getErrorCode());
                }
            }
        }
        assertNoSecret("exceptions and response bodies", shown, line -> true);
        assertThat(logLines).anyMatch(line -> line.contains("Retrying"));
        // HttpClient's own header log prints the request's secrets masked; the answer's body is what is checked here
        assertNoSecret("log lines", logLines, line -> true);
    }

    private static void assertNoSecret(String where, List<String> texts, Predicate<String> filter) {
        List<String> leaks = new ArrayList<>();
        for (String text : texts) {
            if (text != null && filter.test(text) && SECRETS.stream().anyMatch(text::contains)) {
                leaks.add(text.length() > 400 ? text.substring(0, 400) + "..." : text);
            }
        }
        assertThat(leaks).as("secrets in %s", where).isEmpty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
