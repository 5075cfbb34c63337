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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import ai.emby.camel.chat.ChatCall;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels the component's in-flight streams (reason {@code CANCELLED}) as soon as the CamelContext starts to stop, for
 * the producers whose endpoint has {@code cancelOnShutdown} on.
 * <p>
 * Why here and not in the producer's stop: Camel stops a route's producers only after its graceful shutdown waited for
 * the in-flight exchanges, up to its timeout (45 s by default), and before that it releases every thread blocked in
 * {@code ProducerTemplate.request} with a {@code RejectedExecutionException}. A stalled model would hold the shutdown
 * for the whole timeout and the caller would never learn what was received. Cancelling first, and waiting until the
 * cancelled exchanges have completed, gives every caller (blocked or asynchronous, through a route or a
 * ProducerTemplate) its {@link EmbyStreamException} with the partial content, and an error handler that is still
 * running to route it.
 */
final class CancelOnShutdown extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(CancelOnShutdown.class);

    private final Set<EmbyChatProducer> producers = ConcurrentHashMap.newKeySet();

    void register(EmbyChatProducer producer) {
        producers.add(producer);
    }

    void unregister(EmbyChatProducer producer) {
        producers.remove(producer);
    }

    @Override
    public void onContextStopping(CamelContext context) {
        List<ChatCall> cancelled = new ArrayList<>();
        for (EmbyChatProducer producer : producers) {
            if (producer.getEndpoint().getConfiguration().isCancelOnShutdown()) {
                cancelled.addAll(producer.cancelAll("the CamelContext is stopping"));
            }
        }
        if (cancelled.isEmpty()) {
            return;
        }
        LOG.info("Cancelled {} in-flight stream(s): the CamelContext is stopping", cancelled.size());
        awaitCompletion(cancelled, context.getShutdownStrategy());
    }

    /** Waits, at most Camel's graceful shutdown timeout, for the cancelled exchanges' callbacks to have run. */
    private static void awaitCompletion(List<ChatCall> cancelled, ShutdownStrategy shutdownStrategy) {
        long deadline = System.nanoTime() + shutdownStrategy.getTimeUnit().toNanos(shutdownStrategy.getTimeout());
        try {
            for (ChatCall call : cancelled) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !call.awaitCompletion(left, TimeUnit.NANOSECONDS)) {
                    LOG.warn("Cancelled streams still completing when the graceful shutdown timeout passed: Camel's"
                             + " shutdown goes on");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
