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
package ai.emby.camel.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.EmbyApiException;
import ai.emby.camel.EmbyStreamException;
import org.apache.camel.Exchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions shared by the fault tests: the failure type and reason of an exchange, its cause chain, and time.
 */
public final class Faults {

    private Faults() {
    }

    /** Asserts the exchange failed with an EmbyStreamException of the given reason, and returns it. */
    public static EmbyStreamException streamFailure(Exchange exchange, EmbyStreamException.Reason reason) {
        assertThat(exchange.getException())
                .as("the exchange's exception")
                .isInstanceOf(EmbyStreamException.class);
        EmbyStreamException failure = (EmbyStreamException) exchange.getException();
        assertThat(failure.getReason()).as("reason of: %s", failure.getMessage()).isEqualTo(reason);
        return failure;
    }

    /** Asserts the exchange failed with an EmbyApiException of the given HTTP status, and returns it. */
    public static EmbyApiException apiFailure(Exchange exchange, int status) {
        assertThat(exchange.getException())
                .as("the exchange's exception")
                .isInstanceOf(EmbyApiException.class);
        EmbyApiException failure = (EmbyApiException) exchange.getException();
        assertThat(failure.getStatusCode()).as("status of: %s", failure.getMessage()).isEqualTo(status);
        return failure;
    }

    /** The throwable, its causes and everything suppressed along the way (each once). */
    public static List<Throwable> causeChain(Throwable throwable) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(throwable, chain, seen);
        return chain;
    }

    private static void collect(Throwable throwable, List<Throwable> chain, Set<Throwable> seen) {
        if (throwable == null || !seen.add(throwable)) {
            return;
        }
        chain.add(throwable);
        for (Throwable suppressed : throwable.getSuppressed()) {
            collect(suppressed, chain, seen);
        }
        collect(throwable.getCause(), chain, seen);
    }

    /** True when some throwable of the cause chain is an instance of the type. */
    public static boolean hasCause(Throwable throwable, Class<? extends Throwable> type) {
        return causeChain(throwable).stream().skip(1).anyMatch(type::isInstance);
    }

    public static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
