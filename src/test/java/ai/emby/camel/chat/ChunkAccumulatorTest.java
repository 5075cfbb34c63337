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
package ai.emby.camel.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.emby.camel.protocol.Answer;
import ai.emby.camel.protocol.DeltaListener;
import ai.emby.camel.protocol.InStreamErrorException;
import ai.emby.camel.protocol.MalformedPayloadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class ChunkAccumulatorTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> events = new ArrayList<>();
    private final ChunkAccumulator acc = new ChunkAccumulator(mapper.getFactory(), mapper,
            new DeltaListener() {
                @Override
                public void onContent(int choiceIndex, String text) {
                    events.add("content/" + choiceIndex + ":" + text);
                }

                @Override
                public void onReasoning(int choiceIndex, String text) {
                    events.add("reasoning/" + choiceIndex + ":" + text);
                }
            });

    private void feed(String... chunks) {
        for (String chunk : chunks) {
            if ("[DONE]".equals(chunk)) {
                acc.markDone();
            } else {
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                acc.acceptChunk(bytes, 0, bytes.length);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- providers -------------------------------------------------------------------------

    @Test
    void openAiStreamWithUsageOnlyFinalChunk() {
        feed("""
                {"id":"chatcmpl-B9","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06",\
                "service_tier":"default","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":\
                {"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""");
        assertThat(acc.hasFirstDelta()).as("role-only chunk is no delta").isFalse();
        assertThat(acc.isComplete()).isFalse();
        feed("""
                {"id":"chatcmpl-B9","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06",\
                "choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}""",
                """
                {"id":"chatcmpl-B9","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06",\
                "choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null}],"usage":null}""");
        assertThat(acc.hasFirstDelta()).isTrue();
        assertThat(acc.partialContent()).isEqualTo("Hello world");
        assertThat(acc.deltaCount()).isEqualTo(2);
        feed("""
                {"id":"chatcmpl-B9","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06",\
                "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}""",
                """
                {"id":"chatcmpl-B9","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06",\
                "choices":[],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,\
                "prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},\
                "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,\
                "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""",
                "[DONE]");

        assertThat(acc.isComplete()).isTrue();
        Answer r = acc.answer();
        assertThat(r.getContent()).isEqualTo("Hello world");
        assertThat(r.getFinishReason()).isEqualTo("stop");
        assertThat(r.getPromptTokens()).isEqualTo(19);
        assertThat(r.getCompletionTokens()).isEqualTo(10);
        assertThat(r.getTotalTokens()).isEqualTo(29);
        assertThat(r.getCachedTokens()).isEqualTo(3);
        assertThat(r.getReasoningTokens()).isZero();
        assertThat(r.getUsage()).containsEntry("total_tokens", 29).containsKey("completion_tokens_details");
        assertThat(r.getResponseId()).isEqualTo("chatcmpl-B9");
        assertThat(r.getResponseModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(r.getDeltaCount()).isEqualTo(2);
        assertThat(r.getChoiceCount()).isEqualTo(1);
        assertThat(r.getChoices()).isNull();
        assertThat(r.getReasoning()).isNull();
        assertThat(r.getRefusal()).isNull();
        assertThat(r.getToolCalls()).isNull();
        assertThat(r.getFunctionCall()).isNull();
        assertThat(r.getAssistantMessage()).containsExactly(entry("role", "assistant"), entry("content", "Hello world"));
        assertThat(events).containsExactly("content/0:Hello", "content/0: world");
    }

    @Test
    void azurePromptFilterChunkAndContentFilterResults() {
        feed("""
                {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,\
                "content_filter_results":{"hate":{"filtered":false,"severity":"safe"},\
                "self_harm":{"filtered":false,"severity":"safe"}}}]}""",
                """
                {"choices":[{"content_filter_results":{},"delta":{"content":"","refusal":null,"role":"assistant"},\
                "finish_reason":null,"index":0,"logprobs":null}],"created":1730000000,"id":"chatcmpl-AZ1",\
                "model":"gpt-4o-2024-05-13","object":"chat.completion.chunk","system_fingerprint":"fp_67802d9a6d"}""",
                """
                {"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},\
                "delta":{"content":"Bonjour"},"finish_reason":null,"index":0,"logprobs":null}],"created":1730000000,\
                "id":"chatcmpl-AZ1","model":"gpt-4o-2024-05-13","object":"chat.completion.chunk"}""",
                """
                {"choices":[{"content_filter_results":{},"delta":{},"finish_reason":"stop","index":0,"logprobs":null}],\
                "created":1730000000,"id":"chatcmpl-AZ1","model":"gpt-4o-2024-05-13","object":"chat.completion.chunk"}""",
                """
                {"choices":[{"content_filter_offsets":{"check_offset":35,"start_offset":35,"end_offset":42},\
                "content_filter_results":{"violence":{"filtered":false,"severity":"safe"}},\
                "finish_reason":null,"index":0}],"created":0,"id":"","model":"","object":""}""");

        // No [DONE] yet, but every choice seen has finished.
        assertThat(acc.isComplete()).isTrue();
        Answer r = acc.answer();
        assertThat(r.getContent()).isEqualTo("Bonjour");
        assertThat(r.getFinishReason()).isEqualTo("stop");
        assertThat(r.getResponseId()).isEqualTo("chatcmpl-AZ1");
        assertThat(r.getResponseModel()).isEqualTo("gpt-4o-2024-05-13");
        assertThat(r.getUsage()).isNull();
        assertThat(r.getPromptTokens()).isNull();
    }

    @Test
    void groqUsageInXGroq() {
        feed("""
                {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1733000000,\
                "model":"llama-3.3-70b-versatile","system_fingerprint":"fp_c0","choices":[{"index":0,\
                "delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],\
                "x_groq":{"id":"req_01j"}}""",
                """
                {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1733000000,\
                "model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{"content":"Fast"},\
                "logprobs":null,"finish_reason":null}]}""",
                """
                {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1733000000,\
                "model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{},"logprobs":null,\
                "finish_reason":"stop"}],"x_groq":{"id":"req_01j","usage":{"queue_time":0.02,\
                "prompt_tokens":40,"prompt_time":0.002,"completion_tokens":8,"completion_time":0.01,\
                "total_tokens":48,"total_time":0.012}}}""",
                "[DONE]");
        Answer r = acc.answer();
        assertThat(r.getContent()).isEqualTo("Fast");
        assertThat(r.getPromptTokens()).isEqualTo(40);
        assertThat(r.getCompletionTokens()).isEqualTo(8);
        assertThat(r.getTotalTokens()).isEqualTo(48);
        assertThat(r.getUsage()).containsEntry("queue_time", 0.02);
        assertThat(r.getReasoningTokens()).isNull();
        assertThat(r.getCachedTokens()).isNull();
    }

    @Test
    void deepSeekReasoningContentThenContent() {
        feed("""
                {"id":"ds-1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner",\
                "system_fingerprint":"fp_x","choices":[{"index":0,"delta":{"role":"assistant","content":null,\
                "reasoning_content":""},"logprobs":null,"finish_reason":null}]}""");
        assertThat(acc.hasFirstDelta()).isFalse();
        feed("""
                {"id":"ds-1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner",\
                "choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Let me"},"logprobs":null,\
                "finish_reason":null}]}""");
        assertThat(acc.hasFirstDelta()).as("reasoning ends the first-delta phase").isTrue();
        feed("""
                {"id":"ds-1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner",\
                "choices":[{"index":0,"delta":{"content":null,"reasoning_content":" think."},"logprobs":null,\
                "finish_reason":null}]}""",
                """
                {"id":"ds-1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner",\
                "choices":[{"index":0,"delta":{"content":"42","reasoning_content":null},"logprobs":null,\
                "finish_reason":null}]}""",
                """
                {"id":"ds-1","object":"chat.completion.chunk","created":1737000000,"model":"deepseek-reasoner",\
                "choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,\
                "finish_reason":"stop"}],"usage":{"prompt_tokens":13,"completion_tokens":120,"total_tokens":133,\
                "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":100},\
                "prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":13}}""",
                "[DONE]");
        Answer r = acc.answer();
        assertThat(r.getContent()).isEqualTo("42");
        assertThat(r.getReasoning()).isEqualTo("Let me think.");
        assertThat(r.getReasoningTokens()).isEqualTo(100);
        assertThat(r.getCachedTokens()).isZero();
        assertThat(r.getUsage()).containsEntry("prompt_cache_miss_tokens", 13);
        assertThat(r.getDeltaCount()).isEqualTo(1);
        assertThat(r.getAssistantMessage()).containsExactly(entry("role", "assistant"), entry("content", "42"),
                entry("reasoning_content", "Let me think."));
        assertThat(events).containsExactly("reasoning/0:Let me", "reasoning/0: think.", "content/0:42");
    }

    @Test
    void openRouterReasoningAndReasoningDetailsCountOnce() {
        feed("""
                {"id":"gen-1","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk",\
                "created":1760000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"",\
                "reasoning":"The user","reasoning_details":[{"type":"reasoning.text","text":"The user",\
                "format":"anthropic-claude-v1","index":0}]},"finish_reason":null,"native_finish_reason":null,\
                "logprobs":null}]}""",
                """
                {"id":"gen-1","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk",\
                "created":1760000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"",\
                "reasoning":" asks","reasoning_details":[{"type":"reasoning.text","text":" asks",\
                "format":"anthropic-claude-v1","index":0}]},"finish_reason":null,"native_finish_reason":null,\
                "logprobs":null}]}""",
                """
                {"id":"gen-1","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk",\
                "created":1760000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"",\
                "reasoning":null,"reasoning_details":[{"type":"reasoning.text","signature":"EqMB",\
                "format":"anthropic-claude-v1","index":0}]},"finish_reason":null,"native_finish_reason":null,\
                "logprobs":null}]}""",
                """
                {"id":"gen-1","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk",\
                "created":1760000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi!"},\
                "finish_reason":null,"native_finish_reason":null,"logprobs":null}]}""",
                """
                {"id":"gen-1","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk",\
                "created":1760000000,"choices":[{"index":0,"delta":{"role":"assistant","content":""},\
                "finish_reason":"stop","native_finish_reason":"end_turn","logprobs":null}],\
                "usage":{"prompt_tokens":30,"completion_tokens":50,"total_tokens":80,"cost":0.000840,\
                "is_byok":false,"prompt_tokens_details":{"cached_tokens":0},"cost_details":\
                {"upstream_inference_cost":null},"completion_tokens_details":{"reasoning_tokens":40}}}""",
                "[DONE]");
        Answer r = acc.answer();
        assertThat(r.getReasoning()).isEqualTo("The user asks");
        assertThat(events).containsExactly("reasoning/0:The user", "reasoning/0: asks", "content/0:Hi!");
        assertThat(r.getUsage()).containsEntry("cost", 0.000840).containsEntry("is_byok", false);
        assertThat(r.getReasoningTokens()).isEqualTo(40);
        Map<String, Object> message = r.getAssistantMessage();
        assertThat(message).containsKeys("role", "content", "reasoning", "reasoning_details")
                .doesNotContainKey("reasoning_content");
        assertThat(message.get("reasoning")).isEqualTo("The user asks");
        assertThat(list(message.get("reasoning_details"))).containsExactly(Map.of("type", "reasoning.text",
                "text", "The user asks", "format", "anthropic-claude-v1", "index", 0, "signature", "EqMB"));
    }

    @Test
    void reasoningDetailsTextUsedWhenNoOtherReasoningField() {
        feed("""
                {"id":"gen-2","choices":[{"index":0,"delta":{"reasoning_details":[\
                {"type":"reasoning.summary","summary":"Plan: ","index":0},\
                {"type":"reasoning.encrypted","data":"gAAAA","index":1}]}}]}""");
        assertThat(acc.hasFirstDelta()).isTrue();
        feed("""
                {"id":"gen-2","choices":[{"index":0,"delta":{"reasoning_details":[\
                {"type":"reasoning.encrypted","data":"BBB","index":2}]}}]}""");
        assertThat(events).containsExactly("reasoning/0:Plan: ");
        assertThat(acc.answer().getReasoning()).isEqualTo("Plan: ");
        assertThat(list(acc.answer().getAssistantMessage().get("reasoning_details"))).hasSize(3);
    }

    @Test
    void vllmAndOllamaReasoningFieldWithUsageInFinishChunk() {
        feed("""
                {"id":"chatcmpl-405","object":"chat.completion.chunk","created":1740000000,"model":"qwen3:8b",\
                "system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"",\
                "reasoning":"Hmm"},"finish_reason":null}]}""",
                """
                {"id":"chatcmpl-405","object":"chat.completion.chunk","created":1740000000,"model":"qwen3:8b",\
                "system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant",\
                "content":"Yes"},"finish_reason":null}]}""",
                """
                {"id":"chatcmpl-405","object":"chat.completion.chunk","created":1740000000,"model":"qwen3:8b",\
                "system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},\
                "finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":25,"total_tokens":36}}""");
        assertThat(acc.isComplete()).isTrue();
        Answer r = acc.answer();
        assertThat(r.getReasoning()).isEqualTo("Hmm");
        assertThat(r.getContent()).isEqualTo("Yes");
        assertThat(r.getTotalTokens()).isEqualTo(36);
        assertThat(r.getAssistantMessage()).containsEntry("reasoning", "Hmm").doesNotContainKey("reasoning_content");
    }

    @Test
    void llamaCppTimingsAndFieldOrder() {
        feed("""
                {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],\
                "created":1745000000,"id":"chatcmpl-ll","model":"gpt-3.5-turbo","system_fingerprint":"b5350-abc",\
                "object":"chat.completion.chunk"}""",
                """
                {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hi"}}],"created":1745000000,\
                "id":"chatcmpl-ll","model":"gpt-3.5-turbo","system_fingerprint":"b5350-abc",\
                "object":"chat.completion.chunk"}""",
                """
                {"choices":[{"finish_reason":"length","index":0,"delta":{}}],"created":1745000000,\
                "id":"chatcmpl-ll","model":"gpt-3.5-turbo","system_fingerprint":"b5350-abc",\
                "object":"chat.completion.chunk","usage":{"completion_tokens":1,"prompt_tokens":5,\
                "total_tokens":6},"timings":{"prompt_n":5,"prompt_ms":12.5,"prompt_per_token_ms":2.5,\
                "predicted_n":1,"predicted_ms":3.1,"predicted_per_second":322.5,"nested":[{"a":[1,2,{"b":null}]}]}}""");
        Answer r = acc.answer();
        assertThat(r.getContent()).isEqualTo("Hi");
        assertThat(r.getFinishReason()).isEqualTo("length");
        assertThat(r.getTotalTokens()).isEqualTo(6);
        assertThat(acc.isComplete()).isTrue();
    }

    @Test
    void deltaBeforeIndexIsAppliedToTheRightChoice() {
        feed("""
                {"choices":[{"delta":{"content":"one"},"index":1},{"delta":{"content":"zero"},"index":0}]}""",
                """
                {"choices":[{"delta":{"content":"!"},"finish_reason":"stop","index":1}]}""");
        assertThat(events).containsExactly("content/1:one", "content/0:zero", "content/1:!");
        assertThat(acc.partialContent()).isEqualTo("zero");
        assertThat(acc.deltaCount()).isEqualTo(1);
        assertThat(acc.isComplete()).isFalse();
    }

    // ---- tool calls --------------------------------------------------------------------------

    @Test
    void twoParallelToolCallsFromInterleavedFragments() {
        feed("""
                {"id":"chatcmpl-t","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,\
                "delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_A","type":"function",\
                "function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}]}""");
        assertThat(acc.hasFirstDelta()).as("a tool-call fragment is a delta").isTrue();
        feed("""
                {"id":"chatcmpl-t","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_B",\
                "type":"function","function":{"name":"get_time","arguments":""}}]},"finish_reason":null}]}""",
                """
                {"id":"chatcmpl-t","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,\
                "function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}""",
                """
                {"id":"chatcmpl-t","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,\
                "function":{"arguments":"{\\"tz\\":"}}]},"finish_reason":null}]}""",
                """
                {"id":"chatcmpl-t","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,\
                "function":{"arguments":"\\"Paris\\"}"}},{"index":1,"function":{"arguments":"\\"CET\\"}"}}]},\
                "finish_reason":null}]}""",
                """
                {"id":"chatcmpl-t","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
                "[DONE]");
        Answer r = acc.answer();
        assertThat(r.getFinishReason()).isEqualTo("tool_calls");
        assertThat(r.getContent()).isEmpty();
        assertThat(r.getDeltaCount()).isZero();
        assertThat(r.getToolCalls()).containsExactly(
                Map.of("index", 0, "id", "call_A", "type", "function", "name", "get_weather",
                        "arguments", "{\"city\":\"Paris\"}"),
                Map.of("index", 1, "id", "call_B", "type", "function", "name", "get_time",
                        "arguments", "{\"tz\":\"CET\"}"));
        Map<String, Object> message = r.getAssistantMessage();
        assertThat(message).containsEntry("role", "assistant").containsEntry("content", null);
        assertThat(list(message.get("tool_calls"))).containsExactly(
                Map.of("id", "call_A", "type", "function",
                        "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}")),
                Map.of("id", "call_B", "type", "function",
                        "function", Map.of("name", "get_time", "arguments", "{\"tz\":\"CET\"}")));
        assertThat(events).isEmpty();
    }

    @Test
    void fragmentWithIdAndNoIndexStartsNewCallAndFragmentWithNeitherContinues() {
        feed("""
                {"choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_1","type":"function",\
                "function":{"name":"a","arguments":"{"}}]}}]}""",
                """
                {"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"}"}}]}}]}""",
                """
                {"choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_2","type":"function",\
                "function":{"name":"b","arguments":"[1"}}]}}]}""",
                """
                {"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"]"}}]}}]}""",
                """
                {"choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_2","function":{"arguments":""}}]},\
                "finish_reason":"tool_calls"}]}""");
        assertThat(acc.answer().getToolCalls()).extracting(c -> c.get("index"), c -> c.get("id"), c -> c.get("name"),
                c -> c.get("arguments")).containsExactly(
                        tuple(0, "call_1", "a", "{}"),
                        tuple(1, "call_2", "b", "[1]"));
    }

    @Test
    void idArrivingLaterBelongsToTheCallWithoutId() {
        feed("""
                {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"lookup"}}]}}]}""",
                """
                {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_x","function":{"arguments":"{}"}}]}}]}""");
        assertThat(acc.answer().getToolCalls()).containsExactly(
                Map.of("index", 0, "id", "call_x", "type", "function", "name", "lookup", "arguments", "{}"));
    }

    @Test
    void geminiStyleCallsAllAtIndexZeroWithDistinctIdsAndExtraContent() {
        feed("""
                {"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"function-call-1",\
                "type":"function","function":{"name":"f","arguments":"{\\"x\\":1}"},\
                "extra_content":{"google":{"thought_signature":"sig=="}}}]}}]}""",
                """
                {"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"function-call-2",\
                "type":"function","function":{"name":"g","arguments":{"y":2}}}]},"finish_reason":"tool_calls"}]}""");
        Answer r = acc.answer();
        assertThat(r.getToolCalls()).extracting(c -> c.get("index"), c -> c.get("name"), c -> c.get("arguments"))
                .containsExactly(tuple(0, "f", "{\"x\":1}"),
                        tuple(1, "g", "{\"y\":2}"));
        List<Object> calls = list(r.getAssistantMessage().get("tool_calls"));
        assertThat(map(calls.get(0))).containsEntry("extra_content",
                Map.of("google", Map.of("thought_signature", "sig==")));
        assertThat(map(calls.get(1))).doesNotContainKey("extra_content");
    }

    @Test
    void repeatedFunctionNameIsNotDoubled() {
        feed("""
                {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":"{"}}]}}]}""",
                """
                {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":"}"}}]}}]}""");
        assertThat(acc.answer().getToolCalls()).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("name", "f").containsEntry("arguments", "{}"));
    }

    @Test
    void legacyFunctionCall() {
        feed("""
                {"id":"chatcmpl-f","model":"gpt-3.5-turbo-0613","choices":[{"index":0,"delta":{"role":"assistant",\
                "content":null,"function_call":{"name":"get_current_weather","arguments":""}},"finish_reason":null}]}""");
        assertThat(acc.hasFirstDelta()).isTrue();
        feed("""
                {"choices":[{"index":0,"delta":{"function_call":{"arguments":"{\\"location\\":"}},"finish_reason":null}]}""",
                """
                {"choices":[{"index":0,"delta":{"function_call":{"arguments":"\\"Boston\\"}"}},"finish_reason":null}]}""",
                """
                {"choices":[{"index":0,"delta":{},"finish_reason":"function_call"}]}""");
        Answer r = acc.answer();
        assertThat(r.getFunctionCall()).containsExactly(entry("name", "get_current_weather"),
                entry("arguments", "{\"location\":\"Boston\"}"));
        assertThat(r.getToolCalls()).isNull();
        assertThat(r.getAssistantMessage()).containsEntry("function_call", r.getFunctionCall())
                .doesNotContainKey("tool_calls");
        assertThat(r.getFinishReason()).isEqualTo("function_call");
    }

    // ---- choices, refusal, completeness -----------------------------------------------------

    @Test
    void twoInterleavedChoices() {
        feed("""
                {"id":"c2","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
                """
                {"id":"c2","choices":[{"index":1,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
                """
                {"id":"c2","choices":[{"index":0,"delta":{"content":"Red"},"finish_reason":null}]}""",
                """
                {"id":"c2","choices":[{"index":1,"delta":{"content":"Blue"},"finish_reason":null}]}""",
                """
                {"id":"c2","choices":[{"index":1,"delta":{"content":" sky"},"finish_reason":null}]}""",
                """
                {"id":"c2","choices":[{"index":1,"delta":{},"finish_reason":"stop"}]}""");
        assertThat(acc.isComplete()).as("choice 0 has not finished").isFalse();
        feed("""
                {"id":"c2","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""");
        assertThat(acc.isComplete()).isTrue();
        Answer r = acc.answer();
        assertThat(r.getContent()).isEqualTo("Red");
        assertThat(r.getDeltaCount()).isEqualTo(1);
        assertThat(r.getChoiceCount()).isEqualTo(2);
        assertThat(r.getChoices()).hasSize(2);
        assertThat(r.getChoices().get(0)).containsEntry("index", 0).containsEntry("content", "Red")
                .containsEntry("finishReason", "length").containsEntry("reasoning", null)
                .containsEntry("refusal", null).containsEntry("toolCalls", null);
        assertThat(r.getChoices().get(1)).containsEntry("index", 1).containsEntry("content", "Blue sky")
                .containsEntry("finishReason", "stop");
        assertThat(events).containsExactly("content/0:Red", "content/1:Blue", "content/1: sky");
    }

    @Test
    void refusal() {
        feed("""
                {"id":"r","choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"finish_reason":null}]}""");
        assertThat(acc.hasFirstDelta()).isFalse();
        feed("""
                {"id":"r","choices":[{"index":0,"delta":{"refusal":"I'm sorry, "},"finish_reason":null}]}""");
        assertThat(acc.hasFirstDelta()).isTrue();
        feed("""
                {"id":"r","choices":[{"index":0,"delta":{"refusal":"I can't help."},"finish_reason":null}]}""",
                """
                {"id":"r","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
        Answer r = acc.answer();
        assertThat(r.getRefusal()).isEqualTo("I'm sorry, I can't help.");
        assertThat(r.getContent()).isEmpty();
        assertThat(r.getAssistantMessage()).containsEntry("content", null)
                .containsEntry("refusal", "I'm sorry, I can't help.");
        assertThat(events).isEmpty();
    }

    @Test
    void emptyFinishReasonCountsAsNull() {
        feed("""
                {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":""}]}""");
        assertThat(acc.isComplete()).isFalse();
        assertThat(acc.answer().getFinishReason()).isNull();
        feed("""
                {"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"stop"}]}""",
                """
                {"choices":[{"index":0,"delta":{},"finish_reason":""}]}""");
        assertThat(acc.isComplete()).isTrue();
        assertThat(acc.answer().getFinishReason()).isEqualTo("stop");
    }

    @Test
    void completenessRules() {
        assertThat(acc.isComplete()).as("nothing seen").isFalse();
        feed("""
                {"id":"x","choices":[],"usage":null}""",
                """
                {"id":"x","choices":null}""",
                """
                {"id":"x"}""",
                """
                {"id":"x","choices":[{"index":0}]}""");
        assertThat(acc.isComplete()).as("choice without finish").isFalse();
        feed("""
                {"choices":[{"index":0,"delta":null,"finish_reason":null}]}""");
        assertThat(acc.isComplete()).isFalse();
        assertThat(acc.hasFirstDelta()).isFalse();
        feed("[DONE]");
        assertThat(acc.isComplete()).as("[DONE] completes even without finish").isTrue();
        assertThat(acc.answer().getContent()).isEmpty();
        assertThat(acc.answer().getChoiceCount()).isEqualTo(1);
    }

    @Test
    void emptyAccumulatorResult() {
        Answer r = acc.answer();
        assertThat(r.getContent()).isEmpty();
        assertThat(r.getChoiceCount()).isZero();
        assertThat(r.getAssistantMessage()).containsExactly(entry("role", "assistant"), entry("content", null));
        assertThat(acc.partialContent()).isEmpty();
        assertThat(acc.deltaCount()).isZero();
    }

    @Test
    void lastNonNullUsageWinsWhereverItIs() {
        feed("""
                {"choices":[{"index":0,"delta":{"content":"a"},"usage":{"prompt_tokens":5,"completion_tokens":1,\
                "total_tokens":6}}],"usage":null}""");
        assertThat(acc.answer().getTotalTokens()).isEqualTo(6);
        feed("""
                {"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""",
                """
                {"choices":[],"usage":null}""");
        assertThat(acc.answer().getTotalTokens()).isEqualTo(7);
        assertThat(acc.answer().getCompletionTokens()).isEqualTo(2);
    }

    @Test
    void blankPayloadIsIgnored() {
        acc.acceptChunk(bytes("   "), 0, 3);
        acc.acceptChunk(new byte[0], 0, 0);
        assertThat(acc.answer().getChoiceCount()).isZero();
    }

    @Test
    void donePayloadPassedAsChunkMarksDone() {
        byte[] done = bytes("[DONE]");
        acc.acceptChunk(done, 0, done.length);
        assertThat(acc.isComplete()).isTrue();
    }

    @Test
    void offsetAndLengthAreHonoured() {
        byte[] framed = bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n");
        acc.acceptChunk(framed, 6, framed.length - 8);
        assertThat(acc.partialContent()).isEqualTo("ok");
    }

    @Test
    void mistralContentParts() {
        feed("""
                {"id":"m","model":"magistral-medium","choices":[{"index":0,"delta":{"role":"assistant",\
                "content":[{"type":"thinking","thinking":[{"type":"text","text":"Hmm."}]}]},"finish_reason":null}]}""",
                """
                {"id":"m","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"Done."}]},\
                "finish_reason":"stop"}]}""");
        assertThat(events).containsExactly("reasoning/0:Hmm.", "content/0:Done.");
        assertThat(acc.answer().getReasoning()).isEqualTo("Hmm.");
        assertThat(acc.answer().getContent()).isEqualTo("Done.");
    }

    // ---- errors -----------------------------------------------------------------------------

    @Test
    void topLevelErrorObject() {
        feed("""
                {"choices":[{"index":0,"delta":{"content":"partial"}}]}""");
        String chunk = """
                {"error":{"message":"The server had an error while processing your request.",\
                "type":"server_error","param":null,"code":null}}""";
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class, () -> feed(chunk));
        assertThat(e.getMessage()).isEqualTo("The server had an error while processing your request.");
        assertThat(e.getErrorType()).isEqualTo("server_error");
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getPayload()).isEqualTo(chunk);
        assertThat(acc.partialContent()).isEqualTo("partial");
    }

    @Test
    void errorArray() {
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class, () -> feed("""
                [{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}]"""));
        assertThat(e.getMessage()).isEqualTo("The model is overloaded.");
        assertThat(e.getErrorCode()).isEqualTo("503");
    }

    @Test
    void openRouterMidStreamErrorWithFinishReasonError() {
        feed("""
                {"id":"gen-e","choices":[{"index":0,"delta":{"content":"Once upon"},"finish_reason":null}]}""");
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class, () -> feed("""
                {"id":"gen-e","object":"chat.completion.chunk","created":1760000000,"model":"openai/gpt-4o",\
                "provider":"openai","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},\
                "choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"""));
        assertThat(e.getMessage()).isEqualTo("Provider disconnected unexpectedly");
        assertThat(e.getErrorCode()).isEqualTo("server_error");
        assertThat(acc.partialContent()).isEqualTo("Once upon");
        assertThat(acc.answer().getFinishReason()).isEqualTo("error");
    }

    @Test
    void finishReasonErrorWithoutAnyErrorObject() {
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class, () -> feed("""
                {"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"error"}]}"""));
        assertThat(e.getMessage()).isEqualTo("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},"
                + "\"finish_reason\":\"error\"}]}");
        assertThat(e.getErrorType()).isNull();
        assertThat(e.getErrorCode()).isNull();
        assertThat(acc.partialContent()).as("the chunk's delta is kept").isEqualTo("x");
    }

    @Test
    void finishReasonsThatReportAFailure() {
        // SGLang's graceful abort and DeepSeek's insufficient_system_resource end the answer as "error" does
        for (String reason : new String[] { "abort", "insufficient_system_resource" }) {
            ChunkAccumulator a = new ChunkAccumulator(mapper.getFactory(), mapper, null);
            byte[] text = bytes("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut\"}}]}");
            a.acceptChunk(text, 0, text.length);
            byte[] finish = bytes("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}");
            InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class,
                    () -> a.acceptChunk(finish, 0, finish.length));
            assertThat(e).as(reason).isNotNull();
            assertThat(e.getMessage()).contains(reason);
            assertThat(a.partialContent()).isEqualTo("cut");
        }
        // a payload too long to quote whole names the finish reason first
        String padding = "x".repeat(300);
        byte[] longFinish = bytes("{\"id\":\"" + padding + "\",\"choices\":[{\"index\":0,\"delta\":{},"
                                  + "\"finish_reason\":\"insufficient_system_resource\"}]}");
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class,
                () -> acc.acceptChunk(longFinish, 0, longFinish.length));
        assertThat(e.getMessage()).startsWith("finish_reason \"insufficient_system_resource\": {\"id\":\"xxx")
                .endsWith("…");
        // the finish reasons of an answer that ended are no failures
        for (String reason : new String[] { "stop", "length", "tool_calls", "content_filter", "function_call", "eos" }) {
            assertThat(AnswerState.isErrorFinish(reason)).as(reason).isFalse();
        }
    }

    @Test
    void unwrappedObjectErrorChunk() {
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class, () -> feed("""
                {"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":null,\
                "code":404}"""));
        assertThat(e.getMessage()).isEqualTo("The model `x` does not exist.");
        // a chunk's own object type, and an object member that is not a string, are no errors
        feed("""
                {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"ok"}}]}""", """
                {"object":{"error":1},"choices":[{"index":0,"delta":{"content":"!"}}]}""", """
                {"object":"errors","choices":[{"index":0,"delta":{"content":"?"},"finish_reason":"stop"}]}""");
        assertThat(acc.answer().getContent()).isEqualTo("ok!?");
    }

    @Test
    void choiceWithErrorMember() {
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class, () -> feed("""
                {"choices":[{"index":0,"delta":{},"finish_reason":null,\
                "error":{"message":"content too long","type":"invalid_request_error","code":400}}]}"""));
        assertThat(e.getMessage()).isEqualTo("content too long");
        assertThat(e.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(e.getErrorCode()).isEqualTo("400");
    }

    @Test
    void nullErrorMembersAreNoErrors() {
        feed("""
                {"error":null,"choices":[{"index":0,"delta":{"content":"fine"},"error":null,"finish_reason":"stop"}]}""");
        assertThat(acc.answer().getContent()).isEqualTo("fine");
    }

    @Test
    void plainTextErrorEvent() {
        byte[] data = bytes("upstream timed out\n");
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class,
                () -> acc.acceptErrorEvent(data, 0, data.length));
        assertThat(e.getMessage()).isEqualTo("upstream timed out");
        assertThat(e.getErrorType()).isNull();
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getPayload()).isEqualTo("upstream timed out\n");
    }

    @Test
    void jsonErrorEventFromLlamaCpp() {
        byte[] data = bytes("""
                {"code":500,"message":"the request exceeds the available context size","type":"server_error"}""");
        InStreamErrorException e = catchThrowableOfType(InStreamErrorException.class,
                () -> acc.acceptErrorEvent(data, 0, data.length));
        assertThat(e.getMessage()).isEqualTo("the request exceeds the available context size");

        byte[] wrapped = bytes("""
                {"error":{"code":500,"message":"boom","type":"server_error"}}""");
        InStreamErrorException e2 = catchThrowableOfType(InStreamErrorException.class,
                () -> acc.acceptErrorEvent(wrapped, 0, wrapped.length));
        assertThat(e2.getMessage()).isEqualTo("boom");
        assertThat(e2.getErrorType()).isEqualTo("server_error");
        assertThat(e2.getErrorCode()).isEqualTo("500");
    }

    @Test
    void emptyErrorEvent() {
        assertThatThrownBy(() -> acc.acceptErrorEvent(new byte[0], 0, 0))
                .isInstanceOf(InStreamErrorException.class).hasMessage("empty error event");
    }

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> feed("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel");
        assertThatThrownBy(() -> feed("not json at all")).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("not json at all");
        assertThatThrownBy(() -> feed("42")).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> feed("{\"id\":\"a\"} {\"id\":\"b\"}")).isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void malformedExcerptIsShort() {
        String longChunk = "{\"choices\":[{\"delta\":{\"content\":\"" + "é".repeat(5000);
        MalformedPayloadException e = catchThrowableOfType(MalformedPayloadException.class, () -> feed(longChunk));
        assertThat(e.getExcerpt()).hasSizeLessThanOrEqualTo(201).endsWith("…").startsWith("{\"choices\"");
        assertThat(e.getMessage().length()).isLessThan(500);
        assertThat(e.getCause()).isNotNull();
    }

    // ---- non-streaming -----------------------------------------------------------------------

    @Test
    void nonStreamingCompletion() {
        byte[] body = bytes("""
                {"id":"chatcmpl-ns","object":"chat.completion","created":1741569952,"model":"gpt-4.1-2025-04-14",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Sure.","reasoning_content":"Easy.",\
                "refusal":null,"annotations":[],"tool_calls":[{"id":"call_1","type":"function","function":\
                {"name":"a","arguments":"{}"}},{"id":"call_2","type":"function","function":\
                {"name":"b","arguments":"{\\"q\\":1}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],\
                "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29},"service_tier":"default"}""");
        acc.acceptCompletion(body, 0, body.length);
        assertThat(acc.isComplete()).isTrue();
        Answer r = acc.answer();
        assertThat(r.getContent()).isEqualTo("Sure.");
        assertThat(r.getReasoning()).isEqualTo("Easy.");
        assertThat(r.getDeltaCount()).isEqualTo(1);
        assertThat(r.getTotalTokens()).isEqualTo(29);
        assertThat(r.getToolCalls()).extracting(c -> c.get("index"), c -> c.get("id"))
                .containsExactly(tuple(0, "call_1"),
                        tuple(1, "call_2"));
        assertThat(events).containsExactly("reasoning/0:Easy.", "content/0:Sure.");
    }

    @Test
    void nonStreamingCompletionWithTwoChoices() {
        byte[] body = bytes("""
                {"id":"c","object":"chat.completion","model":"m","choices":[\
                {"index":0,"message":{"role":"assistant","content":"A"},"finish_reason":"stop"},\
                {"index":1,"message":{"role":"assistant","content":""},"finish_reason":"stop"},\
                {"index":2,"message":{"role":"assistant","content":"C"},"finish_reason":"stop"}]}""");
        acc.acceptCompletion(body, 0, body.length);
        assertThat(events).containsExactly("content/0:A", "content/2:C");
        assertThat(acc.answer().getChoices()).extracting(c -> c.get("content")).containsExactly("A", "", "C");
    }

    @Test
    void completionPrefersMessageAndChunkPrefersDelta() {
        byte[] body = bytes("""
                {"choices":[{"index":0,"delta":{"content":"d"},"message":{"content":"m"},"finish_reason":"stop"}]}""");
        acc.acceptCompletion(body, 0, body.length);
        assertThat(acc.partialContent()).isEqualTo("m");

        ChunkAccumulator streaming = new ChunkAccumulator(mapper.getFactory(), mapper, null);
        byte[] chunk = bytes("""
                {"choices":[{"index":0,"message":{"content":"m"},"delta":{"content":"d"}}]}""");
        streaming.acceptChunk(chunk, 0, chunk.length);
        assertThat(streaming.partialContent()).isEqualTo("d");
    }

    @Test
    void emptyCompletionBodyIsMalformed() {
        assertThatThrownBy(() -> acc.acceptCompletion(new byte[0], 0, 0)).isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void completionWithErrorMember() {
        byte[] body = bytes("""
                {"error":{"message":"No endpoints found","code":404},"user_id":"u"}""");
        assertThatThrownBy(() -> acc.acceptCompletion(body, 0, body.length))
                .isInstanceOf(InStreamErrorException.class).hasMessage("No endpoints found");
        assertThat(acc.isComplete()).isFalse();
    }

    @Test
    void manyDeltasStayFast() {
        byte[] chunk = bytes("""
                {"id":"chatcmpl-p","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp",\
                "choices":[{"index":0,"delta":{"content":"tok "},"logprobs":null,"finish_reason":null}],"usage":null}""");
        ChunkAccumulator quiet = new ChunkAccumulator(mapper.getFactory(), mapper, null);
        for (int i = 0; i < 20_000; i++) {
            quiet.acceptChunk(chunk, 0, chunk.length);
        }
        assertThat(quiet.deltaCount()).isEqualTo(20_000);
        assertThat(quiet.partialContent()).hasSize(80_000);
    }
}
