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

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.apache.camel.processor.aggregate.ClosedCorrelationKeyException;

/**
 * The example's routes: {@code direct:ask} streams an answer whose deltas go to a JMS queue, and the {@code rebuild}
 * route takes them off the queue with several concurrent consumers and puts each answer back together in order.
 */
public final class JmsDeltasRoutes extends RouteBuilder {

    /** The queue the deltas travel through. */
    public static final String DELTA_QUEUE = "jms:queue:deltas";
    /**
     * {@code deltaFormat=json} puts the stream id and index into the body, because JMS drops the {@code CamelEmby*}
     * headers; {@code emitEnd=true} adds a last message per stream whose index says how many deltas came before it,
     * which is how the consumer knows an answer is complete.
     */
    public static final String ASK_URI = "emby:chat?deltaUri=" + DELTA_QUEUE + "&deltaFormat=json&emitEnd=true";
    /**
     * Messages of one stream go to different consumers and can be processed in any order; that is why the rebuild
     * orders by index instead of trusting arrival.
     */
    static final int CONSUMERS = 4;
    /**
     * A stream whose messages stop coming without an end marker (its delta route failed, which sends no marker, or the
     * sending JVM died) is given up after this long without a message. It must exceed the emby {@code idleTimeout}
     * (60 s by default), the longest gap a healthy stream can leave between deltas.
     */
    static final Duration ABANDONED_STREAM_TIMEOUT = Duration.ofMinutes(2);
    /** Streams remembered as rebuilt, so a message redelivered after its answer was rebuilt is dropped. */
    static final int REBUILT_STREAMS_REMEMBERED = 10_000;

    private final RebuiltAnswers answers;

    public JmsDeltasRoutes(RebuiltAnswers answers) {
        this.answers = answers;
    }

    @Override
    public void configure() {
        // JMS delivers at least once: a copy of a message whose stream was already rebuilt must not open a new group
        // that would time out as an incomplete answer. It is acknowledged and dropped.
        onException(ClosedCorrelationKeyException.class)
                .handled(true)
                .log(LoggingLevel.DEBUG, "Dropped a late copy of a message: ${exception.message}");

        from("direct:ask").routeId("ask")
                .to(ASK_URI);

        from(DELTA_QUEUE + "?concurrentConsumers=" + CONSUMERS).routeId("rebuild")
                .unmarshal().json(JsonLibrary.Jackson, Delta.class)
                .aggregate(AnswerAssembler.streamId(), new AnswerAssembler())
                    .completionPredicate(AnswerAssembler::isComplete)
                    .completionTimeout(ABANDONED_STREAM_TIMEOUT.toMillis())
                    .closeCorrelationKeyOnCompletion(REBUILT_STREAMS_REMEMBERED)
                    .process(AnswerAssembler::toRebuiltAnswer)
                    .to("direct:answers");

        from("direct:answers").routeId("answers")
                .process(answers);
    }
}
