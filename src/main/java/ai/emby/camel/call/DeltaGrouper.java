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

import java.util.Arrays;
import java.util.Objects;

/**
 * Groups the streamed deltas of emit mode by the {@code bufferSize}, {@code bufferMaxChars} and {@code bufferBoundary} options.
 */
final class DeltaGrouper {

    // Called for every delta of a stream, so the pending group lives in one reused StringBuilder and boundary scanning
    // only looks at the text appended since the last scan: the position after the last boundary seen is remembered.
    // Not thread safe: a bufferTimeout timer that calls flushOnTimeout() must hold the same lock as the caller of add().

    /**
     * Receives a finished group. type is "content" or "reasoning"; deltas is how many of the added deltas end in this
     * group (a delta cut by a boundary counts in the group that holds its last char), so that a pump that stops early
     * can tell how many deltas it never delivered.
     */
    public interface GroupSink {
        void emit(int choiceIndex, String type, String text, int deltas);
    }

    private static final int INITIAL_CAPACITY = 256;

    private final int bufferSize;
    private final int bufferMaxChars;
    private final Boundary boundary;
    private final boolean passThrough;
    private final boolean limited;
    // bufferSize=1 and nothing else: every delta is a group of its own, except one that ends in half a surrogate pair
    private final boolean single;

    private final StringBuilder pending = new StringBuilder(INITIAL_CAPACITY);
    private int choice;
    private String type;
    private int deltas;
    // index just after the last boundary in pending, 0 = none (a boundary always follows at least one char)
    private int lastBoundary;
    // pending[0, scanned) has been searched for boundaries already
    private int scanned;
    // the delta that alone makes up the pending group, so that a whole-delta group is emitted without a copy
    private String sole;
    // where each delta in pending ends (exclusive), in order: a cut at c completes the deltas that end at or before c
    private int[] ends = new int[8];
    private int endCount;

    // high surrogates waiting for their low half after a (choice, type) switch cut their group
    private final ParkedHighSurrogates parked = new ParkedHighSurrogates();

    /** Same as {@code DeltaGrouper(bufferSize, bufferMaxChars, boundary, false)}. */
    public DeltaGrouper(int bufferSize, int bufferMaxChars, Boundary boundary) {
        this(bufferSize, bufferMaxChars, boundary, false);
    }

    /**
     * @param bufferSize     emit a group once it holds this many deltas, 0 = off
     * @param bufferMaxChars emit a group once it holds at least this many chars, 0 = off
     * @param boundary       where a group that reached a limit is cut
     * @param timed          whether the caller runs a bufferTimeout timer: with no limit set, add() then only
     *                       accumulates and the timer's flushOnTimeout() emits
     */
    public DeltaGrouper(int bufferSize, int bufferMaxChars, Boundary boundary, boolean timed) {
        if (bufferSize < 0) {
            throw new IllegalArgumentException("bufferSize must be >= 0, was " + bufferSize);
        }
        if (bufferMaxChars < 0) {
            throw new IllegalArgumentException("bufferMaxChars must be >= 0, was " + bufferMaxChars);
        }
        this.bufferSize = bufferSize;
        this.bufferMaxChars = bufferMaxChars;
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        this.limited = bufferSize > 0 || bufferMaxChars > 0;
        this.passThrough = !limited && !timed;
        this.single = bufferSize == 1 && bufferMaxChars == 0 && boundary == Boundary.NONE;
    }

    /** True when no limit is set and no timer is used: add() then emits every delta at once, the same String. */
    public boolean isPassThrough() {
        return passThrough;
    }

    /** Adds one delta (an empty one is ignored); emits 0..n groups to sink synchronously. */
    public void add(int choiceIndex, String type, String text, GroupSink sink) {
        if (text.isEmpty()) {
            return;
        }
        if (passThrough) {
            sink.emit(choiceIndex, type, text, 1);
            return;
        }
        if (single && pending.length() == 0 && parked.isEmpty()
            && !Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            // what the general path below would emit, without copying through the pending buffer
            sink.emit(choiceIndex, type, text, 1);
            return;
        }
        if (pending.length() > 0 && (choiceIndex != choice || !type.equals(this.type))) {
            closeForSwitch(sink);
        }
        if (pending.length() == 0) {
            choice = choiceIndex;
            this.type = type;
            if (!parked.isEmpty()) {
                unpark(choiceIndex, type);
            }
        }
        sole = pending.length() == 0 ? text : null;
        pending.append(text);
        addEnd(pending.length());
        deltas++;
        if (!limited) {
            return;
        }
        if (boundary != Boundary.NONE) {
            scan();
        }
        while ((bufferSize > 0 && deltas >= bufferSize) || (bufferMaxChars > 0 && pending.length() >= bufferMaxChars)) {
            int cut = keepPairs(lastBoundary > 0 ? lastBoundary : pending.length());
            if (cut == 0) {
                // only a high surrogate is pending: it goes out with its low half
                break;
            }
            emitPrefix(cut, sink);
        }
    }

    /**
     * Emits the whole pending group and every high surrogate still waiting for its low half: for the end of the stream
     * and before a failure is raised, so that nothing received is dropped.
     */
    public void flush(GroupSink sink) {
        if (pending.length() > 0) {
            emitPrefix(pending.length(), sink);
        }
        if (!parked.isEmpty()) {
            parked.flushTo(sink);
        }
    }

    /**
     * Emits the pending group for the bufferTimeout timer: whole, without a boundary cut, except a trailing high
     * surrogate, which stays pending (then pendingDeltas() is 1) until its low half arrives.
     */
    public void flushOnTimeout(GroupSink sink) {
        if (pending.length() > 0) {
            int cut = keepPairs(pending.length());
            if (cut > 0) {
                emitPrefix(cut, sink);
            }
        }
    }

    /** True when nothing is pending, not even a high surrogate waiting for its low half. */
    public boolean isEmpty() {
        return pending.length() == 0 && parked.isEmpty();
    }

    /** Number of deltas (or delta fragments) in the pending group. */
    public int pendingDeltas() {
        return deltas;
    }

    @Override
    public String toString() {
        return "DeltaGrouper[bufferSize=" + bufferSize + ", bufferMaxChars=" + bufferMaxChars + ", bufferBoundary="
               + boundary.option() + ", pendingDeltas=" + deltas + ", pendingChars=" + pending.length() + "]";
    }

    // A group must not end between the two halves of a surrogate pair: a server may split a pair across two deltas.
    private int keepPairs(int cut) {
        return cut > 0 && Character.isHighSurrogate(pending.charAt(cut - 1)) ? cut - 1 : cut;
    }

    private void emitPrefix(int cut, GroupSink sink) {
        String text;
        int completed = completeEnds(cut);
        if (cut == pending.length()) {
            text = sole != null ? sole : pending.toString();
            pending.setLength(0);
            deltas = 0;
        } else {
            text = pending.substring(0, cut);
            pending.delete(0, cut);
            // the rest of a cut group opens the next one as a single delta
            deltas = 1;
        }
        sole = null;
        // every cut is at or after the last boundary: the rest holds none
        lastBoundary = 0;
        scanned = pending.length();
        // state is settled before the sink runs, so a sink that throws leaves a consistent grouper
        sink.emit(choice, type, text, completed);
    }

    private void addEnd(int end) {
        if (endCount == ends.length) {
            ends = Arrays.copyOf(ends, endCount * 2);
        }
        ends[endCount++] = end;
    }

    /** Forgets the ends at or before cut and shifts the others to the text left after it; returns how many went. */
    private int completeEnds(int cut) {
        int completed = 0;
        while (completed < endCount && ends[completed] <= cut) {
            completed++;
        }
        int left = endCount - completed;
        for (int i = 0; i < left; i++) {
            ends[i] = ends[completed + i] - cut;
        }
        endCount = left;
        return completed;
    }

    private void closeForSwitch(GroupSink sink) {
        int len = pending.length();
        int cut = keepPairs(len);
        if (cut > 0) {
            emitPrefix(cut, sink);
        }
        if (cut < len) {
            parked.park(choice, type, pending.charAt(0));
            // the parked half's delta is completed when the half goes out
            endCount = 0;
            pending.setLength(0);
            deltas = 0;
            lastBoundary = 0;
            scanned = 0;
            sole = null;
        }
    }

    private void unpark(int choiceIndex, String parkedType) {
        int high = parked.take(choiceIndex, parkedType);
        if (high >= 0) {
            pending.append((char) high);
            addEnd(1);
            deltas = 1;
        }
    }

    // Searches only the text appended since the last scan, backwards, because only the last boundary matters.
    private void scan() {
        int len = pending.length();
        for (int i = len - 1; i >= scanned; i--) {
            if (boundary.endsAt(pending, i)) {
                lastBoundary = i + 1;
                break;
            }
        }
        scanned = len;
    }
}
