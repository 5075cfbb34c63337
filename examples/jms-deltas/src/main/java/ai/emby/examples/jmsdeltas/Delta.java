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
package ai.emby.examples.jmsdeltas;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One JMS message of a stream: the body that {@code emby:chat} writes with {@code deltaFormat=json}. The ids travel in
 * the body because JMS drops the {@code CamelEmbyStreamId} and {@code CamelEmbyDeltaIndex} headers.
 *
 * @param streamId     the HTTP attempt the delta belongs to: the key that groups an answer's messages
 * @param index        position in the stream, 0-based, one counter across choices and types; the end marker's index
 *                     is the number of deltas before it
 * @param choice       the choice index
 * @param type         {@code content} or {@code reasoning} for a delta; {@code end} or {@code error} for the marker
 *                     that {@code emitEnd=true} adds
 * @param text         the delta text, {@code ""} on the marker
 * @param finishReason on an {@code end} marker: why the model stopped
 * @param usage        on an {@code end} marker: the token usage, when the server sent it
 * @param errorReason  on an {@code error} marker: the {@code EmbyStreamException} reason, or {@code API_ERROR}
 */
// later component versions may add fields to the JSON: ignore them rather than fail the message
@JsonIgnoreProperties(ignoreUnknown = true)
public record Delta(String streamId, int index, int choice, String type, String text, String finishReason,
                    Map<String, Object> usage, String errorReason) {

    /** True for the marker that closes a stream, successful or not. */
    public boolean isMarker() {
        return "end".equals(type) || "error".equals(type);
    }

    /** True for text that belongs to the answer: content of choice 0, as in the original exchange's body. */
    public boolean isAnswerText() {
        return "content".equals(type) && choice == 0;
    }
}
