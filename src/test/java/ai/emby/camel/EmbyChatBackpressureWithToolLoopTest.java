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

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import ai.emby.camel.support.ToolChunks;
import ai.emby.camel.support.ToolLoopOn;
import org.apache.camel.RoutesBuilder;

/**
 * The back-pressure tests with a tool loop on: the model first calls a tool, and the big stream is the loop's second
 * request — a slow delta route still blocks that server instead of filling the heap, and every delta arrives in order.
 */
class EmbyChatBackpressureWithToolLoopTest extends EmbyChatBackpressureTest {

    @Override
    protected String extraOptions() {
        return ToolLoopOn.OPTIONS;
    }

    @Override
    protected void enqueueBeforeTheStream(LlmServer server) {
        server.enqueue(Responses.sse(Chunks.role(),
                ToolChunks.wholeCallAtIndexZero("call_1", "lookup_order", "{\"order_id\":\"A-17\"}"),
                Chunks.finish("tool_calls"), Chunks.DONE));
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] { createRouteBuilder(), ToolLoopOn.toolRoute() };
    }
}
