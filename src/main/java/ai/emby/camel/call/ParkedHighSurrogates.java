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

/**
 * High surrogates cut off the end of a group whose (choice, type) was interrupted by another one: they wait here for
 * their low half, which can only come with a later delta of the same (choice, type). Rare, so tiny arrays rather
 * than a map of objects.
 */
final class ParkedHighSurrogates {

    private int[] choices = new int[0];
    private String[] types = new String[0];
    private char[] chars = new char[0];
    private int count;

    boolean isEmpty() {
        return count == 0;
    }

    void park(int choiceIndex, String type, char high) {
        if (count == chars.length) {
            int size = Math.max(2, count * 2);
            choices = Arrays.copyOf(choices, size);
            types = Arrays.copyOf(types, size);
            chars = Arrays.copyOf(chars, size);
        }
        choices[count] = choiceIndex;
        types[count] = type;
        chars[count] = high;
        count++;
    }

    /** Removes and returns the high surrogate parked for (choice, type), or -1 when there is none. */
    int take(int choiceIndex, String type) {
        for (int i = 0; i < count; i++) {
            if (choices[i] == choiceIndex && types[i].equals(type)) {
                char high = chars[i];
                int tail = count - i - 1;
                System.arraycopy(choices, i + 1, choices, i, tail);
                System.arraycopy(types, i + 1, types, i, tail);
                System.arraycopy(chars, i + 1, chars, i, tail);
                count--;
                types[count] = null;
                return high;
            }
        }
        return -1;
    }

    /** Emits every parked half as a group of its own (the end of the stream: nothing received is dropped). */
    void flushTo(DeltaGrouper.GroupSink sink) {
        int n = count;
        int[] parkedChoices = choices;
        String[] parkedTypes = types;
        char[] parkedChars = chars;
        // reset first, so that a sink that throws leaves nothing to emit twice
        count = 0;
        choices = new int[0];
        types = new String[0];
        chars = new char[0];
        for (int i = 0; i < n; i++) {
            sink.emit(parkedChoices[i], parkedTypes[i], String.valueOf(parkedChars[i]), 1);
        }
    }
}
