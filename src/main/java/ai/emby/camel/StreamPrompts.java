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
package ai.emby.camel;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The text read from one-shot stream bodies ({@code InputStream}, {@code Reader} that are no StreamCache), kept for as
 * long as the stream object lives. Camel's redelivery restores the message it copied before the first attempt, and
 * that copy holds the same, now drained, stream: without this the redelivered request would send an empty prompt.
 */
final class StreamPrompts {

    // weak keys: an entry goes with its exchange; streams compare by identity (none of the JDK's overrides equals)
    private final Map<Object, String> texts = Collections.synchronizedMap(new WeakHashMap<>());

    /** The text this stream gave when it was read before, or null. */
    String readBefore(Object stream) {
        return texts.get(stream);
    }

    void remember(Object stream, String text) {
        texts.put(stream, text);
    }
}
