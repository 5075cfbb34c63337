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

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.RawServer;
import ai.emby.camel.support.ResponseEvents;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.RawServer.chunk;
import static ai.emby.camel.support.RawServer.head;
import static ai.emby.camel.support.RawServer.lastChunk;
import static ai.emby.camel.support.ResponseEvents.response;
import static ai.emby.camel.support.ResponseEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that a Responses stream that fails ends the exchange with the same typed exceptions and Reasons as chat,
 * carrying the text received so far: {@code response.failed} and {@code error} events are SERVER_ERROR, a stream
 * without {@code response.completed} is TRUNCATED, a cut connection is TRANSPORT, and a {@code sequence_number} that
 * goes backwards or repeats is MALFORMED. {@code response.incomplete} ends like chat's {@code finish_reason: length}:
 * an answer, with the finish reason that says it was cut. The streams follow OpenAI's API reference (see
 * docs/providers.md); the server is a raw socket so that it can cut the connection.
 */
class EmbyResponsesFailuresTest extends CamelTestSupport {

    private static final long LET_CLIENT_READ_MS = 500;

    @RegisterExtension
    RawServer server = new RawServer();

    private Exchange call() {
        return template.request("emby:responses?model=gpt-4.1&apiKey=sk-test&maxRetries=0&baseUrl=" + server.baseUrl(),
                e -> e.getIn().setBody("hi"));
    }

    private void streamWhole(String... events) {
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            for (String event : events) {
                chunk(out, event);
            }
            lastChunk(out);
        });
    }

    private static EmbyStreamException failure(Exchange result, Reason reason) {
        assertThat(result.getException()).isInstanceOf(EmbyStreamException.class);
        EmbyStreamException failure = (EmbyStreamException) result.getException();
        assertThat(failure.getReason()).as(failure.getMessage()).isEqualTo(reason);
        return failure;
    }

    @Test
    void responseFailedMidwayIsServerErrorWithThePartialText() {
        ResponseEvents e = new ResponseEvents();
        streamWhole(e.created(), e.textDelta("Hel"), e.textDelta("lo"),
                e.event("response.failed", response("failed", "\"error\":{\"code\":\"server_error\","
                                                              + "\"message\":\"The model crashed\"}")));

        EmbyStreamException failure = failure(call(), Reason.SERVER_ERROR);

        assertThat(failure.getMessage()).contains("The model crashed");
        assertThat(failure.getErrorCode()).isEqualTo("server_error");
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
        assertThat(failure.getDeltaCount()).isEqualTo(2);
    }

    /** OpenAI's (and vLLM's) {@code error} event: code, message, param at the top level. */
    @Test
    void errorEventIsServerError() {
        ResponseEvents e = new ResponseEvents();
        streamWhole(e.created(), e.textDelta("Hi"),
                e.event("error", "\"code\":\"ERR_SOMETHING\",\"message\":\"Something went wrong\",\"param\":null"));

        EmbyStreamException failure = failure(call(), Reason.SERVER_ERROR);

        assertThat(failure.getMessage()).contains("Something went wrong");
        assertThat(failure.getErrorCode()).isEqualTo("ERR_SOMETHING");
        assertThat(failure.getPartialContent()).isEqualTo("Hi");
    }

    @Test
    void incompleteForMaxOutputTokensIsLength() {
        ResponseEvents e = new ResponseEvents();
        streamWhole(e.created(), e.textDelta("Once upon"),
                e.event("response.incomplete", response("incomplete", "\"incomplete_details\":{\"reason\":"
                                                                      + "\"max_output_tokens\"}," + usage(5, 0, 16, 0))));

        Exchange result = call();

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("Once upon");
        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("length");
        assertThat(result.getMessage().getHeader(EmbyConstants.COMPLETION_TOKENS)).isEqualTo(16);
    }

    @Test
    void incompleteForContentFilterIsContentFilter() {
        ResponseEvents e = new ResponseEvents();
        streamWhole(e.created(), e.textDelta("Some"),
                e.event("response.incomplete", response("incomplete", "\"incomplete_details\":{\"reason\":"
                                                                      + "\"content_filter\"}")));

        Exchange result = call();

        assertThat(result.getMessage().getHeader(EmbyConstants.FINISH_REASON)).isEqualTo("content_filter");
    }

    @Test
    void aStreamWithoutResponseCompletedIsTruncated() {
        ResponseEvents e = new ResponseEvents();
        streamWhole(e.created(), e.textDelta("Hel"), e.textDelta("lo"));

        EmbyStreamException failure = failure(call(), Reason.TRUNCATED);

        assertThat(failure.getMessage()).contains("response.completed");
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
    }

    @Test
    void aConnectionResetMidStreamIsTransport() {
        ResponseEvents e = new ResponseEvents();
        server.enqueue((socket, out) -> {
            head(out, 200, "text/event-stream");
            chunk(out, e.created());
            chunk(out, e.textDelta("Hel"));
            chunk(out, e.textDelta("lo"));
            Thread.sleep(LET_CLIENT_READ_MS);
            RawServer.rst(socket);
        });

        EmbyStreamException failure = failure(call(), Reason.TRANSPORT);

        assertThat(causeIs(failure, IOException.class)).isTrue();
        assertThat(failure.getPartialContent()).isEqualTo("Hello");
    }

    @Test
    void aSequenceNumberGoingBackwardsIsMalformed() {
        streamWhole(ResponseEvents.numbered("response.output_text.delta", "\"output_index\":0,\"delta\":\"A\"", 5),
                ResponseEvents.numbered("response.output_text.delta", "\"output_index\":0,\"delta\":\"B\"", 4),
                ResponseEvents.numbered("response.completed", response("completed", ""), 6));

        EmbyStreamException failure = failure(call(), Reason.MALFORMED);

        assertThat(failure.getMessage()).contains("sequence_number 4 came after 5");
        assertThat(failure.getPartialContent()).isEqualTo("A");
    }

    @Test
    void aRepeatedSequenceNumberIsMalformed() {
        String delta = ResponseEvents.numbered("response.output_text.delta", "\"output_index\":0,\"delta\":\"A\"", 1);
        streamWhole(delta, delta, ResponseEvents.numbered("response.completed", response("completed", ""), 2));

        EmbyStreamException failure = failure(call(), Reason.MALFORMED);

        assertThat(failure.getMessage()).contains("sequence_number 1 came after 1");
    }

    private static boolean causeIs(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
