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

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.ConnectProxy;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.LogCapture;
import ai.emby.camel.support.Responses;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves TLS through Camel's sslContextParameters: a server with a self-signed certificate is reached when the endpoint
 * trusts it, also through a tunnel of a proxy that asks for Basic authentication (whose credentials no log line shows),
 * and refused (CONNECT, no retry storm) when it does not. The certificate is made by the JDK's keytool.
 */
class EmbyChatTlsTest extends CamelTestSupport {

    private static final String PASSWORD = "changeit";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private HttpsServer server;
    private Path keystore;

    @BeforeEach
    void startTlsServer() throws Exception {
        keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(keystore)).as(new String(process.getInputStream().readAllBytes())).isTrue();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext sslContext = SSLContext.getInstance("TLS");
        sslContext.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
        server.setExecutor(Executors.newCachedThreadPool());
        LlmServer.Responder answer = Responses.sse(Chunks.answer("secure ", "answer"));
        server.createContext("/", exchange -> {
            try {
                exchange.getRequestBody().readAllBytes();
                answer.respond(exchange);
            } catch (Exception e) {
                throw new java.io.IOException(e);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopTlsServer() {
        server.stop(0);
    }

    private String baseUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Binds sslContextParameters that trust the test server's certificate as #tls. */
    private void trustTheServer() {
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + keystore);
        trustStore.setPassword(PASSWORD);
        trustStore.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);
        context.getRegistry().bind("tls", tls);
    }

    @Test
    void trustedSelfSignedServerIsReached() throws Exception {
        trustTheServer();

        Exchange result = template.request(String.format(
                "emby:chat?model=m&apiKey=k&baseUrl=%s&sslContextParameters=#tls", baseUrl()), e -> e.getIn().setBody("hi"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("secure answer");
    }

    @Test
    void aTunnelThroughAnAuthenticatingProxyWorksAndNoLogLineShowsItsCredentials() throws Exception {
        trustTheServer();
        String credentials = Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (ConnectProxy proxy = ConnectProxy.start("Basic " + credentials)) {
            // created before logging starts: Camel core logs a URI it resolves as written, at TRACE
            Endpoint endpoint = context.getEndpoint(String.format("emby:chat?model=m&apiKey=sk-tunnelled-key&baseUrl=%s"
                                                                  + "&sslContextParameters=#tls&proxyHost=127.0.0.1"
                                                                  + "&proxyPort=%d&proxyUsername=alice&proxyPassword=s3cret",
                    baseUrl(), proxy.port()));
            Exchange result;
            List<String> logLines;
            try (LogCapture log = LogCapture.start(Level.TRACE)) {
                result = template.request(endpoint, e -> e.getIn().setBody("hi"));
                logLines = log.events();
            }

            assertThat(result.getException()).isNull();
            assertThat(result.getMessage().getBody()).isEqualTo("secure answer");
            assertThat(proxy.challenges()).as("CONNECTs challenged").isEqualTo(1);
            assertThat(proxy.tunnels()).as("tunnels opened").isEqualTo(1);
            // HttpClient's header log printed the CONNECT's Proxy-Authorization, masked
            assertThat(logLines).anyMatch(line -> line.endsWith("Proxy-Authorization: xxxxxx"))
                    .noneMatch(line -> line.contains("s3cret") || line.contains(credentials)
                                       || line.contains("sk-tunnelled-key"));
        }
    }

    @Test
    void untrustedServerFailsToConnect() {
        Exchange result = template.request(String.format("emby:chat?model=m&apiKey=k&baseUrl=%s&maxRetries=0", baseUrl()),
                e -> e.getIn().setBody("hi"));

        EmbyStreamException e = result.getException(EmbyStreamException.class);
        assertThat(e).isNotNull();
        assertThat(e.getReason()).isEqualTo(EmbyStreamException.Reason.CONNECT);
        assertThat(e.getMessage()).doesNotContain("sk-");
    }
}
