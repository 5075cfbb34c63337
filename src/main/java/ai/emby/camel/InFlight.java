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

import java.util.concurrent.TimeUnit;

import ai.emby.camel.call.ChatCall;
import org.apache.camel.Exchange;

/** An exchange this component is working on — one call, or a tool loop — as a shutdown waits for it. */
interface InFlight {

    Exchange exchange();

    /** @return false when the wait timed out */
    boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException;

    static InFlight of(ChatCall call) {
        return new InFlight() {
            @Override
            public Exchange exchange() {
                return ExchangeCall.exchangeOf(call);
            }

            @Override
            public boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException {
                return call.awaitCompletion(timeout, unit);
            }
        };
    }
}
