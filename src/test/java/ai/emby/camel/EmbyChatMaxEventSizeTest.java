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

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that {@code maxEventSize=0} means "no limit" for a whole JSON answer ({@code stream=false}, or a JSON answer
 * to a streaming request) as it does for an event stream, and that {@code maxAnswerChars} still bounds such an answer.
 */
class EmbyChatMaxEventSizeTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    /** Larger than any buffer on the way, so the body arrives in many reads. */
    private static final String TEXT = "0123456789".repeat(20_000);

    private static String completion(String text) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
               + "\"message\":{\"role\":\"assistant\",\"content\":" + Chunks.quote(text) + "},\"finish_reason\":\"stop\"}]}";
    }

    @Test
    void zeroAcceptsANonStreamingAnswer() {
        server.enqueue(Responses.json(200, completion(TEXT)));

        Exchange result = call("&stream=false&maxEventSize=0");

        assertThat(result.getException()).as("the exchange's exception").isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(TEXT);
    }

    @Test
    void zeroAcceptsAJsonAnswerToAStreamingRequest() {
        server.enqueue(Responses.json(200, completion(TEXT)));

        Exchange result = call("&maxEventSize=0");

        assertThat(result.getException()).as("the exchange's exception").isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(TEXT);
    }

    @Test
    void zeroAcceptsAChunkedNonStreamingAnswer() {
        server.enqueue(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(completion(TEXT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });

        Exchange result = call("&stream=false&maxEventSize=0");

        assertThat(result.getException()).as("the exchange's exception").isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(TEXT);
    }

    @Test
    void maxAnswerCharsStillBoundsAnUnlimitedJsonAnswer() {
        server.enqueue(Responses.json(200, completion(TEXT)));

        Exchange result = call("&stream=false&maxEventSize=0&maxAnswerChars=1000");

        assertThat(result.getException()).isInstanceOf(EmbyStreamException.class);
        assertThat(((EmbyStreamException) result.getException()).getReason())
                .isEqualTo(EmbyStreamException.Reason.ANSWER_TOO_LARGE);
    }

    private Exchange call(String options) {
        return template.request(String.format("emby:chat?model=m&apiKey=k&baseUrl=%s%s", server.baseUrl(), options),
                e -> e.getIn().setBody("hi"));
    }
}
