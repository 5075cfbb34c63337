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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-of-stream delivery of one call (emitEnd): sent at most once, after the last delta or after an abort, never
 * after a failed delta. Confined to the pump's draining worker, like the rest of the drain's state.
 */
final class EndOfStream {

    // under the pump's logger: this delivery is a step of the pump's drain
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPump.class);

    private final DeliveryPump pump;
    private final Delivery delivery;
    private final DeltaSink sink;
    private boolean sent;

    /** @param delivery null in aggregate mode (no sink), where there is no end to send */
    EndOfStream(DeliveryPump pump, Delivery delivery, DeltaSink sink) {
        this.pump = pump;
        this.delivery = delivery;
        this.sink = sink;
    }

    /** True when the end-of-stream exchange (emitEnd) is still to be sent: not after a failed delta. */
    boolean isDue(Exception deliveryFailure) {
        return !sent && delivery != null && delivery.emitEnd() && deliveryFailure == null;
    }

    /** Sends the end of the stream (once); false when the delivery continues asynchronously. */
    boolean send(CallOutcome ended, String streamId, int emittedCount) {
        sent = true;
        InFlightDelivery inFlight = new InFlightDelivery(pump, false);
        try {
            sink.sendEnd(ended, streamId, emittedCount, inFlight);
        } catch (RuntimeException e) {
            LOG.debug("The end of stream {} could not be delivered", streamId, e);
            return true;
        }
        return inFlight.completedInline();
    }
}
