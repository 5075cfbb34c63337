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

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the event-stream reading over a real socket: whatever way the server cuts its writes (one byte at a time, a
 * code point or a CRLF split between two writes) and whichever line ends and field spellings it uses, the answer and
 * the emitted deltas are exactly what the server sent.
 */
class EmbyChatWireFormatTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s&deltaUri=mock:deltas",
                                server.baseUrl());
            }
        };
    }

    private Exchange chat() {
        return template.request("direct:chat", e -> e.getIn().setBody("hi"));
    }

    @Test
    void streamDeliveredOneBytePerWrite() throws Exception {
        getMockEndpoint("mock:deltas").expectedBodiesReceived("Grüß ", "dich 👋", "!");
        server.enqueue(Responses.sseByteByByte(String.join("", Chunks.answer("Grüß ", "dich 👋", "!"))));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("Grüß dich 👋!");
        assertThat(result.getMessage().getHeader(EmbyConstants.TOTAL_TOKENS)).isEqualTo(13);
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void crlfLineEnds() {
        server.enqueue(Responses.sse(String.join("", Chunks.answer("a", "b")).replace("\n", "\r\n")));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("ab");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("stop");
    }

    @Test
    void crlfSplitBetweenTwoWrites() {
        byte[] stream = String.join("", Chunks.answer("x", "y")).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        int cr = indexOf(stream, (byte) '\r');
        server.enqueue(Responses.sseSplitAt(stream, cr + 1));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("xy");
    }

    @Test
    void loneCrLineEnds() {
        server.enqueue(Responses.sse(String.join("", Chunks.answer("c", "r")).replace("\n", "\r")));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("cr");
    }

    @Test
    void astralEmojiSplitAcrossWrites() throws Exception {
        getMockEndpoint("mock:deltas").expectedBodiesReceived("smile ", "😀", " done");
        byte[] stream = String.join("", Chunks.answer("smile ", "😀", " done")).getBytes(StandardCharsets.UTF_8);
        int emoji = indexOf(stream, (byte) 0xF0);
        // cut inside the four bytes of U+1F600, twice
        server.enqueue(Responses.sseSplitAt(stream, emoji + 1, emoji + 3));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("smile 😀 done");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void bomCommentsAndDataWithoutSpace() {
        String stream = "\uFEFF: OPENROUTER PROCESSING\n\n"
                        + String.join("", Chunks.answer("no", "space")).replace("data: ", "data:")
                        + ": trailing comment\n\n";
        server.enqueue(Responses.sse(stream));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("nospace");
    }

    @Test
    void multiLineDataIsJoinedBeforeParsing() {
        String chunk = "data: {\"choices\":[{\"index\":0,\n"
                       + "data: \"delta\":{\"content\":\"two lines\"}}]}\n\n";
        server.enqueue(Responses.sse(Chunks.role(), chunk, Chunks.finish("stop"), Chunks.DONE));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("two lines");
    }

    @Test
    void cleanEndAfterFinishWithoutDoneIsComplete() {
        // llama.cpp and some proxies close the body after the finish chunk without [DONE]
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("ok"), Chunks.finish("length")));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("ok");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("length");
    }

    @Test
    void lastEventWithoutItsBlankLineIsStillRead() {
        // openai-node dispatches an event still pending when the body ends; so does the component, when the event's
        // lines all ended (SPEC "End of body": only the blank line is missing; a cut line would be discarded)
        String finish = Chunks.finish("stop");
        server.enqueue(Responses.sse(Chunks.role(), Chunks.content("tail"), finish.substring(0, finish.length() - 1)));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("tail");
    }

    @Test
    void eventAndIdFieldsAreAccepted() {
        server.enqueue(Responses.sse("id: 1\nevent: message\nretry: 1000\n" + Chunks.content("with fields"),
                Chunks.finish("stop"), Chunks.DONE));

        Exchange result = chat();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("with fields");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
