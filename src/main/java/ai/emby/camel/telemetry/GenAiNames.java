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
package ai.emby.camel.telemetry;

/**
 * The names this component records, from the OpenTelemetry GenAI semantic conventions (v1.41, kept in the
 * {@code semantic-conventions-genai} repository), plus the few of its own under {@code emby.}.
 */
final class GenAiNames {

    static final String OPERATION_NAME = "gen_ai.operation.name";
    static final String PROVIDER_NAME = "gen_ai.provider.name";
    static final String REQUEST_MODEL = "gen_ai.request.model";
    static final String REQUEST_STREAM = "gen_ai.request.stream";
    static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
    static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
    static final String REQUEST_TOP_P = "gen_ai.request.top_p";
    static final String RESPONSE_MODEL = "gen_ai.response.model";
    static final String RESPONSE_ID = "gen_ai.response.id";
    static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
    static final String RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";
    static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    static final String USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";
    static final String USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
    static final String INPUT_MESSAGES = "gen_ai.input.messages";
    static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
    static final String TOKEN_TYPE = "gen_ai.token.type";
    static final String TOOL_NAME = "gen_ai.tool.name";
    static final String TOOL_CALL_ID = "gen_ai.tool.call.id";
    static final String TOOL_TYPE = "gen_ai.tool.type";
    static final String SERVER_ADDRESS = "server.address";
    static final String SERVER_PORT = "server.port";
    static final String ERROR_TYPE = "error.type";

    static final String METRIC_OPERATION_DURATION = "gen_ai.client.operation.duration";
    static final String METRIC_TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String METRIC_TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
    static final String METRIC_TIME_PER_OUTPUT_CHUNK = "gen_ai.client.operation.time_per_output_chunk";

    /** The span event of a failed attempt that is retried. */
    static final String EVENT_RETRY = "emby.retry";
    static final String ATTEMPT = "emby.attempt";
    static final String RETRY_WAIT = "emby.retry.wait";
    /** Content deltas received, on every span (on a failure: before it). */
    static final String DELTA_COUNT = "emby.delta_count";
    static final String ATTEMPTS = "emby.attempts";
    /** The metric tag that says how a call ended: {@code success}, or its error type. */
    static final String OUTCOME = "outcome";
    static final String SUCCESS = "success";

    private GenAiNames() {
    }
}
