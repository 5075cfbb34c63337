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

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One delivery in flight, and its callback: tells whether it ended before {@code send} returned. Camel's routing engine
 * often completes an "asynchronous" send so (same thread); the pump's loop then goes on instead of hopping to another
 * worker for every delta. One object per delivery.
 */
final class InFlightDelivery extends AtomicInteger implements DeltaSink.Delivered {

    private static final long serialVersionUID = 1L;
    private static final int RUNNING = 0;
    private static final int ENDED_INLINE = 1;
    private static final int WENT_ASYNC = 2;

    private final transient DeliveryPump pump;
    private final boolean isDelta;
    // written before the state changes, read after: the state's CAS publishes it
    private transient Exception failure;

    /** @param isDelta a delta (its failure cancels the stream), not the end of the stream */
    InFlightDelivery(DeliveryPump pump, boolean isDelta) {
        super(RUNNING);
        this.pump = pump;
        this.isDelta = isDelta;
    }

    @Override
    public void delivered(Exception cause) {
        failure = cause;
        if (!compareAndSet(RUNNING, ENDED_INLINE)) {
            // send() returned already: this callback resumes the loop on a worker
            ended();
            pump.execute();
        }
    }

    /** The sink threw instead of calling back. */
    void thrown(RuntimeException e) {
        failure = e;
        compareAndSet(RUNNING, ENDED_INLINE);
    }

    /** Called once send returned: true when the delivery ended already (the loop goes on). */
    boolean completedInline() {
        if (compareAndSet(RUNNING, WENT_ASYNC)) {
            return false;
        }
        ended();
        return true;
    }

    private void ended() {
        if (isDelta) {
            pump.afterSend(failure);
        }
    }
}
