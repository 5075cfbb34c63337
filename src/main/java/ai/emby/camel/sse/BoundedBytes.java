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

import java.util.Arrays;

/**
 * A growable byte array with a size limit, the parser's guard against a server that never ends a line or an event:
 * past the limit it throws {@link EventTooLargeException} instead of growing.
 */
final class BoundedBytes {

    private static final int INITIAL_CAPACITY = 256;
    // the JDK cannot allocate arrays quite as large as Integer.MAX_VALUE
    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    private final String what;
    private final int limit;
    private final int reportedLimit;
    private byte[] array = new byte[INITIAL_CAPACITY];
    private int length;

    /**
     * @param what          what is held, for the message ("line", "event data")
     * @param limit         the most bytes held; {@code <= 0} means only what an array can hold
     * @param reportedLimit the user's limit (maxEventSize) the message names
     */
    BoundedBytes(String what, long limit, int reportedLimit) {
        this.what = what;
        this.limit = limit <= 0 ? MAX_ARRAY_SIZE - 1 : (int) Math.min(MAX_ARRAY_SIZE - 1, limit);
        this.reportedLimit = reportedLimit;
    }

    byte[] array() {
        return array;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** Fails when a piece of this many bytes alone is over the limit. */
    void check(int len) {
        if (len > limit) {
            throw new EventTooLargeException(what, reportedLimit);
        }
    }

    /** Appends b[off, off+len). */
    void append(byte[] b, int off, int len) {
        long needed = (long) length + len;
        if (needed > limit) {
            throw new EventTooLargeException(what, reportedLimit);
        }
        ensure((int) needed);
        System.arraycopy(b, off, array, length, len);
        length = (int) needed;
    }

    /** Appends b[off, off+len) and a '\n'; the limit applies to what is held without that last '\n'. */
    void appendLine(byte[] b, int off, int len) {
        long needed = (long) length + len;
        if (needed > limit) {
            throw new EventTooLargeException(what, reportedLimit);
        }
        ensure((int) needed + 1);
        System.arraycopy(b, off, array, length, len);
        array[(int) needed] = '\n';
        length = (int) needed + 1;
    }

    private void ensure(int needed) {
        if (needed > array.length) {
            long doubled = (long) array.length << 1;
            array = Arrays.copyOf(array, (int) Math.min(MAX_ARRAY_SIZE, Math.max(doubled, needed)));
        }
    }
}
