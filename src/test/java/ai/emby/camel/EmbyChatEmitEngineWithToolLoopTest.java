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

import ai.emby.camel.support.ToolLoopOn;
import org.apache.camel.RoutesBuilder;

/**
 * Every emit-engine test again with a tool loop on (a tool bound to a route): grouping, boundaries, timers, ordering
 * and the delta contract are the same when the loop runs the request — its calls are streamed by the same engine.
 * The loop's own rounds, grouped and emitted, are in {@link EmbyChatToolLoopTest}.
 */
class EmbyChatEmitEngineWithToolLoopTest extends EmbyChatEmitEngineTest {

    @Override
    protected String extraOptions() {
        return ToolLoopOn.OPTIONS;
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] { createRouteBuilder(), ToolLoopOn.toolRoute() };
    }
}
