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

/**
 * Folds one attempt's answer, event by event (or as one body), into an {@link Answer}. Not thread safe: one attempt,
 * fed by one thread at a time.
 * <p>
 * Protocol errors are thrown: {@link InStreamErrorException} when the server reported a failure after HTTP 200,
 * {@link MalformedPayloadException} when a payload is not what the protocol allows.
 */
public interface AnswerReader {

    /**
     * One event of an event stream.
     *
     * @param eventType the SSE event type, null for the default type
     * @param data      the event's data as UTF-8 bytes in data[offset, offset+length); the array is reused after the call
     */
    void onEvent(String eventType, byte[] data, int offset, int length);

    /** The whole body of a non-streaming answer (or a JSON answer to a streaming request). */
    void onWholeAnswer(byte[] data, int offset, int length);

    /** The answer is finished: an end marker was received, or every choice seen has finished. */
    boolean isComplete();

    /**
     * The protocol's end marker was received: nothing the body may still carry belongs to the answer, so the attempt
     * can end without waiting for the body to end.
     */
    boolean hasEndMarker();

    /**
     * The event just read was a keep-alive (the Responses API's {@code keepalive}): like an event-stream comment it is
     * not data, so it does not hold off the idle timeout. Protocols without such events keep the default.
     */
    default boolean isKeepAlive() {
        return false;
    }

    /** What a complete stream ends with, for the message of a truncated one. */
    default String endMarker() {
        return "a finish_reason or [DONE]";
    }

    /** A non-empty content, reasoning, refusal or tool-call delta has been read: the first-delta phase is over. */
    boolean hasFirstDelta();

    /** Non-empty content deltas of the answer's choice (0, else the lowest index seen) so far. */
    int deltaCount();

    /** Text of the answer's choice so far, {@code ""} if none: what a failure carries as its partial content. */
    String partialContent();

    /** A snapshot of everything read so far. */
    Answer answer();
}
