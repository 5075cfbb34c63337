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
package ai.emby.camel.sse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests {@link EventStreamParser} against the WHATWG event-stream rules, however the bytes are split into feeds.
 */
class EventStreamParserTest {

    private static final String OPENAI_STREAM = ""
            + ": OPENROUTER PROCESSING\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße \"},"
            + "\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好 😀\"},"
            + "\"finish_reason\":null}]}\n\n"
            + ": keep-alive\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}\n\n"
            + "data: [DONE]\n\n";

    /** Everything the handler saw, in order, as readable strings. */
    private static final class Recorder implements EventStreamParser.Handler {
        final List<String> calls = new ArrayList<>();
        final List<String> data = new ArrayList<>();
        final List<String> types = new ArrayList<>();

        @Override
        public void onEvent(String eventType, byte[] bytes, int offset, int length) {
            String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
            data.add(text);
            types.add(eventType);
            calls.add("event " + eventType + " [" + text + "]");
        }

        @Override
        public void onComment() {
            calls.add("comment");
        }

        @Override
        public void onRetry(long millis) {
            calls.add("retry " + millis);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Recorder parse(byte[]... chunks) {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        for (byte[] chunk : chunks) {
            parser.feed(chunk, 0, chunk.length);
        }
        return recorder;
    }

    private static Recorder parse(String... chunks) {
        byte[][] bytes = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            bytes[i] = utf8(chunks[i]);
        }
        return parse(bytes);
    }

    private static byte[][] split(byte[] bytes, int at) {
        byte[] first = new byte[at];
        byte[] second = new byte[bytes.length - at];
        System.arraycopy(bytes, 0, first, 0, at);
        System.arraycopy(bytes, at, second, 0, second.length);
        return new byte[][] { first, second };
    }

    @Test
    void lfEndsLines() {
        assertThat(parse("data: a\n\ndata: b\n\n").data).containsExactly("a", "b");
    }

    @Test
    void crlfEndsLines() {
        assertThat(parse("data: a\r\n\r\ndata: b\r\n\r\n").data).containsExactly("a", "b");
    }

    @Test
    void loneCrEndsLines() {
        assertThat(parse("data: a\r\rdata: b\r\r").data).containsExactly("a", "b");
    }

    @Test
    void crAtEndOfFeedAndLfAtStartOfNextAreOneLineEnd() {
        // were the LF a second line end, it would be a blank line dispatching "a" early and the event would split
        Recorder recorder = parse("data: a\r", "\ndata: b\r\n\r\n");
        assertThat(recorder.data).containsExactly("a\nb");
    }

    @Test
    void crlfSplitBetweenFeedsInsideBlankLine() {
        assertThat(parse("data: a\r\n\r", "\ndata: b\r\n\r\n").data).containsExactly("a", "b");
    }

    @Test
    void crAtEndOfFeedFollowedByOtherByteIsStillALineEnd() {
        assertThat(parse("data: a\r", "\r").data).containsExactly("a");
    }

    @Test
    void valueWithoutSpaceAfterColon() {
        assertThat(parse("data:x\n\n").data).containsExactly("x");
    }

    @Test
    void oneSpaceAfterColonIsRemoved() {
        assertThat(parse("data: x\n\n").data).containsExactly("x");
    }

    @Test
    void onlyOneLeadingSpaceIsRemoved() {
        assertThat(parse("data:  x\n\n").data).containsExactly(" x");
    }

    @Test
    void multiLineDataIsJoinedWithLf() {
        assertThat(parse("data: one\ndata: two\ndata:three\n\n").data).containsExactly("one\ntwo\nthree");
    }

    @Test
    void emptyDataFieldDispatchesEmptyString() {
        Recorder recorder = parse("data:\n\ndata\n\n");
        assertThat(recorder.data).containsExactly("", "");
    }

    @Test
    void blankLineWithoutDataDispatchesNothing() {
        assertThat(parse("\n\n\nid: 1\n\n").calls).isEmpty();
    }

    @Test
    void commentLinesCallOnCommentAndDispatchNothing() {
        Recorder recorder = parse(": keep-alive\n\n: OPENROUTER PROCESSING\n\n:\n\n");
        assertThat(recorder.calls).containsExactly("comment", "comment", "comment");
    }

    @Test
    void eventTypeAppliesToItsEventOnly() {
        Recorder recorder = parse("event: delta\ndata: a\n\ndata: b\n\n");
        assertThat(recorder.types).containsExactly("delta", null);
    }

    @Test
    void eventTypeIsResetByBlankLineEvenWithoutData() {
        assertThat(parse("event: ping\n\ndata: b\n\n").types).containsExactly((String) null);
    }

    @Test
    void emptyEventFieldMeansDefaultType() {
        assertThat(parse("event:\ndata: a\n\n").types).containsExactly((String) null);
    }

    @Test
    void eventTypeIsDecodedAsUtf8() {
        assertThat(parse("event: tür\ndata: a\n\n").types).containsExactly("tür");
    }

    @Test
    void idSetsLastEventId() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        assertThat(parser.lastEventId()).isNull();
        byte[] bytes = utf8("id: 41\ndata: a\n\nid: 42\ndata: b\n\n");
        parser.feed(bytes, 0, bytes.length);
        assertThat(parser.lastEventId()).isEqualTo("42");
    }

    @Test
    void idContainingNulIsIgnored() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] bytes = utf8("id: 7\ndata: a\n\nid: 8\u0000\ndata: b\n\n");
        parser.feed(bytes, 0, bytes.length);
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void retryWithDigitsCallsOnRetry() {
        assertThat(parse("retry: 3000\n\n").calls).containsExactly("retry 3000");
    }

    @Test
    void retryWithoutOnlyDigitsIsIgnored() {
        assertThat(parse("retry: 3s\nretry:\nretry: -1\nretry: 99999999999999999999\n\n").calls).isEmpty();
    }

    @Test
    void unknownFieldIsIgnored() {
        Recorder recorder = parse("foo: bar\ndata: a\nx\ndatum: b\n\n");
        assertThat(recorder.calls).containsExactly("event null [a]");
    }

    @Test
    void errorFieldIsReadAsDataWithErrorType() {
        Recorder recorder = parse("error: {\"message\":\"model not loaded\"}\n\n");
        assertThat(recorder.calls).containsExactly("event error [{\"message\":\"model not loaded\"}]");
    }

    @Test
    void errorFieldKeepsAnExplicitEventType() {
        assertThat(parse("event: failure\nerror: boom\n\ndata: ok\n\n").types).containsExactly("failure", null);
    }

    // ---- bare JSON (Google appends its error object to the stream without a field name) -----------------------

    private static final String GOOGLE_ERROR = "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is"
                                               + " overloaded.\",\n    \"status\": \"UNAVAILABLE\"\n  }\n}\n";

    @Test
    void bareJsonDocumentIsOneEventAtTheEndOfTheBody() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] body = utf8("data: a\n\n" + GOOGLE_ERROR);
        parser.feed(body, 0, body.length);
        assertThat(recorder.data).containsExactly("a");
        assertThat(parser.hasPendingEvent()).isTrue();

        assertThat(parser.endAndDispatch()).isTrue();
        assertThat(recorder.types).containsExactly(null, null);
        assertThat(recorder.data).containsExactly("a", GOOGLE_ERROR.substring(0, GOOGLE_ERROR.length() - 1));
    }

    @Test
    void bareJsonDocumentEndsAtABlankLineOrAtTheNextField() {
        assertThat(parse(GOOGLE_ERROR + "\ndata: [DONE]\n\n").data)
                .containsExactly(GOOGLE_ERROR.substring(0, GOOGLE_ERROR.length() - 1), "[DONE]");
        assertThat(parse("[{\n  \"error\": {\"code\": 429}\n}\n]\ndata: [DONE]\n\n").data)
                .containsExactly("[{\n  \"error\": {\"code\": 429}\n}\n]", "[DONE]");
        // one-line documents (NDJSON) are one event each
        assertThat(parse("{\"a\":1}\n{\"b\":2}\r\n: comment\n{\"c\":3}\n\n").calls)
                .containsExactly("event null [{\"a\":1}]", "event null [{\"b\":2}]", "comment", "event null [{\"c\":3}]");
    }

    @Test
    void braceLineInsideAnEventIsStillIgnored() {
        assertThat(parse("data: a\n{\"not\": \"json of its own\"}\n  more\n\n").data).containsExactly("a");
        assertThat(parse("event: x\n[1]\n\n").calls).isEmpty();
    }

    @Test
    void bareJsonSplitAtEveryByte() {
        byte[] body = utf8("data: a\n\n" + GOOGLE_ERROR + "\r\n");
        for (int at = 1; at < body.length; at++) {
            Recorder recorder = parse(split(body, at));
            assertThat(recorder.data).as("split at " + at)
                    .containsExactly("a", GOOGLE_ERROR.substring(0, GOOGLE_ERROR.length() - 1));
        }
    }

    @Test
    void bareJsonIsDiscardedByTheWhatwgEnd() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] body = utf8(GOOGLE_ERROR);
        parser.feed(body, 0, body.length);
        assertThat(parser.end()).isTrue();
        assertThat(recorder.calls).isEmpty();
    }

    @Test
    void bomAtStartIsSkipped() {
        byte[] bytes = utf8("\uFEFFdata: a\n\n");
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        assertThat(parse(bytes).data).containsExactly("a");
    }

    @Test
    void bomSplitAcrossFeedsIsSkipped() {
        byte[] bytes = utf8("\uFEFFdata: a\n\n");
        assertThat(parse(split(bytes, 1)).data).containsExactly("a");
        assertThat(parse(split(bytes, 2)).data).containsExactly("a");
        assertThat(parse(new byte[] { bytes[0] }, new byte[] { bytes[1] }, new byte[] { bytes[2] },
                new byte[0], utf8("data: a\n\n")).data).containsExactly("a");
    }

    @Test
    void bomIsSkippedOnlyAtStart() {
        // a second BOM is part of the line: here it makes the field name "\uFEFFdata", an unknown field
        Recorder recorder = parse("\uFEFF\uFEFFdata: a\n\ndata: \uFEFFb\n\n");
        assertThat(recorder.data).containsExactly("\uFEFFb");
    }

    @Test
    void bytesThatOnlyStartLikeABomArePartOfTheFirstLine() {
        byte[] bytes = { (byte) 0xEF, (byte) 0xBB, 'x', '\n', 'd', 'a', 't', 'a', ':', 'a', '\n', '\n' };
        Recorder recorder = parse(split(bytes, 2));
        assertThat(recorder.data).containsExactly("a");
        Recorder comment = parse(new byte[] { (byte) 0xEF }, utf8(":x\ndata: b\n\n"));
        // the held-back 0xEF starts the first line, so it is no comment but an unknown field
        assertThat(comment.calls).containsExactly("event null [b]");
    }

    @Test
    void fourByteEmojiSplitAtEveryPosition() {
        assertSplitAtEveryPositionKeepsData("data: a😀b\n\n", "a😀b");
    }

    @Test
    void threeByteCjkSplitAtEveryPosition() {
        assertSplitAtEveryPositionKeepsData("data: 中文\n\n", "中文");
    }

    private static void assertSplitAtEveryPositionKeepsData(String stream, String expected) {
        byte[] bytes = utf8(stream);
        for (int at = 0; at <= bytes.length; at++) {
            Recorder recorder = parse(split(bytes, at));
            assertThat(recorder.data).as("split at %d", at).containsExactly(expected);
        }
    }

    @Test
    void dataBytesPassThroughUntouched() {
        byte[] expected = utf8("😀中");
        List<byte[]> seen = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(
                (type, data, offset, length) -> seen.add(Arrays.copyOfRange(data, offset, offset + length)), 0);
        byte[] bytes = utf8("data: 😀中\n\n");
        parser.feed(bytes, 0, bytes.length);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).isEqualTo(expected);
    }

    @Test
    void oneByteAtATimeGivesSameEventsAsWhole() {
        byte[] bytes = utf8(OPENAI_STREAM);
        Recorder whole = parse(bytes);

        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }

        assertThat(whole.data).hasSize(5).last().isEqualTo("[DONE]");
        assertThat(whole.data.get(2)).contains("你好 😀");
        assertThat(recorder.calls).isEqualTo(whole.calls);
        assertThat(parser.eventCount()).isEqualTo(5);
        assertThat(parser.end()).isFalse();
    }

    @Test
    void endReportsEventWithoutBlankLine() {
        EventStreamParser parser = new EventStreamParser(new Recorder(), 0);
        byte[] bytes = utf8("data: a\n\ndata: b\n");
        parser.feed(bytes, 0, bytes.length);
        assertThat(parser.hasPendingEvent()).isTrue();
        assertThat(parser.end()).isTrue();
        assertThat(parser.eventCount()).isEqualTo(1);
    }

    @Test
    void endReportsPartialLine() {
        EventStreamParser parser = new EventStreamParser(new Recorder(), 0);
        byte[] bytes = utf8("data: a\n\ndata: b");
        parser.feed(bytes, 0, bytes.length);
        assertThat(parser.end()).isTrue();
    }

    @Test
    void endIsFalseAfterCleanEnd() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] bytes = utf8("data: a\r\n\r\n: bye\n");
        parser.feed(bytes, 0, bytes.length);
        assertThat(parser.hasPendingEvent()).isFalse();
        assertThat(parser.end()).isFalse();
        assertThat(recorder.data).containsExactly("a");
    }

    @Test
    void endDiscardsThePartialEventAndKeepsLastEventId() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] first = utf8("id: 1\ndata: a\n\ndata: lost\n");
        parser.feed(first, 0, first.length);
        assertThat(parser.end()).isTrue();
        byte[] second = utf8("\uFEFFdata: b\n\n");
        parser.feed(second, 0, second.length);
        assertThat(recorder.data).containsExactly("a", "b");
        assertThat(parser.lastEventId()).isEqualTo("1");
    }

    // ---- endAndDispatch: SPEC "End of body" ------------------------------------------------------------------------

    @Test
    void endAndDispatchDispatchesALastEventWhoseLinesAllEnded() {
        for (String eol : new String[] { "\n", "\r\n", "\r" }) {
            Recorder recorder = new Recorder();
            EventStreamParser parser = new EventStreamParser(recorder, 0);
            byte[] bytes = utf8("data: a\n\nevent: last\ndata: b" + eol + "data: c" + eol);
            parser.feed(bytes, 0, bytes.length);

            assertThat(parser.endAndDispatch()).as("pending, with %s", eol.replace("\r", "CR").replace("\n", "LF"))
                    .isTrue();
            assertThat(recorder.data).containsExactly("a", "b\nc");
            assertThat(recorder.types).containsExactly(null, "last");
        }
    }

    @Test
    void endAndDispatchDiscardsALineCutInsideItsJson() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] bytes = utf8("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
                            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hel");
        parser.feed(bytes, 0, bytes.length);

        assertThat(parser.endAndDispatch()).isTrue();
        assertThat(recorder.data).containsExactly("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");
        assertThat(parser.eventCount()).isEqualTo(1);
    }

    @Test
    void endAndDispatchDiscardsACompleteJsonWithoutItsLineEnd() {
        // the JSON happens to be whole, but the line never ended: WHATWG discards it, and so does SPEC
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] bytes = utf8("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        parser.feed(bytes, 0, bytes.length);

        assertThat(parser.endAndDispatch()).isTrue();
        assertThat(recorder.calls).isEmpty();
        assertThat(parser.eventCount()).isZero();
    }

    @Test
    void endAndDispatchDiscardsTheWholeEventWhenItsLastFieldLineIsCut() {
        // the first line of a two-line JSON ended, the second did not: half of the data must not be dispatched
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] bytes = utf8("data: a\n\nid: 7\ndata: {\"choices\":\ndata: []}");
        parser.feed(bytes, 0, bytes.length);

        assertThat(parser.endAndDispatch()).isTrue();
        assertThat(recorder.data).containsExactly("a");
    }

    @Test
    void endAndDispatchIgnoresACutCommentAndStillDispatchesTheEvent() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] bytes = utf8("data: a\n\ndata: b\n: keep-al");
        parser.feed(bytes, 0, bytes.length);

        assertThat(parser.endAndDispatch()).isTrue();
        assertThat(recorder.data).containsExactly("a", "b");
    }

    @Test
    void endAndDispatchDoesNotProcessACutIdOrRetryLine() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] first = utf8("id: 1\ndata: a\n\nid: 2");
        parser.feed(first, 0, first.length);
        assertThat(parser.endAndDispatch()).isTrue();
        byte[] second = utf8("retry: 100");
        parser.feed(second, 0, second.length);
        assertThat(parser.endAndDispatch()).isTrue();

        assertThat(parser.lastEventId()).isEqualTo("1");
        assertThat(recorder.calls).containsExactly("event null [a]");
    }

    @Test
    void endAndDispatchAfterACleanEndReportsNothingPending() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] bytes = utf8(OPENAI_STREAM);
        parser.feed(bytes, 0, bytes.length);

        assertThat(parser.endAndDispatch()).isFalse();
        assertThat(recorder.data).hasSize(5);
    }

    @Test
    void endAndDispatchLeavesTheParserAtTheStartOfAStream() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);
        byte[] first = utf8("data: a\n\ndata: cut");
        parser.feed(first, 0, first.length);
        parser.endAndDispatch();
        byte[] second = utf8("\uFEFFdata: b\n\n");
        parser.feed(second, 0, second.length);

        assertThat(recorder.data).containsExactly("a", "b");
        assertThat(parser.hasPendingEvent()).isFalse();
    }

    @Test
    void dataLargerThanMaxEventSizeThrows() {
        EventStreamParser parser = new EventStreamParser(new Recorder(), 8);
        byte[] bytes = utf8("data: 12345\ndata: 678\n\n");
        assertThatThrownBy(() -> parser.feed(bytes, 0, bytes.length))
                .isInstanceOf(EventTooLargeException.class)
                .hasMessageContaining("8 bytes")
                .hasMessageContaining("maxEventSize");
    }

    @Test
    void dataOfExactlyMaxEventSizeIsAccepted() {
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 8);
        byte[] bytes = utf8("data: 1234\ndata: 567\n\n");
        parser.feed(bytes, 0, bytes.length);
        assertThat(recorder.data).containsExactly("1234\n567");
    }

    @Test
    void endlessLineLargerThanMaxEventSizeThrows() {
        EventStreamParser parser = new EventStreamParser(new Recorder(), 16);
        byte[] chunk = utf8("xxxxxxxxxx");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                parser.feed(chunk, 0, chunk.length);
            }
        }).isInstanceOf(EventTooLargeException.class).hasMessageContaining("16 bytes");
    }

    @Test
    void feedByteBufferConsumesEverything() {
        byte[] bytes = utf8("data: a\n\ndata: b\n\n");
        Recorder recorder = new Recorder();
        EventStreamParser parser = new EventStreamParser(recorder, 0);

        ByteBuffer heap = ByteBuffer.wrap(bytes, 2, bytes.length - 2).slice();
        ByteBuffer prefix = ByteBuffer.wrap(bytes, 0, 2);
        parser.feed(prefix);
        parser.feed(heap);
        assertThat(prefix.hasRemaining()).isFalse();
        assertThat(heap.position()).isEqualTo(heap.limit());

        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        parser.feed(direct);
        assertThat(direct.hasRemaining()).isFalse();

        ByteBuffer readOnly = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        parser.feed(readOnly);
        assertThat(readOnly.hasRemaining()).isFalse();

        assertThat(recorder.data).containsExactly("a", "b", "a", "b", "a", "b");
    }

    @Test
    void randomChunkSizesAlwaysYieldIdenticalEvents() {
        Random random = new Random(20240611L);
        byte[] bytes = randomStream(random);
        Recorder whole = parse(bytes);
        assertThat(whole.data).hasSizeGreaterThan(300);

        for (int round = 0; round < 200; round++) {
            Recorder recorder = new Recorder();
            EventStreamParser parser = new EventStreamParser(recorder, 0);
            int pos = 0;
            while (pos < bytes.length) {
                int n = Math.min(bytes.length - pos, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
                parser.feed(bytes, pos, n);
                pos += n;
            }
            assertThat(recorder.calls).as("round %d", round).isEqualTo(whole.calls);
            assertThat(parser.end()).isFalse();
        }
    }

    private static byte[] randomStream(Random random) {
        String[] eols = { "\n", "\r\n", "\r" };
        String[] texts = { "hello", "Grüße", "你好", "😀🎉", "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}", "", " lead" };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("\uFEFF"));
        for (int i = 0; i < 400; i++) {
            String eol = eols[random.nextInt(eols.length)];
            StringBuilder event = new StringBuilder();
            if (random.nextInt(5) == 0) {
                event.append(": keep-alive").append(eol);
            }
            if (random.nextInt(4) == 0) {
                event.append("event: type").append(random.nextInt(3)).append(eol);
            }
            if (random.nextInt(10) == 0) {
                event.append("id: ").append(i).append(eol);
            }
            if (random.nextInt(20) == 0) {
                event.append("retry: ").append(random.nextInt(10000)).append(eol);
            }
            int lines = 1 + random.nextInt(3);
            for (int l = 0; l < lines; l++) {
                String field = random.nextInt(30) == 0 ? "error" : "data";
                event.append(field).append(random.nextBoolean() ? ": " : ":")
                        .append(texts[random.nextInt(texts.length)]).append(eol);
            }
            event.append(eol);
            out.writeBytes(utf8(event.toString()));
        }
        out.writeBytes(utf8("data: [DONE]\n\n"));
        return out.toByteArray();
    }
}
