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
package ai.emby.examples.jmsdeltas;

import java.util.NavigableMap;
import java.util.TreeMap;

import ai.emby.examples.jmsdeltas.RebuiltAnswer.Outcome;

/**
 * The messages of one stream received so far, kept by index whatever order they arrived in. Confined to the aggregator,
 * which hands one stream's messages to it one at a time.
 */
final class PartialAnswer {

    private final String streamId;
    private final NavigableMap<Integer, Delta> deltas = new TreeMap<>();
    private Delta marker;
    private int highestIndex = -1;
    private int outOfOrder;

    PartialAnswer(String streamId) {
        this.streamId = streamId;
    }

    /** Adds a message; one seen before (a JMS redelivery) changes nothing. */
    PartialAnswer add(Delta delta) {
        if (delta.isMarker() ? marker != null : deltas.containsKey(delta.index())) {
            return this;
        }
        if (delta.index() < highestIndex) {
            outOfOrder++;
        }
        highestIndex = Math.max(highestIndex, delta.index());
        if (delta.isMarker()) {
            marker = delta;
        } else {
            deltas.put(delta.index(), delta);
        }
        return this;
    }

    /**
     * True once the end (or error) marker and every delta before it are here. The marker's index is the number of
     * deltas the stream emitted, and indexes are 0-based without gaps, so counting is enough.
     */
    boolean isComplete() {
        return marker != null && deltas.headMap(marker.index()).size() == marker.index();
    }

    /** The answer as far as it goes: deltas in index order, whatever the order they arrived in. */
    RebuiltAnswer toRebuiltAnswer() {
        StringBuilder text = new StringBuilder();
        for (Delta delta : deltas.values()) {
            if (delta.isAnswerText()) {
                text.append(delta.text());
            }
        }
        Outcome outcome = !isComplete() ? Outcome.INCOMPLETE
                : "end".equals(marker.type()) ? Outcome.COMPLETE : Outcome.FAILED;
        int messages = deltas.size() + (marker != null ? 1 : 0);
        return new RebuiltAnswer(streamId, text.toString(), messages, outOfOrder, outcome,
                marker != null ? marker.finishReason() : null,
                marker != null ? marker.usage() : null,
                marker != null ? marker.errorReason() : null);
    }
}
