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
package ai.emby.camel.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one choice of one chunk, parsed before they are applied: a reusable scratch object.
 * <p>
 * The choice's {@code index} may come after its {@code delta} (llama.cpp and other servers do not keep
 * OpenAI's field order), so a delta is parsed here first and applied once the choice object is closed.
 */
final class DeltaFields {

    static final int NONE = 0;
    static final int PREFERRED = 1;
    static final int OTHER = 2;

    int source;
    String role;
    String content;
    String partsReasoning;
    String reasoningContent;
    String reasoning;
    List<?> reasoningDetails;
    String refusal;
    boolean functionCallSeen;
    String functionName;
    String functionArguments;
    int fragmentCount;
    private final List<ToolCallFragment> fragments = new ArrayList<>(2);

    void reset() {
        source = NONE;
        role = null;
        content = null;
        partsReasoning = null;
        reasoningContent = null;
        reasoning = null;
        reasoningDetails = null;
        refusal = null;
        functionCallSeen = false;
        functionName = null;
        functionArguments = null;
        fragmentCount = 0;
    }

    ToolCallFragment nextFragment() {
        ToolCallFragment fragment;
        if (fragmentCount < fragments.size()) {
            fragment = fragments.get(fragmentCount);
            fragment.reset();
        } else {
            fragment = new ToolCallFragment();
            fragments.add(fragment);
        }
        fragmentCount++;
        return fragment;
    }

    ToolCallFragment fragment(int i) {
        return fragments.get(i);
    }
}
