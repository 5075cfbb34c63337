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

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.memory.ConversationStore;
import ai.emby.camel.memory.InMemoryConversationStore;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.RawServer;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.ToolChunks;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Faults.streamFailure;
import static ai.emby.camel.support.RawServer.awaitClientClose;
import static ai.emby.camel.support.RawServer.chunk;
import static ai.emby.camel.support.RawServer.head;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversations against a scripted server that records every request body: turns continue from the stored history,
 * tool rounds included; a failed turn stores nothing; trimming keeps whole turns and the system message; two turns of
 * one conversation at once are refused; a CamelContext restart keeps a registry-bound store's conversations.
 */
class EmbyChatConversationTest extends CamelTestSupport {

    private static final long AWAIT_MS = 10_000;

    @RegisterExtension
    LlmServer server = new LlmServer();

    @RegisterExtension
    RawServer raw = new RawServer();

    private final InMemoryConversationStore store = new InMemoryConversationStore();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("conversations", store);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a route's producer restarts with the CamelContext
                from("direct:turn").toD("${header.turnUri}");
                from("direct:lookupOrder").setBody(simple("{\"order_id\":\"${body[order_id]}\",\"status\":\"shipped\"}"));
            }
        };
    }

    private String uri(String baseUrl, String options) {
        return "emby:chat?model=m&apiKey=k&baseUrl=" + baseUrl + "&systemMessage=Be+brief"
               + "&conversationStore=#conversations" + (options.isEmpty() ? "" : "&" + options);
    }

    private Exchange turn(String conversation, String prompt, String options) {
        return template.request(uri(server.baseUrl(), options), e -> {
            e.getIn().setBody(prompt);
            e.getIn().setHeader(EmbyConstants.CONVERSATION_ID, conversation);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(LlmServer.Request request) {
        return (List<Map<String, Object>>) request.json().get("messages");
    }

    private static List<String> roles(List<Map<String, Object>> messages) {
        return messages.stream().map(m -> (String) m.get("role")).toList();
    }

    private static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    private void modelCallsLookup() {
        server.enqueue(Responses.sse(concat(new String[] { Chunks.role(), ToolChunks.reasoning("Need the order."),
                ToolChunks.wholeCallAtIndexZero("call_1", "lookup_order", "{\"order_id\":\"A-17\"}") },
                ToolChunks.end(20, 4))));
    }

    @Test
    void aThreeTurnConversationWithAToolRoundSendsTheWholeValidHistory() {
        String tools = "tools=classpath:tools/orders.json&toolEndpoint.lookup_order=direct:lookupOrder";
        server.enqueue(Responses.sse(Chunks.answer("Hi, Alice.")));
        modelCallsLookup();
        server.enqueue(Responses.sse(Chunks.answer("A-17 has shipped.")));
        server.enqueue(Responses.sse(Chunks.answer("You asked about A-17.")));

        assertThat(turn("alice", "Hi, I am Alice.", tools).getException()).isNull();
        assertThat(turn("alice", "Where is A-17?", tools).getException()).isNull();
        Exchange third = turn("alice", "What did I ask?", tools);

        assertThat(third.getException()).isNull();
        assertThat(server.requests()).hasSize(4);
        List<Map<String, Object>> sent = messages(server.requests().get(3));
        assertThat(roles(sent)).containsExactly("system", "user", "assistant", "user", "assistant", "tool",
                "assistant", "user");
        assertThat(sent.get(0)).containsEntry("content", "Be brief");
        assertThat(sent.get(1)).containsEntry("content", "Hi, I am Alice.");
        assertThat(sent.get(2)).containsEntry("content", "Hi, Alice.");
        // the tool round as the provider needs it back: the call with its reasoning, then its result
        assertThat(sent.get(4)).containsEntry("reasoning_content", "Need the order.").containsKey("tool_calls");
        assertThat(sent.get(5)).containsEntry("tool_call_id", "call_1");
        assertThat((String) sent.get(5).get("content")).contains("shipped");
        assertThat(sent.get(6)).containsEntry("content", "A-17 has shipped.");
        assertThat(sent.get(7)).containsEntry("content", "What did I ask?");
        // stored without the system message, which each request adds from the endpoint
        assertThat(roles(store.load("alice"))).containsExactly("user", "assistant", "user", "assistant", "tool",
                "assistant", "user", "assistant");
    }

    @Test
    void aFailedTurnLeavesTheHistoryAsItWas() {
        server.enqueue(Responses.sse(Chunks.answer("Hi, Bob.")));
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("Half an ans"),
                Chunks.event("{\"error\":{\"message\":\"model crashed\"}}")));
        server.enqueue(Responses.sse(Chunks.answer("Fine.")));

        turn("bob", "Hi, I am Bob.", "");
        Exchange failed = turn("bob", "Tell me a long story.", "");
        streamFailure(failed, Reason.SERVER_ERROR);
        assertThat(roles(store.load("bob"))).containsExactly("user", "assistant");
        Exchange third = turn("bob", "How are you?", "");

        assertThat(third.getException()).isNull();
        List<Map<String, Object>> sent = messages(server.requests().get(2));
        assertThat(roles(sent)).containsExactly("system", "user", "assistant", "user");
        assertThat(sent).noneMatch(m -> "Tell me a long story.".equals(m.get("content")));
        assertThat(sent.get(3)).containsEntry("content", "How are you?");
    }

    @Test
    void trimmingDropsWholeTurnsSoAToolRoundAtTheEdgeIsNeverSplit() {
        String tools = "tools=classpath:tools/orders.json&toolEndpoint.lookup_order=direct:lookupOrder";
        modelCallsLookup();
        server.enqueue(Responses.sse(Chunks.answer("A-17 has shipped.")));
        server.enqueue(Responses.sse(Chunks.answer("Thanks!")));
        server.enqueue(Responses.sse(Chunks.answer("Bye.")));

        // turn 1 is user, assistant(tool_calls), tool, assistant: four messages
        turn("carol", "Where is A-17?", tools + "&conversationMaxMessages=5");
        turn("carol", "Thanks.", tools + "&conversationMaxMessages=5");
        // 4 + 2 stored > 5: the whole tool turn goes, not just its first message
        assertThat(roles(store.load("carol"))).containsExactly("user", "assistant");
        turn("carol", "Bye.", tools + "&conversationMaxMessages=5");

        List<Map<String, Object>> sent = messages(server.requests().get(3));
        assertThat(roles(sent)).containsExactly("system", "user", "assistant", "user");
        assertThat(sent.get(1)).containsEntry("content", "Thanks.");
    }

    @Test
    void aCharacterBudgetKeepsTheNewestTurnsAndTheSystemMessage() {
        server.enqueue(Responses.sse(Chunks.answer("0123456789")));
        server.enqueue(Responses.sse(Chunks.answer("abcdefghij")));
        server.enqueue(Responses.sse(Chunks.answer("ok")));

        turn("dave", "first question", "conversationMaxChars=40");
        turn("dave", "second one", "conversationMaxChars=40");
        turn("dave", "third", "conversationMaxChars=40");

        List<Map<String, Object>> sent = messages(server.requests().get(2));
        // "second one" + "abcdefghij" + "third" = 25 fit; the first turn (24 more) does not
        assertThat(roles(sent)).containsExactly("system", "user", "assistant", "user");
        assertThat(sent.get(1)).containsEntry("content", "second one");
    }

    @Test
    void aSecondTurnOfOneConversationWhileTheFirstRunsIsRefused() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        raw.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            chunk(out, Chunks.role());
            chunk(out, Chunks.content("Thinking"));
            written.countDown();
            finish.await(AWAIT_MS, TimeUnit.MILLISECONDS);
            chunk(out, Chunks.finish("stop"));
            chunk(out, Chunks.DONE);
            chunk(out, "");
            awaitClientClose(socket, AWAIT_MS);
        });
        String rawUri = uri(raw.baseUrl(), "");
        CompletableFuture<Exchange> first = CompletableFuture.supplyAsync(() -> template.request(rawUri, e -> {
            e.getIn().setBody("one");
            e.getIn().setHeader(EmbyConstants.CONVERSATION_ID, "erin");
        }));
        assertThat(written.await(AWAIT_MS, TimeUnit.MILLISECONDS)).isTrue();

        Exchange second = template.request(rawUri, e -> {
            e.getIn().setBody("two");
            e.getIn().setHeader(EmbyConstants.CONVERSATION_ID, "erin");
        });
        Exchange other = turnOnRaw("frank");
        finish.countDown();

        assertThat(second.getException()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Conversation erin has a turn in flight");
        assertThat(raw.requests()).as("the refused turn sent nothing")
                .noneMatch(r -> r.body.contains("\"two\""));
        assertThat(other.getException()).as("another conversation is not held up").isNotNull()
                .isNotInstanceOf(IllegalStateException.class);
        assertThat(first.get(AWAIT_MS, TimeUnit.MILLISECONDS).getException()).isNull();
        assertThat(roles(store.load("erin"))).containsExactly("user", "assistant");
    }

    /** A turn on the raw server, which has no script left: it fails at the transport, not at the lock. */
    private Exchange turnOnRaw(String conversation) {
        return template.request(uri(raw.baseUrl(), "maxRetries=0"), e -> {
            e.getIn().setBody("hello");
            e.getIn().setHeader(EmbyConstants.CONVERSATION_ID, conversation);
        });
    }

    @Test
    void aBlankConversationIdFailsBeforeAnyRequest() {
        Exchange result = turn("  ", "hi", "");

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CamelEmbyConversationId is blank");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aStoreThatFailsToLoadFailsBeforeAnyRequest() {
        context.getRegistry().bind("brokenStore", ConversationStore.class, new ConversationStore() {
            @Override
            public List<Map<String, Object>> load(String conversationId) throws SQLException {
                throw new SQLException("the database is down");
            }

            @Override
            public void save(String conversationId, List<Map<String, Object>> messages) {
                throw new AssertionError("nothing to save");
            }

            @Override
            public void delete(String conversationId) {
            }
        });
        Exchange result = template.request("emby:chat?model=m&apiKey=k&baseUrl=" + server.baseUrl()
                                           + "&conversationStore=#brokenStore", e -> {
            e.getIn().setBody("hi");
            e.getIn().setHeader(EmbyConstants.CONVERSATION_ID, "gina");
        });

        assertThat(result.getException()).hasMessageContaining("Could not load conversation gina")
                .hasMessageContaining("the database is down").hasMessageContaining("Nothing was sent");
        assertThat(server.requests()).isEmpty();
    }

    private Exchange turnThroughRoute(String conversation, String prompt) {
        return context.createFluentProducerTemplate().to("direct:turn").withBody(prompt)
                .withHeader(EmbyConstants.CONVERSATION_ID, conversation)
                .withHeader("turnUri", uri(server.baseUrl(), "")).request(Exchange.class);
    }

    @Test
    void aConversationContinuesAfterTheCamelContextRestarts() throws Exception {
        server.enqueue(Responses.sse(Chunks.answer("Hi, Hal.")));
        server.enqueue(Responses.sse(Chunks.answer("You are Hal.")));
        assertThat(turnThroughRoute("hal", "I am Hal.").getException()).isNull();

        context.stop();
        // the application's store outlives the context; a stopped context forgets its registry's bindings
        context.getRegistry().bind("conversations", store);
        context.start();
        Exchange after = turnThroughRoute("hal", "Who am I?");

        assertThat(after.getException()).isNull();
        assertThat(roles(messages(server.requests().get(1)))).containsExactly("system", "user", "assistant", "user");
    }

    @Test
    void withoutTheHeaderNothingIsLoadedOrStored() {
        server.enqueue(Responses.sse(Chunks.answer("Hi.")));

        template.request(uri(server.baseUrl(), ""), e -> e.getIn().setBody("hi"));

        assertThat(roles(messages(server.requests().get(0)))).containsExactly("system", "user");
        assertThat(store.size()).isZero();
    }
}
