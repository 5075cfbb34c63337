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
 * The seam between one call's lifecycle ({@code ai.emby.camel.call}) and a wire protocol (chat completions today,
 * the Responses API next): what the lifecycle needs to know about the bytes, and nothing about retries, deadlines,
 * delivery or Camel.
 * <p>
 * An implementation is shared by every call of an endpoint and must be thread safe; the {@link AnswerReader} it
 * makes is confined to one attempt.
 */
public interface WireProtocol {

    /**
     * A reader for one HTTP attempt's answer.
     *
     * @param listener told every non-empty content and reasoning delta as it is read, or null when nobody emits them
     */
    AnswerReader newReader(DeltaListener listener);

    /** The message, type and code of an HTTP error body (JSON or not); never null, its fields may be. */
    ErrorDetails readError(String body);
}
