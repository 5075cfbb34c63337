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
package ai.emby.camel.sse;

import java.nio.charset.StandardCharsets;

/** Field names, and the values of the {@code id} and {@code retry} fields, read as WHATWG says. */
final class FieldValues {

    private FieldValues() {
    }

    /** An id containing NUL is ignored as a whole. */
    static boolean hasNoNul(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** The value of a retry field when it is ASCII digits only (and fits a long), else -1. */
    static long retryMillis(byte[] b, int off, int len) {
        if (len == 0) {
            return -1;
        }
        long value = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            // a value too large for a long is not a valid integer either
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The field name at b[off] is this one (the caller checked the length). */
    static boolean nameIs(byte[] b, int off, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (b[off + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
