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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import ai.emby.camel.protocol.Excerpts;

/** A body that is not an event stream (an error answer, a whole JSON answer), kept up to a limit. */
final class PlainBody {

    /** Error bodies are kept up to this size: enough for any JSON error, bounded against a misbehaving server. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** @param limit the most bytes kept; 0 = unlimited */
    PlainBody(int limit) {
        this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
    }

    /** Takes all of src; false when some of it was beyond the limit and dropped. */
    boolean add(ByteBuffer src) {
        int take = Math.min(limit - bytes.size(), src.remaining());
        if (take > 0) {
            byte[] chunk = new byte[take];
            src.get(chunk);
            bytes.write(chunk, 0, take);
        }
        boolean all = !src.hasRemaining();
        src.position(src.limit());
        return all;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** The body as UTF-8 text, null when empty. */
    String text() {
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }

    /** Its start, for a message. */
    String excerpt() {
        return Excerpts.excerpt(bytes.toByteArray(), 0, bytes.size());
    }
}
