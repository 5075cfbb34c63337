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
package ai.emby.camel.call;

import java.util.ArrayDeque;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The delivery pump's grouping step: turns the deltas of the inbox into numbered deliveries on the pump's ready queue,
 * by the grouping options, with the stream's bufferTimeout timer. Confined to the pump's draining worker.
 */
final class GroupingStage {

    private final DeltaGrouper grouper;
    private final BufferTimer bufferTimer;
    private final ArrayDeque<Delta> ready;
    private final Supplier<String> streamId;
    private final DeltaGrouper.GroupSink groupSink = this::groupReady;
    private int groupCount;
    // bumped by every group emitted: a timer armed for an earlier group is stale
    private long groupGeneration;

    /**
     * @param timerFired told (on the timer thread) the generation whose bufferTimeout passed; the pump hands it back
     *                   through {@link #timerFired(long)} on its worker
     */
    GroupingStage(Grouping grouping, Timer timer, LongConsumer timerFired, ArrayDeque<Delta> ready,
                  Supplier<String> streamId) {
        this.grouper = new DeltaGrouper(grouping.size(), grouping.maxChars(), grouping.boundary(),
                grouping.timeoutMillis() > 0);
        this.bufferTimer = new BufferTimer(timer, grouping.timeoutMillis(), timerFired);
        this.ready = ready;
        this.streamId = streamId;
    }

    void add(int choiceIndex, DeltaType type, String text) {
        grouper.add(choiceIndex, type.value(), text, groupSink);
        armTimer();
    }

    /** The bufferTimeout of this generation passed: the pending group goes out, unless it went out already. */
    void timerFired(long generation) {
        if (generation == groupGeneration) {
            // keeps a trailing lone high surrogate back: its pair is still on the way
            grouper.flushOnTimeout(groupSink);
            bufferTimer.fired();
            armTimer();
        }
    }

    /** The end of the stream: everything pending goes out, so nothing received is dropped. */
    void flush() {
        grouper.flush(groupSink);
    }

    void cancelTimer() {
        bufferTimer.cancel();
    }

    private void armTimer() {
        if (grouper.pendingDeltas() > 0) {
            bufferTimer.arm(groupGeneration);
        }
    }

    private void groupReady(int choiceIndex, String type, String text, int sourceDeltas) {
        groupGeneration++;
        DeltaType deltaType = DeltaType.REASONING.value().equals(type) ? DeltaType.REASONING : DeltaType.CONTENT;
        ready.add(new Delta(streamId.get(), groupCount++, choiceIndex, deltaType, text, sourceDeltas));
    }
}
