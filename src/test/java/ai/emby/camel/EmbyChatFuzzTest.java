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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.RawServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that no answer a server can give breaks an exchange: {@link #CASES} random and mutated responses (fixed seed,
 * one {@link Random} per case, so a failing case id reproduces alone) are served over real HTTP, {@link #IN_FLIGHT}
 * at a time, through five endpoint configurations (aggregate, emit, emit with word-bounded groups, JSON deltas with
 * reasoning, emit with size groups and an end exchange). The responses are event streams of every chunk kind, with
 * random Unicode (surrogate pairs, lone surrogates, raw control characters), line ends (LF, CRLF, CR), BOM, comments
 * and fields, then mutated (bit flips, inserted tokens and bytes, deleted, duplicated and truncated ranges); plus JSON
 * completions, HTML and other content types, HTTP errors, 204, and gzip bodies, valid or corrupted; each written in
 * random pieces, chunked or with a Content-Length.
 * <p>
 * Each exchange must end within {@link #CASE_BOUND_MS} in success or an {@link EmbyException}, never another
 * exception; a stream failure's reason must be one a complete, well-framed response can cause ({@code TRUNCATED},
 * {@code MALFORMED}, {@code SERVER_ERROR}; a parser bug would surface as {@code TRANSPORT}); and in emit mode the
 * content deltas of choice 0 must add up to exactly the body (success) or the partial content (failure), with
 * contiguous delta indexes and {@code getEmittedCount()} equal to the delta exchanges sent. Neither a delta exchange
 * nor the original's callback may run on an HTTP I/O thread (SPEC "Threading"), which this load of short concurrent
 * streams would show.
 */
class EmbyChatFuzzTest extends CamelTestSupport {

    private static final long SEED = 0xE3B7_2025L;
    private static final int CASES = 3_000;
    /** Exchanges in flight together. */
    private static final int IN_FLIGHT = 8;
    /** Longest one exchange may take: the server always ends its response at once, so only a hang trips it. */
    private static final long CASE_BOUND_MS = 15_000;
    private static final Pattern CASE_ID = Pattern.compile("fuzz case (\\d+)");
    private static final String[] CONFIGS = {
            "",
            "&deltaUri=direct:sink",
            "&deltaUri=direct:sink&bufferMaxChars=7&bufferBoundary=word",
            "&deltaUri=direct:sink&deltaFormat=json&emitReasoning=true",
            "&deltaUri=direct:sink&bufferSize=3&emitEnd=true" };
    private static final Set<Reason> WELL_FRAMED_REASONS = EnumSet.of(Reason.TRUNCATED, Reason.MALFORMED,
            Reason.SERVER_ERROR);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    RawServer server = new RawServer();

    private final Map<Integer, Response> responses = new ConcurrentHashMap<>();
    /** Delta exchanges per stream id, in arrival order (one stream sends one at a time). */
    private final Map<String, List<Delta>> deltas = new ConcurrentHashMap<>();
    private final AtomicInteger deltasOnIoThreads = new AtomicInteger();

    /** One delta exchange as the sink saw it. */
    private static final class Delta {
        final int index;
        final int choice;
        final String type;
        final String text;

        Delta(int index, int choice, String type, String text) {
            this.index = index;
            this.choice = choice;
            this.type = type;
            this.text = text;
        }
    }

    /** One generated response. */
    private static final class Response {
        int status = 200;
        String contentType = "text/event-stream";
        String contentEncoding;
        byte[] body;
        boolean chunked = true;
        boolean gzip;
        List<Integer> pieces = new ArrayList<>();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink").process(EmbyChatFuzzTest.this::collect);
            }
        };
    }

    /** HttpClient 5 names its I/O threads httpclient-dispatch-N: no routing may run on them (SPEC "Threading"). */
    private static boolean isHttpIoThread() {
        return Thread.currentThread().getName().startsWith("httpclient-dispatch");
    }

    private void collect(Exchange e) throws IOException {
        if (isHttpIoThread()) {
            deltasOnIoThreads.incrementAndGet();
        }
        String streamId = e.getIn().getHeader(EmbyConstants.STREAM_ID, String.class);
        int index = e.getIn().getHeader(EmbyConstants.DELTA_INDEX, Integer.class);
        int choice = e.getIn().getHeader(EmbyConstants.CHOICE_INDEX, Integer.class);
        String type = e.getIn().getHeader(EmbyConstants.DELTA_TYPE, String.class);
        String body = e.getIn().getBody(String.class);
        String text = body;
        if (body.startsWith("{")) {
            JsonNode json = MAPPER.readTree(body);
            text = json.path("text").asText();
            assertThat(json.path("index").asInt()).isEqualTo(index);
            assertThat(json.path("type").asText()).isEqualTo(type);
        }
        deltas.computeIfAbsent(streamId, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Delta(index, choice, type, text));
    }

    @Test
    void everyResponseEndsInSuccessOrAnEmbyExceptionWithinTheBound() throws Exception {
        server.always(this::serve);
        List<AsyncProducer> producers = new ArrayList<>();
        for (String config : CONFIGS) {
            AsyncProducer producer = context.getEndpoint("emby:chat?model=test-model&apiKey=sk-test&maxRetries=0&baseUrl="
                                                         + server.baseUrl() + config)
                    .createAsyncProducer();
            producer.start();
            producers.add(producer);
        }

        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        for (int first = 0; first < CASES; first += IN_FLIGHT) {
            int last = Math.min(CASES, first + IN_FLIGHT);
            CountDownLatch done = new CountDownLatch(last - first);
            Exchange[] exchanges = new Exchange[last - first];
            for (int id = first; id < last; id++) {
                responses.put(id, generate(id));
                AsyncProducer producer = producers.get(id % CONFIGS.length);
                Exchange exchange = producer.getEndpoint().createExchange();
                exchange.getIn().setBody("fuzz case " + id);
                exchanges[id - first] = exchange;
                producer.process(exchange, doneSync -> {
                    if (isHttpIoThread()) {
                        problems.add("case " + exchange.getIn().getBody() + ": completed on the HTTP I/O thread "
                                     + Thread.currentThread().getName());
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(CASE_BOUND_MS, TimeUnit.MILLISECONDS))
                    .as("cases %s..%s: %s still running after %s ms", first, last - 1, done.getCount(), CASE_BOUND_MS)
                    .isTrue();
            for (int id = first; id < last; id++) {
                String problem = check(exchanges[id - first], id % CONFIGS.length != 0);
                if (problem != null) {
                    problems.add("case " + id + " (config '" + CONFIGS[id % CONFIGS.length] + "'): " + problem);
                }
                responses.remove(id);
            }
        }
        assertThat(problems).as("%s of %s cases broke the contract", problems.size(), CASES).isEmpty();
        assertThat(deltasOnIoThreads.get()).as("delta exchanges routed on an HTTP I/O thread").isZero();
    }

    /** Null when the exchange kept the contract, else what went wrong. */
    private String check(Exchange exchange, boolean emitMode) {
        Exception failure = exchange.getException();
        String streamId = exchange.getMessage().getHeader(EmbyConstants.STREAM_ID, String.class);
        List<Delta> sent = streamId == null ? List.of() : deltas.getOrDefault(streamId, List.of());
        deltas.remove(streamId);
        String expectedContent;
        int emitted;
        if (failure == null) {
            Object body = exchange.getMessage().getBody();
            if (!(body instanceof String)) {
                return "success with a body that is not a String: " + body;
            }
            expectedContent = (String) body;
            emitted = -1;
        } else if (failure instanceof EmbyStreamException) {
            EmbyStreamException e = (EmbyStreamException) failure;
            Response response = responses.get(caseId(exchange));
            if (!WELL_FRAMED_REASONS.contains(e.getReason()) && !(response.gzip && e.getReason() == Reason.TRANSPORT)) {
                return "unexpected reason " + e.getReason() + ": " + describe(e);
            }
            expectedContent = e.getPartialContent();
            emitted = e.getEmittedCount();
        } else if (failure instanceof EmbyApiException) {
            expectedContent = "";
            emitted = 0;
        } else {
            return "not an EmbyException: " + describe(failure);
        }
        if (!emitMode) {
            return null;
        }
        // the answer is choice 0, or the lowest index seen when the server sent no choice 0 (then its deltas are
        // the lowest choice's: a choice 0 seen without content emits nothing and leaves the answer empty)
        Map<Integer, StringBuilder> contentByChoice = new TreeMap<>();
        int deltaExchanges = 0;
        for (int i = 0; i < sent.size(); i++) {
            Delta delta = sent.get(i);
            if (delta.index != i) {
                return "delta indexes not contiguous: " + i + " is " + delta.index;
            }
            if ("end".equals(delta.type) || "error".equals(delta.type)) {
                continue;
            }
            deltaExchanges++;
            if ("content".equals(delta.type)) {
                contentByChoice.computeIfAbsent(delta.choice, k -> new StringBuilder()).append(delta.text);
            }
        }
        String content = contentByChoice.isEmpty() ? "" : contentByChoice.values().iterator().next().toString();
        boolean answerIsChoiceZero = contentByChoice.containsKey(0) || expectedContent.isEmpty();
        if (answerIsChoiceZero && !contentByChoice.getOrDefault(0, new StringBuilder()).toString().equals(expectedContent)
                || !answerIsChoiceZero && !content.equals(expectedContent)) {
            return "emitted content '" + content + "' is not '" + expectedContent + "' (" + describe(failure) + ")";
        }
        if (emitted >= 0 && emitted != deltaExchanges) {
            return "getEmittedCount() " + emitted + " but " + deltaExchanges + " delta exchanges were sent";
        }
        return null;
    }

    private static int caseId(Exchange exchange) {
        Matcher m = CASE_ID.matcher(exchange.getIn().getBody(String.class));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "success";
        }
        StringBuilder s = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            s.append(" <- ").append(c);
        }
        return s.toString();
    }

    // ---- serving ------------------------------------------------------------------------------------------------

    private void serve(java.net.Socket socket, OutputStream out) throws IOException {
        Matcher m = CASE_ID.matcher(server.currentRequest().body);
        Response response = m.find() ? responses.get(Integer.parseInt(m.group(1))) : null;
        if (response == null) {
            RawServer.response(out, 500, "application/json", "{\"error\":{\"message\":\"unknown fuzz case\"}}");
            return;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status).append(" Fuzz\r\n");
        if (response.contentType != null) {
            head.append("Content-Type: ").append(response.contentType).append("\r\n");
        }
        if (response.contentEncoding != null) {
            head.append("Content-Encoding: ").append(response.contentEncoding).append("\r\n");
        }
        head.append("Connection: close\r\n");
        if (response.status == 204) {
            RawServer.write(out, head.append("\r\n").toString());
            return;
        }
        head.append(response.chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + response.body.length + "\r\n");
        RawServer.write(out, head.append("\r\n").toString());
        int from = 0;
        for (int size : response.pieces) {
            if (response.chunked) {
                RawServer.write(out, Integer.toHexString(size) + "\r\n");
            }
            out.write(response.body, from, size);
            if (response.chunked) {
                RawServer.write(out, "\r\n");
            }
            out.flush();
            from += size;
        }
        if (response.chunked) {
            RawServer.lastChunk(out);
        }
    }

    // ---- generating -----------------------------------------------------------------------------------------------

    private static Response generate(int id) throws IOException {
        Random r = new Random(SEED + id);
        Response response = new Response();
        String stream = stream(r);
        byte[] body = stream.getBytes(StandardCharsets.UTF_8);
        int kind = r.nextInt(100);
        if (kind < 78) {
            response.contentType = pick(r, "text/event-stream", "text/event-stream", "text/event-stream; charset=utf-8",
                    null);
        } else if (kind < 84) {
            response.contentType = "application/json";
            body = completion(r).getBytes(StandardCharsets.UTF_8);
        } else if (kind < 88) {
            response.contentType = pick(r, "text/html; charset=utf-8", "text/plain", "application/octet-stream");
            body = pick(r, "<html><body>Please log in</body></html>", stream, "").getBytes(StandardCharsets.UTF_8);
        } else if (kind < 94) {
            response.status = pick(r, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 302, 418);
            response.contentType = pick(r, "application/json", "text/plain", "text/html", null);
            body = pick(r, "{\"error\":{\"message\":\"fuzzed\",\"code\":\"insufficient_quota\"}}",
                    "[{\"error\":{\"message\":\"wrapped\",\"status\":\"UNAVAILABLE\"}}]", "{\"detail\":\"d\"}",
                    "{\"error\":\"plain\"}", "<html>502 Bad Gateway</html>", "", "{not json")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (kind < 96) {
            response.status = 204;
            response.contentType = null;
            body = new byte[0];
        } else {
            response.gzip = true;
            response.contentEncoding = "gzip";
            body = gzip(body);
            if (r.nextBoolean()) {
                body = mutate(r, body);
            }
        }
        if (!response.gzip && r.nextInt(100) < 45) {
            body = mutate(r, body);
        }
        response.body = body;
        response.chunked = r.nextInt(5) != 0;
        int from = 0;
        while (from < body.length) {
            int size = Math.min(body.length - from, 1 + r.nextInt(r.nextBoolean() ? 8 : 256));
            response.pieces.add(size);
            from += size;
        }
        return response;
    }

    /** An event stream built from every kind of chunk and field, with one line end throughout. */
    private static String stream(Random r) {
        String eol = pick(r, "\n", "\n", "\n", "\r\n", "\r");
        StringBuilder s = new StringBuilder();
        if (r.nextInt(20) == 0) {
            s.append('\uFEFF');
        }
        if (r.nextInt(4) != 0) {
            data(s, eol, chunk(choice(r, "{\"role\":\"assistant\",\"content\":\"\"}", null)));
        }
        int events = r.nextInt(14);
        for (int i = 0; i < events; i++) {
            int k = r.nextInt(100);
            if (k < 40) {
                data(s, eol, chunk(choice(r, "{\"content\":" + text(r) + "}", null)));
            } else if (k < 47) {
                String field = pick(r, "reasoning_content", "reasoning");
                data(s, eol, chunk(choice(r, "{\"" + field + "\":" + text(r) + "}", null)));
            } else if (k < 50) {
                data(s, eol, chunk(choice(r, "{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":" + text(r)
                                             + "}]}", null)));
            } else if (k < 57) {
                data(s, eol, chunk(choice(r, "{\"tool_calls\":[" + toolCall(r) + "]}", null)));
            } else if (k < 59) {
                data(s, eol, chunk(choice(r, "{\"refusal\":" + text(r) + "}", null)));
            } else if (k < 61) {
                data(s, eol, chunk(choice(r, "{\"function_call\":{\"name\":\"f\",\"arguments\":" + text(r) + "}}",
                        null)));
            } else if (k < 68) {
                s.append(pick(r, ": keep-alive", ": OPENROUTER PROCESSING", ":", "retry: 1000", "id: 7", "event: ping",
                        "unknown: field", "data:", "data")).append(eol).append(r.nextBoolean() ? eol : "");
            } else if (k < 72) {
                data(s, eol, "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + r.nextInt(100)
                             + ",\"completion_tokens\":" + r.nextInt(100) + ",\"total_tokens\":3}}");
            } else if (k < 76) {
                data(s, eol, chunk("[{\"index\":0,\"delta\":{\"content\":" + text(r) + "}},{\"index\":1,\"delta\":"
                                   + "{\"content\":" + text(r) + "}}]"));
            } else if (k < 79) {
                data(s, eol, pick(r, "{\"error\":{\"message\":\"overloaded\",\"code\":503}}",
                        "[{\"error\":{\"message\":\"in an array\"}}]", "{\"choices\":[{\"index\":0,\"error\":"
                                                                       + "{\"message\":\"choice error\"}}]}"));
            } else if (k < 81) {
                s.append("event: error").append(eol).append("data: ").append(pick(r, "{\"message\":\"e\"}", "plain", ""))
                        .append(eol).append(eol);
            } else if (k < 82) {
                s.append("error: {\"message\":\"llama\"}").append(eol).append(eol);
            } else if (k < 86) {
                // one event over two data lines, split anywhere: joined with \n, which breaks a JSON string
                String json = chunk(choice(r, "{\"content\":" + text(r) + "}", null));
                int cut = r.nextInt(json.length());
                s.append("data: ").append(json, 0, cut).append(eol).append("data: ").append(json.substring(cut))
                        .append(eol).append(eol);
            } else if (k < 90) {
                data(s, eol, pick(r, "{}", "[]", "null", "42", "\"text\"", "{\"choices\":null}", "{\"choices\":{}}",
                        "{\"choices\":[null,1,\"x\",[]]}", "{\"choices\":[{\"delta\":null}]}",
                        "{\"choices\":[{\"index\":2147483647,\"delta\":{\"content\":\"far\"}}]}",
                        "{\"choices\":[{\"index\":-5,\"delta\":{\"content\":\"neg\"}}]}",
                        "{\"choices\":[{\"index\":99999999999,\"delta\":{}}]}",
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":1e999999}}]}",
                        "[".repeat(3000) + "]".repeat(3000), "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}",
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]} trailing", "[DONE] ", " [DONE]"));
            } else {
                data(s, eol, chunk(choice(r, "{\"content\":" + text(r) + ",\"x_unknown\":{\"deep\":[1,2,{\"a\":null}]}}",
                        null)));
            }
        }
        if (r.nextInt(10) < 7) {
            data(s, eol, chunk(choice(r, "{}", pick(r, "stop", "stop", "length", "tool_calls", "", "error",
                    "content_filter"))));
        }
        if (r.nextBoolean()) {
            data(s, eol, "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}");
        }
        if (r.nextInt(10) < 7) {
            data(s, eol, "[DONE]");
        }
        return s.toString();
    }

    private static void data(StringBuilder s, String eol, String payload) {
        s.append("data: ").append(payload).append(eol).append(eol);
    }

    private static String chunk(String choices) {
        return "{\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":" + choices + "}";
    }

    private static String choice(Random r, String delta, String finishReason) {
        String index = r.nextInt(12) == 0 ? "1" : "0";
        return "[{\"index\":" + index + ",\"delta\":" + delta + ",\"finish_reason\":"
               + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]";
    }

    private static String toolCall(Random r) {
        StringBuilder call = new StringBuilder("{");
        if (r.nextInt(4) != 0) {
            call.append("\"index\":").append(r.nextInt(3)).append(',');
        }
        if (r.nextBoolean()) {
            call.append("\"id\":\"call_").append(r.nextInt(3)).append("\",\"type\":\"function\",");
        }
        call.append("\"function\":{");
        if (r.nextBoolean()) {
            call.append("\"name\":\"fn").append(r.nextInt(2)).append("\",");
        }
        call.append("\"arguments\":").append(r.nextInt(6) == 0 ? "{\"a\":1}" : text(r)).append("}");
        if (r.nextInt(8) == 0) {
            call.append(",\"extra_content\":{\"google\":{\"thought_signature\":\"sig\"}}");
        }
        return call.append('}').toString();
    }

    /** A JSON string literal of random text: mostly valid, sometimes with raw control characters or lone surrogates. */
    private static String text(Random r) {
        String[] pieces = { "a", "b", "Hello", " ", "  ", ".", "! ", "\n", "\t", "\u00e9", "\u4e2d", "\uD83D\uDE00",
                "\\\"", "\\\\", "\\u00e9", "\\uD83D", "\\uDE00", "\\uD83D\\uDE00", "\u0001", "\u2026 ", "\u3002", "" };
        int n = r.nextInt(6);
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            String piece = pieces[r.nextInt(pieces.length)];
            if ("\n".equals(piece) || "\t".equals(piece)) {
                // escaped mostly; raw (invalid JSON) sometimes
                text.append(r.nextInt(8) == 0 ? piece : "\n".equals(piece) ? "\\n" : "\\t");
            } else {
                text.append(piece);
            }
        }
        return text.append('"').toString();
    }

    private static String completion(Random r) {
        return pick(r,
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                       + "\"content\":" + text(r) + "},\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":3}}",
                "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                                                                                 + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}",
                "{\"error\":{\"message\":\"json error\"}}", "", "   ", "{\"choices\":[]}", "[1,2]",
                "{\"choices\":[{\"index\":0,\"message\":{\"content\":" + text(r) + "}},{\"index\":1,\"message\":"
                                                                  + "{\"content\":" + text(r) + "}}]}");
    }

    private static final byte[][] TOKENS = bytes("\n\n", "\r\n", "\r", "data: ", "{", "}", "[", "]", "\"", "\\", ":",
            "[DONE]", "event: error\n", "\u00ff", "\uFEFF", "\u0000");

    /** One to three byte-level mutations: flips, inserted tokens or random bytes, deleted or duplicated ranges, cuts. */
    private static byte[] mutate(Random r, byte[] body) {
        byte[] b = body;
        int mutations = 1 + r.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = r.nextInt(b.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
            switch (r.nextInt(6)) {
                case 0:
                    b = b.clone();
                    b[at] ^= (byte) (1 << r.nextInt(8));
                    continue;
                case 1:
                    out.write(b, 0, at);
                    out.writeBytes(TOKENS[r.nextInt(TOKENS.length)]);
                    out.write(b, at, b.length - at);
                    break;
                case 2:
                    out.write(b, 0, at);
                    for (int i = r.nextInt(4); i >= 0; i--) {
                        out.write(r.nextInt(256));
                    }
                    out.write(b, at, b.length - at);
                    break;
                case 3:
                    int end = Math.min(b.length, at + 1 + r.nextInt(24));
                    out.write(b, 0, at);
                    out.write(b, end, b.length - end);
                    break;
                case 4:
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    out.write(b, 0, at + len);
                    out.write(b, at, b.length - at);
                    break;
                default:
                    out.write(b, 0, at);
            }
            b = out.toByteArray();
        }
        return b;
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static byte[][] bytes(String... tokens) {
        byte[][] result = new byte[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            result[i] = tokens[i].getBytes(StandardCharsets.UTF_8);
        }
        return result;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }
}
