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
package ai.emby.examples.quarkus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.emby.camel.EmbyConstants;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.Message;

/**
 * Collects the deltas of the most recent streams, by stream id ({@code CamelEmbyStreamId}, on every delta exchange
 * and on the finished original exchange), so a caller can see how an answer arrived. It keeps the last
 * {@value #MAX_STREAMS} streams only: an application that runs for days must not keep every answer.
 */
@ApplicationScoped
public class DeltaCollector {

    static final int MAX_STREAMS = 32;

    /** One emitted delta: its index in the stream and its text. */
    public record Delta(int index, String text) {
    }

    private final Map<String, List<Delta>> streams = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Delta>> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    /** Records the delta a {@code direct:delta} exchange carries. */
    public synchronized void add(Message delta) {
        String streamId = delta.getHeader(EmbyConstants.STREAM_ID, String.class);
        int index = delta.getHeader(EmbyConstants.DELTA_INDEX, Integer.class);
        streams.computeIfAbsent(streamId, id -> new ArrayList<>()).add(new Delta(index, delta.getBody(String.class)));
    }

    /** The deltas of a stream in the order they arrived; empty when the stream is unknown or was evicted. */
    public synchronized List<Delta> deltas(String streamId) {
        return List.copyOf(streams.getOrDefault(streamId, List.of()));
    }
}
