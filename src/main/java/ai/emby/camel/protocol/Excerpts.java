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
package ai.emby.camel.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Decodes payload bytes into text, whole or as a short excerpt for exception messages.
 */
public final class Excerpts {

    public static final int MAX_CHARS = 200;

    // UTF-8 needs at most 4 bytes per code point; decoding a bounded prefix keeps an
    // excerpt of a multi-megabyte payload cheap.
    private static final int MAX_BYTES = MAX_CHARS * 4;

    private Excerpts() {
    }

    public static String text(byte[] data, int offset, int length) {
        return new String(data, offset, length, StandardCharsets.UTF_8);
    }

    public static String excerpt(byte[] data, int offset, int length) {
        boolean cut = length > MAX_BYTES;
        return excerpt(new String(data, offset, cut ? MAX_BYTES : length, StandardCharsets.UTF_8), cut);
    }

    public static String excerpt(String text) {
        return excerpt(text, false);
    }

    private static String excerpt(String text, boolean alreadyCut) {
        if (text.length() <= MAX_CHARS) {
            return alreadyCut ? text + "…" : text;
        }
        int end = MAX_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
