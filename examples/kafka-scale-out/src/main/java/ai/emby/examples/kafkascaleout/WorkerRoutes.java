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
package ai.emby.examples.kafkascaleout;

import ai.emby.camel.EmbyApiException;
import ai.emby.camel.EmbyStreamException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * One worker instance: takes prompts off {@code prompts}, streams each answer with {@code emby:chat} and sends every
 * delta, and the end marker, to {@code deltas}. Run as many instances as you like with the same group id; Kafka
 * spreads the partitions of {@code prompts} over them.
 * <p>
 * A prompt's offset is committed only after its {@code emby:chat} exchange ended, whether the stream completed or
 * failed. An instance that dies mid-stream has not committed the prompts it was answering, so after the rebalance
 * another instance answers them again (at-least-once); the assembler drops the unfinished stream.
 */
public final class WorkerRoutes extends RouteBuilder {

    /** The consumer group shared by all instances. */
    public static final String GROUP_ID = "emby-workers";
    /** The exchange header (and Kafka record key) that holds the prompt id. */
    public static final String PROMPT_ID = "promptId";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String worker;
    private final int consumers;

    /**
     * @param worker    this instance's name, written into every delta so that a test can tell who streamed it
     * @param consumers Kafka consumers in this instance; each answers one prompt at a time, so this is the number of
     *                  streams the instance keeps open
     */
    public WorkerRoutes(String worker, int consumers) {
        this.worker = worker;
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        from("kafka:" + Topics.PROMPTS
                + "?groupId=" + GROUP_ID
                + "&consumersCount=" + consumers
                // commit by hand, after the stream ended, never on a timer
                + "&allowManualCommit=true&autoCommitEnable=false"
                + "&autoOffsetReset=earliest"
                // one prompt per poll: a record waiting in a poll batch behind a long answer would count against
                // max.poll.interval.ms, and would be answered again by another instance after a rebalance
                + "&maxPollRecords=1"
                // a killed instance is noticed after 6 s (the broker's default minimum) instead of 45 s
                + "&sessionTimeoutMs=6000&heartbeatIntervalMs=2000")
            .routeId("worker")
            .setHeader(PROMPT_ID, header(KafkaConstants.KEY))
            .setProperty("prompt", body())
            .setProperty(KafkaConstants.MANUAL_COMMIT, header(KafkaConstants.MANUAL_COMMIT))
            .doTry()
                // the deltas go through direct:delta, which adds the prompt id; deltaFormat=json puts the stream id,
                // the index and the type into the body, as Kafka drops the Camel* headers; emitEnd=true adds the end
                // marker (or an error marker) by which the assembler knows the answer is complete
                .to("emby:chat?deltaUri=direct:delta&deltaFormat=json&emitEnd=true")
            .doCatch(Exception.class)
                .process(WorkerRoutes::toDeadLetter)
                .to("kafka:" + Topics.PROMPTS_DLQ)
            .end()
            .process(WorkerRoutes::commit);

        from("direct:delta").routeId("delta")
            .process(this::wrap)
            // the CamelKafka* headers copied from the prompt's record must not steer this record (topic, partition)
            .removeHeaders("CamelKafka*")
            .setHeader(KafkaConstants.KEY, header(PROMPT_ID))
            .to("kafka:" + Topics.DELTAS);
    }

    /** {@code {"promptId":…,"worker":…,"delta":<the component's JSON delta>}}: all the assembler needs, in the value. */
    private void wrap(Exchange exchange) throws Exception {
        ObjectNode record = JSON.createObjectNode()
                .put("promptId", exchange.getMessage().getHeader(PROMPT_ID, String.class))
                .put("worker", worker);
        record.set("delta", JSON.readTree(exchange.getMessage().getBody(String.class)));
        exchange.getMessage().setBody(JSON.writeValueAsString(record));
    }

    /** The failed prompt, with the failure's {@code Reason}, as the value of a dead-letter record. */
    private static void toDeadLetter(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = failure instanceof EmbyStreamException stream ? stream.getReason().name()
                : failure instanceof EmbyApiException ? "API_ERROR"
                : failure.getClass().getSimpleName();
        ObjectNode record = JSON.createObjectNode()
                .put("promptId", exchange.getMessage().getHeader(PROMPT_ID, String.class))
                .put("prompt", exchange.getProperty("prompt", String.class))
                .put("reason", reason)
                .put("message", failure.getMessage());
        exchange.getMessage().setBody(JSON.writeValueAsString(record));
        exchange.getMessage().removeHeaders("CamelKafka*", KafkaConstants.MANUAL_COMMIT);
        exchange.getMessage().setHeader(KafkaConstants.KEY, exchange.getMessage().getHeader(PROMPT_ID));
    }

    /** Commits the prompt's offset: its answer is on {@code deltas} (or its failure on {@code prompts-dlq}). */
    private static void commit(Exchange exchange) {
        exchange.getProperty(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class).commit();
    }
}
