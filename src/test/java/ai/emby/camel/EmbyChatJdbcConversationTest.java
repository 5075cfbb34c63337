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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.memory.JdbcConversationStore;
import ai.emby.camel.support.AppWithJdbcConversation;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC conversation store on a real database engine (H2, embedded): its schema is created on start, a turn's
 * messages come back as they were stored (tool calls and provider fields included), a store that went down fails the
 * exchange before any request, and a conversation continues in a new JVM.
 */
class EmbyChatJdbcConversationTest extends CamelTestSupport {

    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @RegisterExtension
    LlmServer server = new LlmServer();

    private final JdbcDataSource dataSource = h2("jdbc:h2:mem:conversations-" + System.nanoTime()
                                                 + ";DB_CLOSE_DELAY=-1");
    private final JdbcConversationStore store = new JdbcConversationStore(dataSource);

    private static JdbcDataSource h2(String url) {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        return source;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("conversations", store);
    }

    private Exchange turn(String prompt) {
        return template.request("emby:chat?model=m&apiKey=k&baseUrl=" + server.baseUrl()
                                + "&conversationStore=#conversations", e -> {
                                    e.getIn().setBody(prompt);
                                    e.getIn().setHeader(EmbyConstants.CONVERSATION_ID, "jdbc-1");
                                });
    }

    @Test
    void theSchemaIsCreatedOnStartAndStartingAgainIsHarmless() throws Exception {
        store.start();
        store.start();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM emby_conversation_message")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void aTurnComesBackAsItWasStored() throws Exception {
        store.start();
        Map<String, Object> call = Map.of("id", "call_1", "type", "function",
                "function", Map.of("name", "lookup_order", "arguments", "{\"order_id\":\"A-17\"}"));
        Map<String, Object> assistant = new LinkedHashMap<>();
        assistant.put("role", "assistant");
        assistant.put("content", null);
        assistant.put("tool_calls", List.of(call));
        assistant.put("reasoning_content", "Look it up — ünïcødé 🐪");
        List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", "Where is A-17?"), assistant,
                Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"status\":\"shipped\"}"));

        store.save("c1", messages);
        store.save("c2", List.of(Map.of("role", "user", "content", "other")));

        assertThat(store.load("c1")).isEqualTo(messages);
        store.save("c1", messages.subList(0, 1));
        assertThat(store.load("c1")).as("a save replaces").hasSize(1);
        store.delete("c1");
        assertThat(store.load("c1")).isEmpty();
        assertThat(store.load("c2")).hasSize(1);
    }

    @Test
    void turnsThroughTheComponentAreKeptInTheDatabase() {
        server.enqueue(Responses.sse(Chunks.answer("Hi.")));
        server.enqueue(Responses.sse(Chunks.answer("Again.")));

        assertThat(turn("Hello").getException()).isNull();
        assertThat(turn("Hello again").getException()).isNull();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sent = (List<Map<String, Object>>) server.requests().get(1).json().get("messages");
        assertThat(sent).extracting(m -> m.get("content")).containsExactly("Hello", "Hi.", "Hello again");
    }

    @Test
    void aStoreThatWentDownFailsTheExchangeBeforeAnyRequest() throws Exception {
        server.enqueue(Responses.sse(Chunks.answer("Hi.")));
        assertThat(turn("Hello").getException()).isNull();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }

        Exchange result = turn("Are you there?");

        assertThat(result.getException()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Could not load conversation jdbc-1 from JdbcConversationStore")
                .hasMessageContaining("Nothing was sent");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aStoreThatIsDownAtStartFailsTheRouteStart(@TempDir Path dir) {
        // IFEXISTS: H2 refuses to create the database, as a server that is not there refuses a connection
        JdbcConversationStore down = new JdbcConversationStore(h2("jdbc:h2:file:" + dir.resolve("absent")
                                                                   + ";IFEXISTS=TRUE"));
        context.getRegistry().bind("down", down);

        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:down").to("emby:chat?model=m&apiKey=k&baseUrl=" + server.baseUrl()
                                       + "&conversationStore=#down");
            }
        })).hasStackTraceContaining("The conversationStore JdbcConversationStore[table=emby_conversation_message]"
                                     + " failed to start").hasStackTraceContaining("not found");
    }

    @Test
    void aConversationContinuesInANewJvm(@TempDir Path dir) throws Exception {
        String database = dir.resolve("conversations").toString();

        String first = runChild(database, "My name is Ada.");
        String second = runChild(database, "What is my name?");

        assertThat(first).contains("SENT user:My name is Ada.");
        assertThat(second).contains("SENT user:My name is Ada.|assistant:Answer to: My name is Ada.|user:What is my"
                                    + " name?");
    }

    private static String runChild(String database, String prompt) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppWithJdbcConversation.class.getName(), database, prompt).redirectErrorStream(true).start();
        boolean ended = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).as("the child JVM ended; it printed:%n%s", output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }
}
