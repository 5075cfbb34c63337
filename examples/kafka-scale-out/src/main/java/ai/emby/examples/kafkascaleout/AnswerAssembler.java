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
package ai.emby.examples.kafkascaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Puts the answers back together from {@code deltas}: groups the records by stream id, and when a stream's end marker
 * arrives with every delta before it, turns it into the body of an {@code answers} record and a file
 * {@code <promptId>.txt}. It keeps exactly one answer per prompt id:
 * <ul>
 * <li>a stream that never gets its end marker (its instance was killed) is never answered; it is dropped once
 *     another stream answered its prompt;</li>
 * <li>a stream that ends with an error marker is dropped (the worker sent the prompt to {@code prompts-dlq});</li>
 * <li>a second complete stream for a prompt already answered (the prompt was delivered twice) is dropped.</li>
 * </ul>
 * Deltas of one prompt share the record key, so they are in one partition and arrive in order; the assembler still
 * places them by index and checks that none is missing. One instance, one consumer: the state is in memory.
 */
public final class AnswerAssembler implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finished answer, as written to {@code answers}. */
    public record Answer(String promptId, String streamId, String worker, String text, int deltas,
                         long answeredAtMillis) {
    }

    private record OpenStream(String promptId, String worker, TreeMap<Integer, String> deltas) {
    }

    private final Path directory;
    private final Consumer<Answer> listener;
    private final Map<String, OpenStream> open = new HashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final List<String> abandoned = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private int duplicates;
    private int failed;

    /**
     * @param directory where each answer is also written as {@code <promptId>.txt}
     * @param listener  told of every answer written (the test and the benchmark wait on it)
     */
    public AnswerAssembler(Path directory, Consumer<Answer> listener) {
        this.directory = directory;
        this.listener = listener;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves the body null unless this record completed an answer; then the body is the answer's JSON. */
    @Override
    public synchronized void process(Exchange exchange) throws Exception {
        JsonNode record = JSON.readTree(exchange.getMessage().getBody(String.class));
        exchange.getMessage().setBody(null);
        Long produced = exchange.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class);
        if (produced != null) {
            latencies.add(System.currentTimeMillis() - produced);
        }
        String promptId = record.path("promptId").asText();
        String worker = record.path("worker").asText();
        JsonNode delta = record.path("delta");
        String streamId = delta.path("streamId").asText();
        int index = delta.path("index").asInt();
        String type = delta.path("type").asText();

        if ("content".equals(type)) {
            if (!answered.contains(promptId)) {
                open.computeIfAbsent(streamId, id -> new OpenStream(promptId, worker, new TreeMap<>()))
                        .deltas().put(index, delta.path("text").asText());
            }
            return;
        }
        if (!"end".equals(type) && !"error".equals(type)) {
            return; // reasoning deltas are not part of the answer
        }
        OpenStream stream = open.remove(streamId);
        if ("error".equals(type)) {
            failed++;
            return;
        }
        if (answered.contains(promptId)) {
            duplicates++;
            return;
        }
        // the end marker's index is the number of deltas before it
        if (index > 0 && (stream == null || stream.deltas().size() != index || stream.deltas().lastKey() != index - 1)) {
            abandoned.add(worker + ":" + promptId);
            return;
        }
        String text = stream == null ? "" : String.join("", stream.deltas().values());
        Answer answer = new Answer(promptId, streamId, worker, text, index, System.currentTimeMillis());
        answered.add(promptId);
        dropUnfinishedStreamsOf(promptId);
        write(answer);
        ObjectNode json = JSON.createObjectNode()
                .put("promptId", promptId).put("streamId", streamId).put("worker", worker).put("text", text);
        exchange.getMessage().setBody(JSON.writeValueAsString(json));
        exchange.getMessage().removeHeaders("CamelKafka*");
        exchange.getMessage().setHeader(KafkaConstants.KEY, promptId);
        listener.accept(answer);
    }

    /** Streams of this prompt that are still open can only be dead ones: a killed instance's. */
    private void dropUnfinishedStreamsOf(String promptId) {
        for (Iterator<OpenStream> it = open.values().iterator(); it.hasNext(); ) {
            OpenStream stream = it.next();
            if (stream.promptId().equals(promptId)) {
                abandoned.add(stream.worker() + ":" + promptId);
                it.remove();
            }
        }
    }

    private void write(Answer answer) throws IOException {
        Path file = directory.resolve(answer.promptId() + ".txt");
        Path partial = directory.resolve(answer.promptId() + ".txt.tmp");
        Files.writeString(partial, answer.text(), StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Unfinished streams dropped so far, as {@code worker:promptId}. */
    public synchronized List<String> abandoned() {
        return List.copyOf(abandoned);
    }

    /** Streams still open: unfinished ones of prompts not answered yet (or answers still streaming). */
    public synchronized int openStreams() {
        return open.size();
    }

    /** Complete streams dropped because their prompt was already answered. */
    public synchronized int duplicates() {
        return duplicates;
    }

    /** Streams that ended with an error marker. */
    public synchronized int failed() {
        return failed;
    }

    /** Milliseconds from each delta record's timestamp (set by the producer) until the assembler read it. */
    public synchronized List<Long> deltaLatencies() {
        return List.copyOf(latencies);
    }
}
