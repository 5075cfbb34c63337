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
package ai.emby.examples.jmsdeltas;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnector;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * An Apache ActiveMQ Artemis broker inside this JVM, reachable through the in-VM acceptor {@value #URL}, so the
 * example needs no broker installation. Swap {@link #connectionFactory()} for one pointing at a real broker
 * ({@code tcp://host:61616}) and the routes stay the same.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** The in-VM transport: no socket, the client and the broker share the JVM. */
    public static final String URL = "vm://0";
    /** Sessions kept open for the delta senders: about one per emby worker thread that sends at the same time. */
    private static final int SESSION_CACHE_SIZE = 32;

    private final EmbeddedActiveMQ server;
    private final ActiveMQConnectionFactory artemisConnectionFactory;
    private final CachingConnectionFactory connectionFactory;

    private EmbeddedBroker(EmbeddedActiveMQ server) {
        this.server = server;
        this.artemisConnectionFactory = new ActiveMQConnectionFactory(URL);
        // camel-jms sends through Spring's JmsTemplate, which opens and closes a connection per message unless the
        // factory caches them: one answer is dozens of messages, so share one connection and reuse its sessions
        this.connectionFactory = new CachingConnectionFactory(artemisConnectionFactory);
        this.connectionFactory.setSessionCacheSize(SESSION_CACHE_SIZE);
    }

    /** Starts a broker with no persistence and no security: queues are created on first use and live in memory. */
    public static EmbeddedBroker start() throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setName("jms-deltas")
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("in-vm", URL)
                // what the broker distribution's broker.xml sets for every address: without it the broker warns that
                // a message that cannot be delivered or expires would be dropped
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of("DLQ"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(configuration);
        server.start();
        return new EmbeddedBroker(server);
    }

    /** A caching connection factory to this broker, for the {@code jms} component; closed with the broker. */
    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** Closes the shared connection, then stops the broker. Stop Camel first: its consumers use the connection. */
    @Override
    public void close() throws Exception {
        try {
            connectionFactory.destroy();
            artemisConnectionFactory.close();
        } finally {
            try {
                server.stop();
            } finally {
                // the in-VM transport and the client keep JVM-wide thread pools that outlive the broker (the first's
                // non-daemon threads by a minute): exec:java waits for them after main returns. Both pools are
                // created again on demand, and this example runs one broker per JVM
                InVMConnector.resetThreadPool();
                ActiveMQClient.clearThreadPools();
            }
        }
    }
}
