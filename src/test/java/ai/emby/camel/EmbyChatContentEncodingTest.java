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
import ai.emby.camel.support.RawServer;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves how content codings are handled: requests advertise only gzip, the one coding the component decodes; an
 * answer in any other coding (brotli, zstd, deflate: a proxy that compresses on its own) fails at once with reason
 * {@code MALFORMED}, not retried, and a message that names the coding and says what to change, instead of a
 * transport or connect failure; an HTTP error in such a coding still reports its status.
 */
class EmbyChatContentEncodingTest extends CamelTestSupport {

    @RegisterExtension
    RawServer server = new RawServer();

    /** Not what the header says, but no client gets that far: the coding alone decides. */
    private static final String BODY = Chunks.content("unreadable") + Chunks.DONE;

    @Test
    void requestsAdvertiseOnlyGzip() {
        server.enqueue((socket, out) -> {
            RawServer.head(out, 200, "text/event-stream");
            for (String event : Chunks.answer("ok")) {
                RawServer.chunk(out, event);
            }
            RawServer.lastChunk(out);
        });

        Exchange result = call();

        assertThat(result.getException()).isNull();
        assertThat(server.requests().get(0).header("Accept-Encoding")).isEqualTo("gzip");
    }

    @ParameterizedTest
    @ValueSource(strings = { "br", "zstd", "deflate", "compress" })
    void anAnswerInAnotherCodingIsMalformedAndNamesIt(String coding) {
        server.always((socket, out) -> {
            RawServer.head(out, 200, "text/event-stream", "Content-Encoding", coding);
            RawServer.chunk(out, BODY);
            RawServer.lastChunk(out);
        });

        Exchange result = call();

        assertThat(result.getException()).as("the exchange's exception").isInstanceOf(EmbyStreamException.class);
        EmbyStreamException failure = (EmbyStreamException) result.getException();
        assertThat(failure.getReason()).as("reason of: %s", failure.getMessage()).isEqualTo(EmbyStreamException.Reason.MALFORMED);
        assertThat(failure.getMessage()).contains("Content-Encoding: " + coding).contains("gzip").contains("identity");
        assertThat(server.requests()).as("requests sent: never retried").hasSize(1);
    }

    @Test
    void anHttpErrorInAnotherCodingKeepsItsStatus() {
        server.always((socket, out) -> {
            RawServer.head(out, 400, "application/json", "Content-Encoding", "br");
            RawServer.chunk(out, "\u001b\u0000not brotli");
            RawServer.lastChunk(out);
        });

        Exchange result = call();

        assertThat(result.getException()).as("the exchange's exception").isInstanceOf(EmbyApiException.class);
        assertThat(((EmbyApiException) result.getException()).getStatusCode()).isEqualTo(400);
    }

    private Exchange call() {
        return template.request(String.format("emby:chat?model=m&apiKey=k&baseUrl=%s&maxRetries=1", server.baseUrl()),
                e -> e.getIn().setBody("hi"));
    }
}
