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

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The aggregator's side of the rebuild: groups the {@link Delta} messages of a stream into a {@link PartialAnswer},
 * says when it is complete, and turns it into a {@link RebuiltAnswer}.
 */
public final class AnswerAssembler implements AggregationStrategy {

    /** The correlation key: the stream id from the message body, as JMS dropped the header. */
    public static Expression streamId() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return exchange.getMessage().getBody(Delta.class).streamId();
            }
        };
    }

    /** The completion predicate: the end marker and every delta before it arrived. */
    public static boolean isComplete(Exchange aggregated) {
        return aggregated.getMessage().getBody(PartialAnswer.class).isComplete();
    }

    /** Replaces the aggregated body with the answer, complete or (after the completion timeout) not. */
    public static void toRebuiltAnswer(Exchange aggregated) {
        aggregated.getMessage().setBody(aggregated.getMessage().getBody(PartialAnswer.class).toRebuiltAnswer());
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Delta delta = newExchange.getMessage().getBody(Delta.class);
        if (oldExchange == null) {
            newExchange.getMessage().setBody(new PartialAnswer(delta.streamId()).add(delta));
            return newExchange;
        }
        oldExchange.getMessage().getBody(PartialAnswer.class).add(delta);
        return oldExchange;
    }
}
