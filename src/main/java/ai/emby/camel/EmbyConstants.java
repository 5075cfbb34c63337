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

import org.apache.camel.spi.Metadata;

/**
 * The headers the {@code emby:} component reads (input), sets on the original exchange (output) and on delta
 * exchanges (delta).
 */
public final class EmbyConstants {

    // Input: override the endpoint's options for one exchange

    @Metadata(label = "producer", description = "The model id; overrides the model option.", javaType = "String",
              important = true)
    public static final String MODEL = "CamelEmbyModel";
    @Metadata(label = "producer", description = "Sampling temperature; overrides the temperature option.",
              javaType = "Double")
    public static final String TEMPERATURE = "CamelEmbyTemperature";
    @Metadata(label = "producer", description = "Nucleus sampling; overrides the topP option.", javaType = "Double")
    public static final String TOP_P = "CamelEmbyTopP";
    @Metadata(label = "producer", description = "Sent as max_completion_tokens; overrides the maxCompletionTokens option.",
              javaType = "Integer")
    public static final String MAX_COMPLETION_TOKENS = "CamelEmbyMaxCompletionTokens";
    @Metadata(label = "producer", description = "Sent as max_tokens; overrides the maxTokens option.",
              javaType = "Integer")
    public static final String MAX_TOKENS = "CamelEmbyMaxTokens";
    @Metadata(label = "producer", description = "The system message; overrides the systemMessage option.",
              javaType = "String")
    public static final String SYSTEM_MESSAGE = "CamelEmbySystemMessage";
    @Metadata(label = "producer", description = "Sent as reasoning_effort; overrides the reasoningEffort option.",
              javaType = "String")
    public static final String REASONING_EFFORT = "CamelEmbyReasoningEffort";
    @Metadata(label = "producer", description = "Tool definitions sent as tools; overrides the tools option.",
              javaType = "java.util.List<java.util.Map<String, Object>>")
    public static final String TOOLS = "CamelEmbyTools";
    @Metadata(label = "producer", description = "Sent as response_format; overrides the responseFormat option.",
              javaType = "java.util.Map<String, Object>")
    public static final String RESPONSE_FORMAT = "CamelEmbyResponseFormat";
    @Metadata(label = "producer", description = "Extra JSON body fields, merged last (a null value removes a field).",
              javaType = "java.util.Map<String, Object>")
    public static final String ADDITIONAL_BODY_PROPERTIES = "CamelEmbyAdditionalBodyProperties";
    @Metadata(label = "producer", description = "emby:responses only: sent as previous_response_id, to continue from an"
                                                + " earlier response (its CamelEmbyResponseId).",
              javaType = "String")
    public static final String PREVIOUS_RESPONSE_ID = "CamelEmbyPreviousResponseId";
    @Metadata(label = "producer", description = "emby:chat: the conversation this exchange is a turn of. Its stored"
                                                + " history is sent before the exchange's messages, and the turn (tool"
                                                + " rounds included) is stored once the stream ended successfully.",
              javaType = "String")
    public static final String CONVERSATION_ID = "CamelEmbyConversationId";

    // Output: set on the original exchange when the stream ended

    @Metadata(label = "producer", description = "Why choice 0 ended: stop, length, tool_calls, content_filter, ...",
              javaType = "String", important = true)
    public static final String FINISH_REASON = "CamelEmbyFinishReason";
    @Metadata(label = "producer", description = "Prompt tokens, when the server sent usage.", javaType = "Integer")
    public static final String PROMPT_TOKENS = "CamelEmbyPromptTokens";
    @Metadata(label = "producer", description = "Completion tokens, when the server sent usage.", javaType = "Integer")
    public static final String COMPLETION_TOKENS = "CamelEmbyCompletionTokens";
    @Metadata(label = "producer", description = "Total tokens, when the server sent usage.", javaType = "Integer",
              important = true)
    public static final String TOTAL_TOKENS = "CamelEmbyTotalTokens";
    @Metadata(label = "producer", description = "usage.completion_tokens_details.reasoning_tokens, when sent.",
              javaType = "Integer")
    public static final String REASONING_TOKENS = "CamelEmbyReasoningTokens";
    @Metadata(label = "producer", description = "usage.prompt_tokens_details.cached_tokens, when sent.",
              javaType = "Integer")
    public static final String CACHED_TOKENS = "CamelEmbyCachedTokens";
    @Metadata(label = "producer", description = "The usage object as the server sent it (keeps extras such as a cost).",
              javaType = "java.util.Map<String, Object>")
    public static final String USAGE = "CamelEmbyUsage";
    @Metadata(label = "producer", description = "The response id (first non-empty value in the chunks).",
              javaType = "String")
    public static final String RESPONSE_ID = "CamelEmbyResponseId";
    @Metadata(label = "producer", description = "The model that answered (first non-empty value in the chunks).",
              javaType = "String")
    public static final String RESPONSE_MODEL = "CamelEmbyResponseModel";
    @Metadata(label = "producer", description = "Response header x-request-id, else request-id, else x-generation-id.",
              javaType = "String")
    public static final String REQUEST_ID = "CamelEmbyRequestId";
    @Metadata(label = "producer", description = "The response headers whose names start with x-ratelimit- (lower-case names), when any.",
              javaType = "java.util.Map<String, String>")
    public static final String RATE_LIMIT = "CamelEmbyRateLimit";
    @Metadata(label = "producer", description = "Concatenated reasoning text of choice 0, when any.", javaType = "String")
    public static final String REASONING = "CamelEmbyReasoning";
    @Metadata(label = "producer", description = "Concatenated refusal text of choice 0, when any.", javaType = "String")
    public static final String REFUSAL = "CamelEmbyRefusal";
    @Metadata(label = "producer", description = "Assembled tool calls of choice 0: index, id, type, name, arguments.",
              javaType = "java.util.List<java.util.Map<String, Object>>")
    public static final String TOOL_CALLS = "CamelEmbyToolCalls";
    @Metadata(label = "producer", description = "Choice 0 as a request message (role, content, tool_calls, reasoning"
                                                + " fields), ready to append to messages for the next turn.",
              javaType = "java.util.Map<String, Object>")
    public static final String ASSISTANT_MESSAGE = "CamelEmbyAssistantMessage";
    @Metadata(label = "producer", description = "Only when the stream carried more than one choice: index, content,"
                                                + " finishReason, reasoning, refusal, toolCalls per choice.",
              javaType = "java.util.List<java.util.Map<String, Object>>")
    public static final String CHOICES = "CamelEmbyChoices";
    @Metadata(label = "producer", description = "Legacy function_call deltas assembled: name, arguments.",
              javaType = "java.util.Map<String, Object>")
    public static final String FUNCTION_CALL = "CamelEmbyFunctionCall";
    @Metadata(label = "producer", description = "Non-empty content deltas of choice 0 received from the server.",
              javaType = "Integer")
    public static final String DELTA_COUNT = "CamelEmbyDeltaCount";
    @Metadata(label = "producer", description = "Unique id of the HTTP attempt (also on every delta exchange).",
              javaType = "String", important = true)
    public static final String STREAM_ID = "CamelEmbyStreamId";

    // Tool loop (toolEndpoint.<name> set): on the original exchange at the end

    @Metadata(label = "producer", description = "With a tool loop: one entry per request of the loop (round, streamId,"
                                                + " finishReason, promptTokens, completionTokens, totalTokens,"
                                                + " toolCalls: the names called), also when the loop failed.",
              javaType = "java.util.List<java.util.Map<String, Object>>")
    public static final String TOOL_ROUNDS = "CamelEmbyToolRounds";
    @Metadata(label = "producer", description = "With a tool loop: the whole message list of the loop — the messages"
                                                + " sent first, each assistant message with its tool calls, each tool"
                                                + " result, and (on success) the final assistant message.",
              javaType = "java.util.List<java.util.Map<String, Object>>")
    public static final String MESSAGES = "CamelEmbyMessages";

    // Tool loop: set on the exchange sent to a tool endpoint

    @Metadata(label = "producer", description = "On a tool endpoint's exchange: the name of the tool the model called.",
              javaType = "String")
    public static final String TOOL_NAME = "CamelEmbyToolName";
    @Metadata(label = "producer", description = "On a tool endpoint's exchange: the id of the tool call (the model"
                                                + " matches the result to it).",
              javaType = "String")
    public static final String TOOL_CALL_ID = "CamelEmbyToolCallId";

    // Delta: set on the exchanges sent to deltaUri

    @Metadata(label = "producer", description = "With a tool loop: the request of the loop the delta belongs to, 0 for"
                                                + " the first; on delta exchanges, the emitEnd exchange and tool"
                                                + " endpoint exchanges.",
              javaType = "Integer")
    public static final String TOOL_ROUND = "CamelEmbyToolRound";

    @Metadata(label = "producer", description = "0-based index of the delta exchange within its stream (one counter"
                                                + " across all choices and types).",
              javaType = "Integer", important = true)
    public static final String DELTA_INDEX = "CamelEmbyDeltaIndex";
    @Metadata(label = "producer", description = "The choice index the delta belongs to.", javaType = "Integer")
    public static final String CHOICE_INDEX = "CamelEmbyChoiceIndex";
    @Metadata(label = "producer", description = "content, reasoning, or (with emitEnd) end or error.",
              javaType = "String")
    public static final String DELTA_TYPE = "CamelEmbyDeltaType";
    @Metadata(label = "producer", description = "On the emitEnd exchange of a failed stream: the failure reason name,"
                                                + " or API_ERROR for an EmbyApiException.",
              javaType = "String")
    public static final String ERROR_REASON = "CamelEmbyErrorReason";

    private EmbyConstants() {
    }
}
