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
package ai.emby.examples.jmsdeltas;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuilt answers by stream id, in memory: the end of the {@code direct:answers} route, and where the caller that
 * asked looks up the answer of its stream.
 */
public final class RebuiltAnswers implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RebuiltAnswers.class);

    private final Map<String, RebuiltAnswer> answers = new HashMap<>();

    @Override
    public void process(Exchange exchange) {
        add(exchange.getMessage().getBody(RebuiltAnswer.class));
    }

    /** Keeps an answer and wakes whoever waits for it. */
    public synchronized void add(RebuiltAnswer answer) {
        LOG.info("Rebuilt the {} answer of stream {} from {} messages ({} arrived out of order)", answer.outcome(),
                answer.streamId(), answer.messages(), answer.outOfOrder());
        answers.put(answer.streamId(), answer);
        notifyAll();
    }

    /**
     * Waits for the answer of a stream. The original exchange can complete before the last messages of its stream were
     * consumed from the queue, so the caller waits here instead of looking once.
     */
    public synchronized RebuiltAnswer await(String streamId, Duration timeout) throws InterruptedException,
            TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RebuiltAnswer answer;
        while ((answer = answers.get(streamId)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("No rebuilt answer for stream " + streamId + " within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return answer;
    }

    /** How many answers were rebuilt so far. */
    public synchronized int size() {
        return answers.size();
    }
}
