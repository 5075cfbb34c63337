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
package ai.emby.examples.springboot;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Prints each delta on standard output as it arrives, without line breaks, the way a chat UI shows the answer. */
@Component
public class DeltaPrinter {

    private final boolean enabled;
    private boolean lineOpen;

    public DeltaPrinter(@Value("${example.print-deltas:true}") boolean enabled) {
        this.enabled = enabled;
    }

    public synchronized void print(String delta) {
        if (enabled && delta != null && !delta.isEmpty()) {
            System.out.print(delta);
            System.out.flush();
            lineOpen = true;
        }
    }

    /** Ends the printed answer with a line break, if anything was printed since the last one. */
    public synchronized void endOfAnswer() {
        if (lineOpen) {
            System.out.println();
            System.out.flush();
            lineOpen = false;
        }
    }
}
