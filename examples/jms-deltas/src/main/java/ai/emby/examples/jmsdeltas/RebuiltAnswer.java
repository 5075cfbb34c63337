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

/**
 * An answer put back together from its JMS messages.
 *
 * @param streamId     the stream it was rebuilt from (the original exchange's {@code CamelEmbyStreamId})
 * @param text         the answer text of choice 0, deltas joined in index order
 * @param messages     how many messages of the stream arrived, the end marker included
 * @param outOfOrder   how many of them arrived after a message with a higher index: the reordering that was needed
 * @param outcome      how the stream ended
 * @param finishReason the model's finish reason, when the stream ended normally
 * @param usage        the token usage, when the server sent it
 * @param errorReason  the failure reason, when the stream failed
 */
public record RebuiltAnswer(String streamId, String text, int messages, int outOfOrder, Outcome outcome,
                            String finishReason, Map<String, Object> usage, String errorReason) {

    /** How a stream's messages ended. */
    public enum Outcome {
        /** The end marker and every delta before it arrived: {@link #text()} is the whole answer. */
        COMPLETE,
        /** The stream failed (an {@code error} marker) and every delta before it arrived: the partial answer. */
        FAILED,
        /** Some message never came within the completion timeout: {@link #text()} has gaps or misses its end. */
        INCOMPLETE
    }
}
