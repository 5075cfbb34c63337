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

import java.util.Locale;

/** Where a group of deltas that reached a limit may be cut ({@code bufferBoundary}). */
public enum Boundary {
    /** Groups are made of whole deltas. */
    NONE,
    /** After a whitespace character ({@link Character#isWhitespace(char)}). */
    WORD,
    /** After {@code . ! ? …} followed by whitespace (the cut follows that whitespace), or after {@code 。 ！ ？}. */
    SENTENCE,
    /** After {@code \n}. */
    LINE;

    /** Parses the {@code bufferBoundary} option value: {@code none}, {@code word}, {@code sentence} or {@code line}. */
    public static Boundary fromOption(String value) {
        if (value != null) {
            for (Boundary b : values()) {
                if (b.name().equalsIgnoreCase(value.trim())) {
                    return b;
                }
            }
        }
        throw new IllegalArgumentException("Invalid bufferBoundary '" + value
                                           + "': valid values are none, word, sentence, line");
    }

    String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a cut may follow text[i]. */
    boolean endsAt(CharSequence text, int i) {
        char c = text.charAt(i);
        switch (this) {
            case WORD:
                return Character.isWhitespace(c);
            case LINE:
                return c == '\n';
            case SENTENCE:
                // a '.' followed by whitespace is found at the whitespace, which may arrive with a later delta;
                // looking back into already scanned text keeps that working
                return c == '\u3002' || c == '\uFF01' || c == '\uFF1F'
                       || i > 0 && Character.isWhitespace(c) && isTerminal(text.charAt(i - 1));
            default:
                return false;
        }
    }

    private static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '\u2026';
    }
}
