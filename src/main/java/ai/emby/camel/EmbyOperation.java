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

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The operations of the {@code emby:} component (the URI path).
 */
public enum EmbyOperation {

    CHAT("chat"),
    RESPONSES("responses");

    private final String value;

    EmbyOperation(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The operation named by a URI path; fails with a message that lists the valid operations. */
    public static EmbyOperation fromValue(String value) {
        for (EmbyOperation operation : values()) {
            if (operation.value.equals(value)) {
                return operation;
            }
        }
        throw new IllegalArgumentException(
                "Unknown operation: '" + value + "'. Supported operations: "
                                           + Arrays.stream(values()).map(EmbyOperation::value).collect(Collectors.joining(", "))
                                           + " (as in emby:chat?model=...)");
    }
}
