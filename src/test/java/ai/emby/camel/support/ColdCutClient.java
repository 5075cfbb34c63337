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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import ai.emby.camel.EmbyStreamException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.core5.http.impl.nio.ChunkDecoder;

/**
 * The child JVM of {@code EmbyChatColdStartTest}: makes one {@code emby:chat} call, the very first of the JVM, against
 * a raw loopback server that answers with the response head, {@link #TEXTS five} complete chunked events and then a
 * FIN without the last chunk, all in one write, and prints what the exchange ended with as {@code key=value} lines
 * ({@link #REASON}, {@link #PARTIAL}, {@link #DELTAS}, {@link #MESSAGE}, {@link #TRANSPORT}) for the parent to assert
 * on. With the argument {@link #CUT_AFTER_CHUNK_HEAD} the server also writes the head of a sixth chunk before the FIN,
 * none of its data.
 */
public final class ColdCutClient {

    /** The content of the five events, in order. */
    public static final List<String> TEXTS = List.of("Hel", "lo", ", ", "wor", "ld");

    public static final String REASON = "reason=";
    public static final String PARTIAL = "partial=";
    public static final String DELTAS = "deltas=";
    public static final String MESSAGE = "message=";
    /** The httpcore5 jar the child ran on, to tell the Camel versions' runs apart in a report. */
    public static final String TRANSPORT = "transport=";

    /** Argument: the FIN comes after the size line of a sixth chunk instead of between chunks. */
    public static final String CUT_AFTER_CHUNK_HEAD = "cut-after-chunk-head";

    /** How long the server waits for the client to close after the FIN: the client closes at once on failure. */
    private static final long CLOSE_WAIT_MS = 30_000;

    private ColdCutClient() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        boolean cutAfterChunkHead = args.length > 0 && CUT_AFTER_CHUNK_HEAD.equals(args[0]);
        int status;
        try (RawServer server = new RawServer().start(); CamelContext camel = new DefaultCamelContext()) {
            server.enqueue((socket, stream) -> {
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                RawServer.head(response, 200, "text/event-stream");
                for (String text : TEXTS) {
                    RawServer.chunk(response, Chunks.content(text));
                }
                if (cutAfterChunkHead) {
                    RawServer.partialChunk(response, "", Chunks.content("never").length());
                }
                // one write and the FIN right after it: the client finds the events and the end of the stream in its
                // socket together (only a client that reads between the two calls would not, and a cold one is slow)
                stream.write(response.toByteArray());
                stream.flush();
                socket.shutdownOutput();
                RawServer.awaitClientClose(socket, CLOSE_WAIT_MS);
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            Exchange result = template.request("emby:chat?model=test-model&apiKey=sk-test&maxRetries=0&baseUrl="
                                               + server.baseUrl(),
                    e -> e.getIn().setBody("hi"));
            Exception failure = result.getException();
            if (failure instanceof EmbyStreamException) {
                EmbyStreamException stream = (EmbyStreamException) failure;
                out.println(REASON + stream.getReason());
                out.println(PARTIAL + stream.getPartialContent());
                out.println(DELTAS + stream.getDeltaCount());
                out.println(MESSAGE + oneLine(stream.getMessage()));
            } else {
                out.println(REASON + (failure == null ? "none" : failure.getClass().getName()));
                out.println(PARTIAL + (failure == null ? result.getMessage().getBody(String.class) : ""));
                out.println(DELTAS + "-1");
                out.println(MESSAGE + (failure == null ? "" : oneLine(failure.getMessage())));
            }
            out.println(TRANSPORT + ChunkDecoder.class.getProtectionDomain().getCodeSource().getLocation());
            status = 0;
        } catch (Exception e) {
            e.printStackTrace(out);
            status = 1;
        }
        out.flush();
        // HttpClient and Camel threads must not keep the JVM alive: the parent waits for this process to end
        System.exit(status);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
