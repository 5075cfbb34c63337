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
package ai.emby.camel.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.emby.camel.EmbyConstants;
import ai.emby.camel.memory.JdbcConversationStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One turn of conversation "restart" in a JVM of its own, kept in an H2 database file: run it twice and the second
 * JVM's request carries the first one's turn. Args: the database file path (without .mv.db), the prompt. Prints
 * {@code SENT <role>:<content>|...} (the messages of its request) and exits 0, or exits 1 with the failure.
 */
public final class AppWithJdbcConversation {

    private AppWithJdbcConversation() {
    }

    public static void main(String[] args) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + args[0]);
        LlmServer server = new LlmServer();
        server.start();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("conversations", new JdbcConversationStore(dataSource));
            context.start();
            server.enqueue(Responses.sse(Chunks.answer("Answer to: " + args[1])));
            Exchange result = context.createProducerTemplate().request("emby:chat?model=m&apiKey=k&baseUrl="
                    + server.baseUrl() + "&conversationStore=#conversations", e -> {
                        e.getIn().setBody(args[1]);
                        e.getIn().setHeader(EmbyConstants.CONVERSATION_ID, "restart");
                    });
            if (result.getException() != null) {
                result.getException().printStackTrace(System.out);
                System.exit(1);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sent = (List<Map<String, Object>>) server.lastRequest().json().get("messages");
            System.out.println("SENT " + sent.stream().map(m -> m.get("role") + ":" + m.get("content"))
                    .collect(Collectors.joining("|")));
        } finally {
            server.stop();
        }
    }
}
