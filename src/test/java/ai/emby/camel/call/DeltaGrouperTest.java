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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Tests {@link DeltaGrouper}.
 */
class DeltaGrouperTest {

    private static final String CONTENT = "content";
    private static final String REASONING = "reasoning";

    private record Group(int choice, String type, String text) {
    }

    // records groups; phase tells which kind of call emitted them
    private static final class Recorder implements DeltaGrouper.GroupSink {
        final List<Group> groups = new ArrayList<>();
        final List<String> phases = new ArrayList<>();
        final List<String> callKeys = new ArrayList<>();
        String phase = "add";
        String callKey;
        int completedDeltas;

        @Override
        public void emit(int choiceIndex, String type, String text, int deltas) {
            completedDeltas += deltas;
            groups.add(new Group(choiceIndex, type, text));
            phases.add(phase);
            callKeys.add(callKey);
        }

        List<String> texts() {
            return groups.stream().map(Group::text).toList();
        }
    }

    private static List<String> addAll(DeltaGrouper grouper, Recorder sink, String... deltas) {
        for (String d : deltas) {
            grouper.add(0, CONTENT, d, sink);
        }
        return sink.texts();
    }

    @Test
    void passThroughEmitsTheSameStringInstances() {
        DeltaGrouper grouper = new DeltaGrouper(0, 0, Boundary.WORD);
        Recorder sink = new Recorder();
        String a = new String("Hello");
        String b = new String(" wor");
        grouper.add(0, CONTENT, a, sink);
        grouper.add(1, REASONING, b, sink);

        assertThat(grouper.isPassThrough()).isTrue();
        assertThat(sink.groups.get(0).text()).isSameAs(a);
        assertThat(sink.groups.get(1).text()).isSameAs(b);
        assertThat(sink.groups.get(1).choice()).isEqualTo(1);
        assertThat(sink.groups.get(1).type()).isEqualTo(REASONING);
        assertThat(grouper.isEmpty()).isTrue();
    }

    @Test
    void emptyDeltasAreIgnored() {
        DeltaGrouper grouper = new DeltaGrouper(1, 0, Boundary.NONE);
        Recorder sink = new Recorder();
        grouper.add(0, CONTENT, "", sink);
        grouper.flush(sink);
        assertThat(sink.groups).isEmpty();
    }

    @Test
    void countLimitEmitsAGroupOfBufferSizeDeltas() {
        DeltaGrouper grouper = new DeltaGrouper(3, 0, Boundary.NONE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "a", "b", "c", "d", "e")).containsExactly("abc");
        assertThat(grouper.pendingDeltas()).isEqualTo(2);
        grouper.flush(sink);
        assertThat(sink.texts()).containsExactly("abc", "de");
    }

    @Test
    void charsLimitKeepsTheDeltaThatReachesItWhole() {
        DeltaGrouper grouper = new DeltaGrouper(0, 5, Boundary.NONE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "ab", "cd", "efg", "h")).containsExactly("abcdefg");
        assertThat(grouper.pendingDeltas()).isEqualTo(1);
    }

    @Test
    void bothLimitsEmitOnWhicheverIsReachedFirst() {
        DeltaGrouper grouper = new DeltaGrouper(3, 5, Boundary.NONE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "a", "b", "c", "abcdef", "x", "yzzzz"))
                .containsExactly("abc", "abcdef", "xyzzzz");
    }

    @Test
    void groupOfOneWholeDeltaIsEmittedWithoutCopy() {
        DeltaGrouper grouper = new DeltaGrouper(0, 3, Boundary.NONE);
        Recorder sink = new Recorder();
        String big = new String("abcdef");
        grouper.add(0, CONTENT, big, sink);
        assertThat(sink.groups.get(0).text()).isSameAs(big);
    }

    @Test
    void timedModeWithoutLimitsAccumulatesUntilTheTimerFlushes() {
        DeltaGrouper grouper = new DeltaGrouper(0, 0, Boundary.WORD, true);
        Recorder sink = new Recorder();
        assertThat(grouper.isPassThrough()).isFalse();
        assertThat(addAll(grouper, sink, "a ", "b ", "c")).isEmpty();
        assertThat(grouper.pendingDeltas()).isEqualTo(3);

        grouper.flushOnTimeout(sink);

        assertThat(sink.texts()).containsExactly("a b c");
        assertThat(grouper.isEmpty()).isTrue();
        assertThat(grouper.pendingDeltas()).isZero();
    }

    @Test
    void timerFlushIgnoresBoundaries() {
        DeltaGrouper grouper = new DeltaGrouper(10, 0, Boundary.WORD);
        Recorder sink = new Recorder();
        addAll(grouper, sink, "one tw", "o thr");
        grouper.flushOnTimeout(sink);
        assertThat(sink.texts()).containsExactly("one two thr");
    }

    @Test
    void wordBoundaryCutsAfterTheLastWhitespaceAndTheRestOpensTheNextGroup() {
        DeltaGrouper grouper = new DeltaGrouper(2, 0, Boundary.WORD);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "hello wor", "ld foo")).containsExactly("hello world ");
        assertThat(grouper.pendingDeltas()).isEqualTo(1);

        // the rest counts as one delta: the next delta completes the group of two
        assertThat(addAll(grouper, sink, "bar baz")).containsExactly("hello world ", "foobar ");
        grouper.flush(sink);
        assertThat(sink.texts()).containsExactly("hello world ", "foobar ", "baz");
    }

    @Test
    void wordBoundaryCutsAtTheLastOfSeveralBoundariesFoundInEarlierDeltas() {
        DeltaGrouper grouper = new DeltaGrouper(3, 0, Boundary.WORD);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "a b", "c d", "efg")).containsExactly("a bc ");
        grouper.flush(sink);
        assertThat(sink.texts()).containsExactly("a bc ", "defg");
    }

    @Test
    void sentenceBoundaryCutsAfterTheWhitespaceThatFollowsTheTerminator() {
        DeltaGrouper grouper = new DeltaGrouper(0, 10, Boundary.SENTENCE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "Hi. How are")).containsExactly("Hi. ");
        assertThat(addAll(grouper, sink, " you? Fine! Ok")).containsExactly("Hi. ", "How are you? Fine! ");
        grouper.flush(sink);
        assertThat(sink.texts()).containsExactly("Hi. ", "How are you? Fine! ", "Ok");
    }

    @Test
    void sentenceBoundaryWhitespaceMayArriveInTheNextDelta() {
        DeltaGrouper grouper = new DeltaGrouper(2, 0, Boundary.SENTENCE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "End.", " Next")).containsExactly("End. ");
        assertThat(grouper.pendingDeltas()).isEqualTo(1);
    }

    @Test
    void sentenceBoundaryNeedsWhitespaceAfterThePeriod() {
        DeltaGrouper grouper = new DeltaGrouper(0, 5, Boundary.SENTENCE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "pi is 3.14 ok")).containsExactly("pi is 3.14 ok");
    }

    @Test
    void fullWidthSentenceTerminatorsNeedNoWhitespace() {
        DeltaGrouper grouper = new DeltaGrouper(0, 4, Boundary.SENTENCE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "你好。世界")).containsExactly("你好。");
        assertThat(addAll(grouper, sink, "！再见？吗")).containsExactly("你好。", "世界！再见？");
        grouper.flush(sink);
        assertThat(sink.texts()).containsExactly("你好。", "世界！再见？", "吗");
    }

    @Test
    void ellipsisFollowedByWhitespaceIsASentenceBoundary() {
        DeltaGrouper grouper = new DeltaGrouper(0, 6, Boundary.SENTENCE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "Wait… what")).containsExactly("Wait… ");
        // an ellipsis without whitespace after it is no boundary: the full group goes out whole
        assertThat(addAll(grouper, sink, "…no")).containsExactly("Wait… ", "what…no");
    }

    @Test
    void lineBoundaryCutsAfterTheLastNewline() {
        DeltaGrouper grouper = new DeltaGrouper(2, 0, Boundary.LINE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "one two\ntw", "o\nthr")).containsExactly("one two\ntwo\n");
        grouper.flush(sink);
        assertThat(sink.texts()).containsExactly("one two\ntwo\n", "thr");
    }

    @Test
    void fullGroupWithoutAnyBoundaryIsEmittedWhole() {
        DeltaGrouper grouper = new DeltaGrouper(2, 0, Boundary.WORD);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "abc", "def")).containsExactly("abcdef");
        assertThat(grouper.isEmpty()).isTrue();
    }

    @Test
    void choiceSwitchFlushesThePendingGroup() {
        DeltaGrouper grouper = new DeltaGrouper(10, 0, Boundary.NONE);
        Recorder sink = new Recorder();
        grouper.add(0, CONTENT, "a", sink);
        grouper.add(0, CONTENT, "b", sink);
        grouper.add(1, CONTENT, "c", sink);
        assertThat(sink.groups).containsExactly(new Group(0, CONTENT, "ab"));
        grouper.flush(sink);
        assertThat(sink.groups).containsExactly(new Group(0, CONTENT, "ab"), new Group(1, CONTENT, "c"));
    }

    @Test
    void typeSwitchFlushesThePendingGroup() {
        DeltaGrouper grouper = new DeltaGrouper(0, 100, Boundary.WORD, true);
        Recorder sink = new Recorder();
        grouper.add(0, REASONING, "think ", sink);
        grouper.add(0, CONTENT, "say", sink);
        grouper.add(0, REASONING, "more", sink);
        assertThat(sink.groups).containsExactly(new Group(0, REASONING, "think "), new Group(0, CONTENT, "say"));
    }

    @Test
    void surrogatePairSplitAcrossTwoDeltasIsNeverSplitAcrossGroups() {
        DeltaGrouper grouper = new DeltaGrouper(1, 0, Boundary.NONE);
        Recorder sink = new Recorder();
        assertThat(addAll(grouper, sink, "\uD83D")).isEmpty();
        assertThat(grouper.pendingDeltas()).isEqualTo(1);
        assertThat(addAll(grouper, sink, "\uDE00")).containsExactly("😀");

        assertThat(addAll(grouper, sink, "a\uD83D")).containsExactly("😀", "a");
        assertThat(addAll(grouper, sink, "\uDE00b")).containsExactly("😀", "a", "😀b");
    }

    @Test
    void surrogatePairIsNotSplitByAChoiceSwitchInBetweenItsHalves() {
        DeltaGrouper grouper = new DeltaGrouper(1, 0, Boundary.NONE);
        Recorder sink = new Recorder();
        grouper.add(0, CONTENT, "x\uD83D", sink);
        grouper.add(1, CONTENT, "y", sink);
        assertThat(sink.groups).containsExactly(new Group(0, CONTENT, "x"), new Group(1, CONTENT, "y"));
        assertThat(grouper.isEmpty()).isFalse();

        grouper.add(0, CONTENT, "\uDE00", sink);

        assertThat(sink.groups).containsExactly(new Group(0, CONTENT, "x"), new Group(1, CONTENT, "y"),
                new Group(0, CONTENT, "😀"));
        assertThat(grouper.isEmpty()).isTrue();
    }

    @Test
    void timerFlushKeepsATrailingHighSurrogateForItsLowHalf() {
        DeltaGrouper grouper = new DeltaGrouper(0, 0, Boundary.NONE, true);
        Recorder sink = new Recorder();
        addAll(grouper, sink, "ab\uD83D");
        grouper.flushOnTimeout(sink);
        assertThat(sink.texts()).containsExactly("ab");
        assertThat(grouper.pendingDeltas()).isEqualTo(1);

        addAll(grouper, sink, "\uDE00");
        grouper.flushOnTimeout(sink);
        assertThat(sink.texts()).containsExactly("ab", "😀");
    }

    @Test
    void flushAtTheEndEmitsEverythingPending() {
        DeltaGrouper grouper = new DeltaGrouper(5, 0, Boundary.WORD);
        Recorder sink = new Recorder();
        addAll(grouper, sink, "a b", "c");
        grouper.flush(sink);
        assertThat(sink.texts()).containsExactly("a bc");
        assertThat(grouper.isEmpty()).isTrue();
        assertThat(grouper.pendingDeltas()).isZero();
    }

    @Test
    void flushAtTheEndEmitsEvenALoneHighSurrogate() {
        DeltaGrouper grouper = new DeltaGrouper(1, 0, Boundary.NONE);
        Recorder sink = new Recorder();
        grouper.add(0, CONTENT, "\uD83D", sink);
        grouper.add(1, REASONING, "z\uD83D", sink);
        grouper.flush(sink);
        assertThat(sink.groups).containsExactlyInAnyOrder(new Group(1, REASONING, "z"),
                new Group(1, REASONING, "\uD83D"), new Group(0, CONTENT, "\uD83D"));
        assertThat(grouper.isEmpty()).isTrue();
    }

    @Test
    void boundaryOptionParsesTheDocumentedValues() {
        assertThat(Boundary.fromOption("none")).isEqualTo(Boundary.NONE);
        assertThat(Boundary.fromOption("word")).isEqualTo(Boundary.WORD);
        assertThat(Boundary.fromOption("sentence")).isEqualTo(Boundary.SENTENCE);
        assertThat(Boundary.fromOption("line")).isEqualTo(Boundary.LINE);
        assertThatThrownBy(() -> Boundary.fromOption("paragraph"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paragraph")
                .hasMessageContaining("none, word, sentence, line");
    }

    @Test
    void negativeLimitsAreRejected() {
        assertThatThrownBy(() -> new DeltaGrouper(-1, 0, Boundary.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeltaGrouper(0, -1, Boundary.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final String[] TOKENS = {
            "a", "bc", "word", " ", "  ", "\t", "3.14", ".", ". ", "!", "? ", "?", "…", "… ", "。", "！", "？", "\n",
            "x\ny", "😀", "é", "中文", "end. ", "q" };

    @Test
    void randomDeltasPreserveTextPerChoiceAndTypeAndRespectTheGroupRules() {
        Random random = new Random(20250611L);
        for (int trial = 0; trial < 1500; trial++) {
            int size = random.nextInt(3) == 0 ? 0 : random.nextInt(5);
            int maxChars = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(30);
            Boundary boundary = Boundary.values()[random.nextInt(Boundary.values().length)];
            boolean timed = random.nextBoolean();
            runTrial(random, trial, size, maxChars, boundary, timed);
        }
    }

    private static void runTrial(Random random, int trial, int size, int maxChars, Boundary boundary, boolean timed) {
        String label = "trial " + trial + " size=" + size + " maxChars=" + maxChars + " boundary=" + boundary
                       + " timed=" + timed;
        DeltaGrouper grouper = new DeltaGrouper(size, maxChars, boundary, timed);
        Model model = new Model(size, maxChars, boundary, timed);
        Recorder sink = new Recorder();
        Map<String, StringBuilder> input = new HashMap<>();
        // the low half of a pair whose high half ended the previous delta of that key
        Map<String, String> carry = new HashMap<>();
        int choices = 1 + random.nextInt(3);
        boolean reasoning = random.nextBoolean();
        int steps = 20 + random.nextInt(300);
        int added = 0;

        for (int step = 0; step < steps; step++) {
            int choice = random.nextInt(3) == 0 ? random.nextInt(choices) : 0;
            String type = reasoning && random.nextInt(4) == 0 ? REASONING : CONTENT;
            String key = choice + "/" + type;
            StringBuilder delta = new StringBuilder(carry.getOrDefault(key, ""));
            carry.remove(key);
            int tokens = random.nextInt(5);
            for (int t = 0; t < tokens; t++) {
                delta.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            if (delta.length() > 0 && Character.isLowSurrogate(delta.charAt(delta.length() - 1))
                && random.nextBoolean()) {
                // a server may split a surrogate pair across two deltas
                carry.put(key, String.valueOf(delta.charAt(delta.length() - 1)));
                delta.setLength(delta.length() - 1);
            }
            String text = delta.toString();
            if (!text.isEmpty()) {
                added++;
            }
            input.computeIfAbsent(key, k -> new StringBuilder()).append(text);

            sink.phase = "add";
            sink.callKey = key;
            grouper.add(choice, type, text, sink);
            model.add(choice, type, text);
            if (sink.completedDeltas > added) {
                fail(label + " step " + step + ": " + sink.completedDeltas + " deltas reported delivered of " + added);
            }
            // plain checks in the hot loop: AssertJ descriptions per delta would dominate the run time
            if ((size + maxChars > 0 || timed) && grouper.pendingDeltas() != model.count) {
                fail(label + " step " + step + ": pendingDeltas " + grouper.pendingDeltas() + ", expected "
                     + model.count);
            }
            if (timed && random.nextInt(10) == 0) {
                sink.phase = "timer";
                grouper.flushOnTimeout(sink);
                model.flushOnTimeout();
            }
        }
        int beforeFinal = sink.groups.size();
        sink.phase = "final";
        grouper.flush(sink);
        model.flush();
        assertThat(grouper.isEmpty()).as(label).isTrue();
        // every delta is reported in exactly one group, so a pump that stops early knows how many it dropped
        assertThat(sink.completedDeltas).as(label + ": deltas reported by the groups").isEqualTo(added);

        assertThat(sink.groups).as(label).containsExactlyElementsOf(model.out);

        Map<String, StringBuilder> output = new HashMap<>();
        for (int g = 0; g < sink.groups.size(); g++) {
            Group group = sink.groups.get(g);
            String key = group.choice() + "/" + group.type();
            output.computeIfAbsent(key, k -> new StringBuilder()).append(group.text());
            String t = group.text();
            if (t.isEmpty()) {
                fail(label + " group " + g + " is empty");
            }
            boolean passThrough = size == 0 && maxChars == 0 && !timed;
            if (g < beforeFinal && !passThrough
                && (Character.isHighSurrogate(t.charAt(t.length() - 1)) || Character.isLowSurrogate(t.charAt(0)))) {
                fail(label + " group " + g + " splits a surrogate pair: " + group);
            }
            // a group of the delta's own (choice, type) emitted by add() was emitted because a limit was reached
            boolean limitGroup = "add".equals(sink.phases.get(g)) && key.equals(sink.callKeys.get(g));
            if (limitGroup && !passThrough) {
                if (size + maxChars == 0) {
                    fail(label + " group " + g + " emitted by add() without a limit: " + group);
                }
                if (boundary != Boundary.NONE && !Model.boundaryEndsAt(boundary, t, t.length() - 1)
                    && Model.lastBoundary(boundary, t) > 0) {
                    fail(label + " group " + g + " neither cut at a boundary nor free of them: " + group);
                }
            }
        }
        assertThat(output.keySet()).as(label).isEqualTo(withoutEmpty(input).keySet());
        for (Map.Entry<String, StringBuilder> e : withoutEmpty(input).entrySet()) {
            assertThat(output.get(e.getKey()).toString()).as(label + " key " + e.getKey())
                    .isEqualTo(e.getValue().toString());
        }
    }

    private static Map<String, StringBuilder> withoutEmpty(Map<String, StringBuilder> map) {
        Map<String, StringBuilder> result = new HashMap<>();
        map.forEach((k, v) -> {
            if (v.length() > 0) {
                result.put(k, v);
            }
        });
        return result;
    }

    // A naive reference that rescans the whole pending text every time, to check the incremental bookkeeping.
    private static final class Model {
        final int size;
        final int maxChars;
        final Boundary boundary;
        final boolean passThrough;
        final boolean limited;
        final List<Group> out = new ArrayList<>();
        final Map<String, Character> parked = new LinkedHashMap<>();
        String pending = "";
        int count;
        int choice;
        String type;

        Model(int size, int maxChars, Boundary boundary, boolean timed) {
            this.size = size;
            this.maxChars = maxChars;
            this.boundary = boundary;
            this.limited = size > 0 || maxChars > 0;
            this.passThrough = !limited && !timed;
        }

        void add(int c, String t, String text) {
            if (text.isEmpty()) {
                return;
            }
            if (passThrough) {
                out.add(new Group(c, t, text));
                return;
            }
            if (!pending.isEmpty() && (c != choice || !t.equals(type))) {
                int cut = withoutTrailingHigh(pending.length());
                if (cut > 0) {
                    emit(cut);
                }
                if (!pending.isEmpty()) {
                    parked.put(choice + "/" + type, pending.charAt(0));
                    pending = "";
                    count = 0;
                }
            }
            if (pending.isEmpty()) {
                choice = c;
                type = t;
                Character high = parked.remove(c + "/" + t);
                if (high != null) {
                    pending = String.valueOf(high);
                    count = 1;
                }
            }
            pending += text;
            count++;
            if (!limited) {
                return;
            }
            while ((size > 0 && count >= size) || (maxChars > 0 && pending.length() >= maxChars)) {
                int last = lastBoundary(boundary, pending);
                int cut = withoutTrailingHigh(last > 0 ? last : pending.length());
                if (cut == 0) {
                    break;
                }
                emit(cut);
            }
        }

        void flushOnTimeout() {
            int cut = withoutTrailingHigh(pending.length());
            if (cut > 0) {
                emit(cut);
            }
        }

        void flush() {
            if (!pending.isEmpty()) {
                emit(pending.length());
            }
            parked.forEach((key, high) -> {
                int slash = key.indexOf('/');
                out.add(new Group(Integer.parseInt(key.substring(0, slash)), key.substring(slash + 1),
                        String.valueOf(high)));
            });
            parked.clear();
        }

        private int withoutTrailingHigh(int cut) {
            return cut > 0 && Character.isHighSurrogate(pending.charAt(cut - 1)) ? cut - 1 : cut;
        }

        private void emit(int cut) {
            out.add(new Group(choice, type, pending.substring(0, cut)));
            pending = pending.substring(cut);
            count = pending.isEmpty() ? 0 : 1;
        }

        static int lastBoundary(Boundary boundary, String text) {
            for (int i = text.length() - 1; i >= 0; i--) {
                if (boundaryEndsAt(boundary, text, i)) {
                    return i + 1;
                }
            }
            return 0;
        }

        static boolean boundaryEndsAt(Boundary boundary, String text, int i) {
            char c = text.charAt(i);
            switch (boundary) {
                case WORD:
                    return Character.isWhitespace(c);
                case LINE:
                    return c == '\n';
                case SENTENCE:
                    if ("。！？".indexOf(c) >= 0) {
                        return true;
                    }
                    return i > 0 && Character.isWhitespace(c) && ".!?…".indexOf(text.charAt(i - 1)) >= 0;
                default:
                    return false;
            }
        }
    }
}
