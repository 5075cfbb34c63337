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

/**
 * One delta, or a group of deltas of one choice and type, ready to deliver.
 *
 * @param streamId    the HTTP attempt it came from
 * @param index       0-based position among the deliveries of the stream (one counter for all choices and types)
 * @param choiceIndex the choice it belongs to
 * @param type        content or reasoning
 * @param text        the text
 * @param sourceDeltas how many of the server's deltas end in this one (a group holds several; a delta cut at a
 *                     boundary counts where its last char went): what was dropped when a stream stops early
 */
public record Delta(String streamId, int index, int choiceIndex, DeltaType type, String text, int sourceDeltas) {
}
