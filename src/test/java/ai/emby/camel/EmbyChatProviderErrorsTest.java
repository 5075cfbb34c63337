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

import ai.emby.camel.EmbyStreamException.Reason;
import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static ai.emby.camel.support.Chunks.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that every way a real OpenAI-compatible server reports a failure after HTTP 200 ends the exchange with
 * {@link EmbyStreamException} reason {@code SERVER_ERROR}, the text received before the failure as
 * {@code getPartialContent()} and the server's message (and code, where the contract says how to read it), whatever
 * the server does after the error: {@code [DONE]}, or the end of the body.
 * <p>
 * Each stream is written from the server's own source or documentation (named on each test and in
 * {@code docs/providers.md}): a few content deltas in that server's chunk format, then the error exactly as that
 * server writes it, then what that server writes after it. A real HTTP server on loopback serves it. The one server
 * that never puts its error on the wire (Ollama's OpenAI endpoint) is here too, to prove its cut answer is at least
 * never a success.
 */
class EmbyChatProviderErrorsTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s&maxRetries=0", server.baseUrl());
                from("direct:emit")
                        .toF("emby:chat?model=test-model&apiKey=sk-test&baseUrl=%s&maxRetries=0&deltaUri=mock:deltas",
                                server.baseUrl());
            }
        };
    }

    /** Serves the stream (each piece one network write, the body ended after the last) and returns the failure. */
    private EmbyStreamException fails(String... pieces) {
        return fails(Reason.SERVER_ERROR, pieces);
    }

    private EmbyStreamException fails(Reason reason, String... pieces) {
        server.enqueue(Responses.sse(pieces));
        Exchange result = template.request("direct:chat", e -> e.getIn().setBody("What is the answer?"));
        assertThat(result.getException()).as("the exchange must fail").isInstanceOf(EmbyStreamException.class);
        EmbyStreamException e = result.getException(EmbyStreamException.class);
        assertThat(e.getReason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(result.getMessage().getBody()).as("the original body is kept").isEqualTo("What is the answer?");
        return e;
    }

    // ---- vLLM -------------------------------------------------------------------------------------------------------

    private static String vllm(String text) {
        return event("{\"id\":\"chatcmpl-7f1c\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
                     + "\"model\":\"Qwen/Qwen2.5-7B-Instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                     + Chunks.quote(text) + "},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    /**
     * vLLM today: {@code vllm/entrypoints/openai/chat_completion/serving.py} catches the generator's exception and
     * yields {@code create_streaming_error_response(e)} (engine/serving.py: {@code ErrorResponse(error=ErrorInfo(...))}
     * dumped), then {@code data: [DONE]}.
     */
    @Test
    void vllmErrorInfoThenDone() {
        EmbyStreamException e = fails(vllm("The "), vllm("answer "), vllm("is"),
                event("{\"error\":{\"message\":\"Internal server error\",\"type\":\"InternalServerError\","
                      + "\"param\":null,\"code\":500}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getDeltaCount()).isEqualTo(3);
        assertThat(e.getMessage()).contains("Internal server error");
        assertThat(e.getErrorType()).isEqualTo("InternalServerError");
        assertThat(e.getErrorCode()).isEqualTo("500");
    }

    /**
     * Older vLLM ({@code vllm/entrypoints/openai/serving_engine.py}, before the {@code ErrorInfo} refactor) and SGLang
     * ({@code python/sglang/srt/entrypoints/openai/protocol.py} {@code ErrorResponse}, the old
     * {@code openai_api/adapter.py} and today's serving_chat.py): {@code {"error": ErrorResponse.model_dump()}}, whose
     * object carries {@code "object": "error"}, then {@code data: [DONE]}.
     */
    @Test
    void vllmOldAndSglangErrorResponseWithObjectErrorThenDone() {
        EmbyStreamException e = fails(vllm("The "), vllm("answer "), vllm("is"),
                event("{\"error\": {\"object\": \"error\", \"message\": \"This model's maximum context length is 4096"
                      + " tokens.\", \"type\": \"BadRequestError\", \"param\": null, \"code\": 400}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("maximum context length is 4096 tokens");
        assertThat(e.getErrorType()).isEqualTo("BadRequestError");
        assertThat(e.getErrorCode()).isEqualTo("400");
    }

    private static final String SGLANG_USAGE = event("{\"id\":\"5b1f0c2e9d\",\"object\":\"chat.completion.chunk\","
                                                     + "\"created\":1760000000,\"model\":\"default\",\"choices\":[],"
                                                     + "\"usage\":{\"prompt_tokens\":9,\"total_tokens\":12,"
                                                     + "\"completion_tokens\":3}}");

    private static String sglang(String text) {
        return event("{\"id\":\"5b1f0c2e9d\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
                     + "\"model\":\"default\",\"choices\":[{\"index\":0,\"delta\":{\"role\":null,\"content\":"
                     + Chunks.quote(text) + ",\"reasoning_content\":null,\"tool_calls\":null},\"logprobs\":null,"
                     + "\"finish_reason\":null,\"matched_stop\":null}],\"usage\":null}");
    }

    /**
     * SGLang, a scheduler abort with a status (timeout, out of memory): serving_chat.py turns
     * {@code finish_reason {"type": "abort", "status_code": ...}} into {@code create_streaming_error_response(message,
     * code.name, code.value)} and breaks out of the loop; no finish chunk follows for that choice, only the usage
     * chunk and {@code data: [DONE]}.
     */
    @Test
    void sglangSchedulerAbortAsErrorThenDone() {
        EmbyStreamException e = fails(sglang("The "), sglang("answer "), sglang("is"),
                event("{\"error\": {\"object\": \"error\", \"message\": \"The request was aborted: out of memory.\","
                      + " \"type\": \"INTERNAL_SERVER_ERROR\", \"param\": null, \"code\": 500}}"),
                SGLANG_USAGE, Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("aborted: out of memory");
        assertThat(e.getErrorType()).isEqualTo("INTERNAL_SERVER_ERROR");
        assertThat(e.getErrorCode()).isEqualTo("500");
    }

    /**
     * SGLang, a graceful abort (no status: {@code /abort_request}, session cleanup): serving_chat.py lets it "fall
     * through to the normal chunk path", so the choice finishes with {@code finish_reason "abort"} (a value of the
     * finish_reason Literal in protocol.py), then the usage chunk and {@code data: [DONE]}. The answer was cut short.
     */
    @Test
    void sglangGracefulAbortFinishReason() {
        EmbyStreamException e = fails(sglang("The "), sglang("answer "), sglang("is"),
                event("{\"id\":\"5b1f0c2e9d\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
                      + "\"model\":\"default\",\"choices\":[{\"index\":0,\"delta\":{\"role\":null,\"content\":null},"
                      + "\"logprobs\":null,\"finish_reason\":\"abort\",\"matched_stop\":null}],\"usage\":null}"),
                SGLANG_USAGE, Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("\"finish_reason\":\"abort\"");
    }

    // ---- TGI --------------------------------------------------------------------------------------------------------

    private static String tgi(String text) {
        return event("{\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":1732000000,"
                     + "\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"system_fingerprint\":\"2.4.1-sha-d2ed52f\","
                     + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":" + Chunks.quote(text)
                     + "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
    }

    /**
     * TGI 2.4.1 and later ({@code router/src/infer/mod.rs} {@code InferError::into_openai_event}, commit 6489f852):
     * {@code {"error": {"message": ..., "http_status_code": 422}}}, then {@code data: [DONE]}
     * ({@code router/src/server.rs} chat_completions).
     */
    @Test
    void tgiOpenAiErrorEventThenDone() {
        EmbyStreamException e = fails(tgi("The "), tgi("answer "), tgi("is"),
                event("{\"error\":{\"message\":\"Request failed during generation: Server error: CUDA out of memory\","
                      + "\"http_status_code\":422}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Request failed during generation: Server error: CUDA out of memory");
        // http_status_code is neither error.code nor error.status
        assertThat(e.getErrorCode()).isNull();
    }

    /**
     * TGI 1.4 to 2.3 ({@code router/src/server.rs} {@code impl From<InferError> for Event} used by
     * {@code generate_stream_internal}): {@code {"error": "...", "error_type": "generation"}}; 2.2 and 2.3 chain
     * {@code data: [DONE]} after it.
     */
    @Test
    void tgiStringErrorWithErrorTypeThenDone() {
        EmbyStreamException e = fails(tgi("The "), tgi("answer "), tgi("is"),
                event("{\"error\":\"Request failed during generation: Server error: Out of available cache blocks\","
                      + "\"error_type\":\"generation\"}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Out of available cache blocks");
        assertThat(e.getErrorType()).isEqualTo("generation");
    }

    /** TGI 1.4 to 2.1: the same event, and then the body just ends (no [DONE] was chained yet). */
    @Test
    void tgiIncompleteGenerationStreamThenEnd() {
        EmbyStreamException e = fails(tgi("The "), tgi("answer "), tgi("is"),
                event("{\"error\":\"Incomplete generation stream\",\"error_type\":\"incomplete_generation_stream\"}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Incomplete generation stream");
        assertThat(e.getErrorType()).isEqualTo("incomplete_generation_stream");
    }

    // ---- LiteLLM proxy ----------------------------------------------------------------------------------------------

    private static String litellm(String text) {
        return event("{\"id\":\"chatcmpl-3f9a\",\"created\":1760000000,\"model\":\"gpt-4o\",\"object\":"
                     + "\"chat.completion.chunk\",\"system_fingerprint\":null,\"choices\":[{\"finish_reason\":null,"
                     + "\"index\":0,\"delta\":{\"content\":" + Chunks.quote(text) + ",\"role\":\"assistant\","
                     + "\"function_call\":null,\"tool_calls\":null,\"audio\":null}}]}");
    }

    /**
     * LiteLLM proxy, an exception while streaming ({@code litellm/proxy/proxy_server.py} async_data_generator):
     * {@code {"error": ProxyException.to_dict()}} ({@code litellm/proxy/_types.py}: code is {@code str(status)}), and
     * the generator ends: no [DONE].
     */
    @Test
    void litellmProxyExceptionThenEnd() {
        EmbyStreamException e = fails(litellm("The "), litellm("answer "), litellm("is"),
                event("{\"error\": {\"message\": \"litellm.InternalServerError: AnthropicException - Overloaded."
                      + " Handle with `litellm.InternalServerError`.\", \"type\": \"None\", \"param\": \"None\","
                      + " \"code\": \"500\"}}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("AnthropicException - Overloaded");
        assertThat(e.getErrorCode()).isEqualTo("500");
    }

    /**
     * LiteLLM proxy, a streaming guardrail ({@code litellm/proxy/guardrails/guardrail_hooks/azure/text_moderation.py}
     * async_post_call_streaming_hook): {@code {"error": e.detail}} where the detail is {@code {"error": "..."}}; the
     * proxy then sends {@code data: [DONE]}.
     */
    @Test
    void litellmGuardrailNestedErrorThenDone() {
        EmbyStreamException e = fails(litellm("The "), litellm("answer "), litellm("is"),
                event("{\"error\": {\"error\": \"Azure Content Safety Guardrail: Hate crossed severity 2, Got"
                      + " severity: 4\"}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("the server sent an error in the stream: Azure Content Safety Guardrail:"
                                            + " Hate crossed severity 2");
    }

    // ---- llama.cpp --------------------------------------------------------------------------------------------------

    private static String llamaCpp(String text) {
        return event("{\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":" + Chunks.quote(text)
                     + "}}],\"created\":1750271648,\"id\":\"chatcmpl-PZ5ZD8fq\",\"model\":\"gpt-3.5-turbo\","
                     + "\"system_fingerprint\":\"b5966-a414a44\",\"object\":\"chat.completion.chunk\"}");
    }

    /**
     * llama.cpp server before PR #16109 (Sept. 2025; {@code tools/server/server.cpp},
     * {@code server_sent_event(sink, "error", error_data)}): the error as an SSE field named {@code error} holding
     * {@code format_error_response(...)}, then {@code data: [DONE]} for OpenAI-compatible requests.
     */
    @Test
    void llamaCppErrorFieldThenDone() {
        EmbyStreamException e = fails(llamaCpp("The "), llamaCpp("answer "), llamaCpp("is"),
                "error: {\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\","
                + "\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":4211,\"n_ctx\":4096}\n\n",
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("the request exceeds the available context size");
    }

    /**
     * llama.cpp server from PR #16109 to the late-2025 refactor ({@code tools/server/server.cpp}:
     * {@code server_sent_event(sink, "data", json{{"error", error_data}})}), then {@code data: [DONE]}.
     */
    @Test
    void llamaCppDataErrorThenDone() {
        EmbyStreamException e = fails(llamaCpp("The "), llamaCpp("answer "), llamaCpp("is"),
                event("{\"error\":{\"code\":500,\"message\":\"Failed to decode the batch\",\"type\":\"server_error\"}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Failed to decode the batch");
        assertThat(e.getErrorType()).isEqualTo("server_error");
        assertThat(e.getErrorCode()).isEqualTo("500");
    }

    /**
     * llama.cpp server today ({@code tools/server/server-context.cpp}:
     * {@code format_oai_sse(json {{ "error", res_json }})} and "terminate on error"): the same event, then the body
     * ends without [DONE].
     */
    @Test
    void llamaCppDataErrorThenEnd() {
        EmbyStreamException e = fails(llamaCpp("The "), llamaCpp("answer "), llamaCpp("is"),
                event("{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Loading model");
        assertThat(e.getErrorCode()).isEqualTo("503");
    }

    // ---- Ollama -----------------------------------------------------------------------------------------------------

    /**
     * Ollama's OpenAI endpoint: {@code server/routes.go} streamResponse writes {@code {"error": "..."}} into the
     * stream once content was written, and {@code middleware/openai.go} ChatWriter.writeResponse unmarshals that into
     * an {@code api.ChatResponse} (which has no error field): what reaches the wire is one more empty chunk, then the
     * body ends, without a finish or [DONE]. The message is lost by the server; what the component can and must do is
     * never report the cut answer as complete.
     */
    @Test
    void ollamaErrorNeverReachesTheWireButTheAnswerIsNeverComplete() {
        String head = "{\"id\":\"chatcmpl-42\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,";
        EmbyStreamException e = fails(Reason.TRUNCATED,
                event(head + "\"model\":\"llama3.2\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
                      + "\"delta\":{\"role\":\"assistant\",\"content\":\"The \"},\"finish_reason\":null}]}"),
                event(head + "\"model\":\"llama3.2\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
                      + "\"delta\":{\"content\":\"answer is\"},\"finish_reason\":null}]}"),
                event(head + "\"model\":\"\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
                      + "\"delta\":{\"content\":\"\"},\"finish_reason\":null}]}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
    }

    // ---- LocalAI ----------------------------------------------------------------------------------------------------

    private static String localAi(String text) {
        return event("{\"created\":1760000000,\"object\":\"chat.completion.chunk\",\"id\":\"4a3b2c1d\","
                     + "\"model\":\"qwen3-8b\",\"choices\":[{\"index\":0,\"finish_reason\":null,\"delta\":{\"content\":"
                     + Chunks.quote(text) + "}}],\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,"
                     + "\"total_tokens\":0}}");
    }

    /**
     * LocalAI 4.1 and later ({@code core/http/endpoints/openai/chat.go}, commit 8cd3f9fc4): a
     * {@code schema.ErrorResponse} ({@code core/schema/openai.go}: code first), then {@code data: [DONE]}.
     */
    @Test
    void localAiErrorResponseThenDone() {
        EmbyStreamException e = fails(localAi("The "), localAi("answer "), localAi("is"),
                event("{\"error\":{\"code\":\"server_error\",\"message\":\"rpc error: code = Unavailable desc ="
                      + " error reading from server: EOF\",\"type\":\"server_error\"}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("error reading from server: EOF");
        assertThat(e.getErrorType()).isEqualTo("server_error");
        assertThat(e.getErrorCode()).isEqualTo("server_error");
    }

    /**
     * LocalAI 3.5 to 4.0 ({@code core/http/endpoints/openai/chat.go}, ad99399c6): when the error chunk cannot be
     * marshalled, the fallback {@code data: {"error":"Internal error"}}, then {@code data: [DONE]}.
     */
    @Test
    void localAiStringErrorFallbackThenDone() {
        EmbyStreamException e = fails(localAi("The "), localAi("answer "), localAi("is"),
                "data: {\"error\":\"Internal error\"}\n\n", Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).endsWith("Internal error");
    }

    // ---- LM Studio --------------------------------------------------------------------------------------------------

    /**
     * LM Studio (closed source): its errors are {@code {"error": "<text>"}} (e.g. HTTP 200
     * {@code {"error":"Unexpected endpoint or method. (GET /models)"}}), and a template failure after
     * "Streaming response..." arrives as such an {@code {"error": ...}} chunk inside the stream
     * (odysseus-dev/odysseus PR #736).
     */
    @Test
    void lmStudioStringErrorChunk() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                event("{\"error\":\"Error rendering prompt with jinja template: Unknown StringValue filter: safe\"}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Error rendering prompt with jinja template");
    }

    // ---- hosted APIs ------------------------------------------------------------------------------------------------

    /**
     * OpenAI (and Azure OpenAI, Together, which read the same object in their SDKs): one {@code data:} event with an
     * error object and no choices, then the stream closes; openai-python {@code _streaming.py} raises on
     * {@code data.get("error")}.
     */
    @Test
    void openAiErrorObjectThenEnd() {
        EmbyStreamException e = fails(Chunks.role(), Chunks.content("The "), Chunks.content("answer "),
                Chunks.content("is"),
                event("{\"error\": {\"message\": \"The server had an error while processing your request. Sorry about"
                      + " that!\", \"type\": \"server_error\"}}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("The server had an error while processing your request");
        assertThat(e.getErrorType()).isEqualTo("server_error");
        assertThat(e.getErrorCode()).isNull();
    }

    /** Groq, a tool call the model got wrong: the error object with {@code failed_generation} ends the stream. */
    @Test
    void groqToolUseFailed() {
        EmbyStreamException e = fails(Chunks.role(), Chunks.content("The "), Chunks.content("answer "),
                Chunks.content("is"),
                event("{\"error\":{\"message\":\"Failed to call a function. Please adjust your prompt. See"
                      + " 'failed_generation' for more details.\",\"type\":\"invalid_request_error\","
                      + "\"code\":\"tool_use_failed\",\"failed_generation\":\"<function=get_weather>{}\","
                      + "\"status_code\":400}}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Failed to call a function");
        assertThat(e.getErrorType()).isEqualTo("invalid_request_error");
        assertThat(e.getErrorCode()).isEqualTo("tool_use_failed");
    }

    /**
     * Fireworks: its error envelope {@code {"error": {"object", "type", "code", "message"}}} (the shape
     * {@code @ai-sdk/fireworks} 1.0.51 parses) sent as a stream event.
     */
    @Test
    void fireworksErrorEnvelope() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                event("{\"error\":{\"object\":\"error\",\"type\":\"internal_server_error\",\"code\":\"internal_error\","
                      + "\"message\":\"Internal server error\"}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getErrorType()).isEqualTo("internal_server_error");
        assertThat(e.getErrorCode()).isEqualTo("internal_error");
    }

    /**
     * OpenRouter, as documented (https://openrouter.ai/docs/api-reference/errors, "Streaming Error Formats"): a
     * {@code chat.completion.chunk} with a top-level {@code error} and {@code choices[0].finish_reason "error"}; the
     * stream then ends.
     */
    @Test
    void openRouterErrorChunkWithFinishReasonError() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                ": OPENROUTER PROCESSING\n\n",
                event("{\"id\":\"cmpl-abc123\",\"object\":\"chat.completion.chunk\",\"created\":1234567890,"
                      + "\"model\":\"gpt-3.5-turbo\",\"provider\":\"openai\",\"error\":{\"code\":\"server_error\","
                      + "\"message\":\"Provider disconnected unexpectedly\"},\"choices\":[{\"index\":0,\"delta\":"
                      + "{\"content\":\"\"},\"finish_reason\":\"error\"}]}"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Provider disconnected unexpectedly");
        assertThat(e.getErrorCode()).isEqualTo("server_error");
    }

    /**
     * OpenRouter relaying an upstream capacity error: a chunk with empty {@code choices} and a top-level error with a
     * numeric code and metadata (diegosouzapw/OmniRoute PR #8210, a production capture).
     */
    @Test
    void openRouterEmptyChoicesWithNumericErrorCode() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                event("{\"id\":\"gen-1760000000-x\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
                      + "\"model\":\"nvidia/nemotron-3-ultra-550b-a55b:free\",\"choices\":[],\"error\":{\"code\":502,"
                      + "\"message\":\"Worker local total request limit reached (33/32)\",\"metadata\":"
                      + "{\"provider_name\":\"Nvidia\"}}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Worker local total request limit reached");
        assertThat(e.getErrorCode()).isEqualTo("502");
    }

    /**
     * Mistral: a choice finishing with {@code finish_reason "error"} and no error object (mistralai/client-python
     * issue #74, where the SDK's enum rejected it), then {@code data: [DONE]}.
     */
    @Test
    void mistralFinishReasonErrorWithoutErrorObject() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                event("{\"id\":\"cmpl-82b4\",\"object\":\"chat.completion.chunk\",\"created\":1710000000,"
                      + "\"model\":\"mistral-medium-latest\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},"
                      + "\"finish_reason\":\"error\"}]}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("\"finish_reason\":\"error\"");
    }

    /**
     * DeepSeek: {@code finish_reason "insufficient_system_resource"}, documented at
     * https://api-docs.deepseek.com/api/create-chat-completion as "the request is interrupted due to insufficient
     * resource of the inference system", then {@code data: [DONE]}.
     */
    @Test
    void deepSeekInsufficientSystemResource() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                event("{\"id\":\"0f3c\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
                      + "\"model\":\"deepseek-chat\",\"system_fingerprint\":\"fp_3a5770e1b4\",\"choices\":[{\"index\":0,"
                      + "\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":"
                      + "\"insufficient_system_resource\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
                      + "\"total_tokens\":15}}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("insufficient_system_resource");
    }

    /**
     * Anthropic's streaming error event (https://docs.anthropic.com/en/docs/build-with-claude/streaming, "Error
     * events"): {@code event: error} with {@code {"type": "error", "error": {"type": "overloaded_error", ...}}}, then
     * the stream closes.
     */
    @Test
    void anthropicErrorEvent() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\":"
                + " \"Overloaded\"}}\n\n");

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).endsWith("Overloaded");
        assertThat(e.getErrorType()).isEqualTo("overloaded_error");
    }

    /**
     * Google: the error as a one-element array (the shape of the Gemini OpenAI endpoint's error bodies, e.g.
     * n4ze3m/page-assist issue #406) sent as a stream event.
     */
    @Test
    void geminiOneElementArrayEvent() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                event("[{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
                      + "\"status\":\"RESOURCE_EXHAUSTED\"}}]"));

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Resource has been exhausted");
        assertThat(e.getErrorCode()).isEqualTo("429");
    }

    /**
     * Google: the error object appended to the event stream as bare, pretty-printed JSON with no {@code data:} field
     * (vercel/ai issue #5217, {@code streamGenerateContent?alt=sse}; googleapis/js-genai issues #461 and #1973), then
     * the body ends.
     */
    @Test
    void geminiBareJsonErrorObjectAfterTheEvents() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded. Please try again"
                + " later.\",\n    \"status\": \"UNAVAILABLE\"\n  }\n}\n");

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("The model is overloaded. Please try again later.");
        assertThat(e.getErrorCode()).isEqualTo("503");
    }

    /** The same bare JSON in the one-element array form of Google's error bodies. */
    @Test
    void geminiBareJsonErrorArrayAfterTheEvents() {
        EmbyStreamException e = fails(Chunks.content("The "), Chunks.content("answer "), Chunks.content("is"),
                "[{\n  \"error\": {\n    \"code\": 429,\n    \"message\": \"Resource has been exhausted (e.g. check"
                + " quota).\",\n    \"status\": \"RESOURCE_EXHAUSTED\"\n  }\n}\n]\n");

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("Resource has been exhausted");
        assertThat(e.getErrorCode()).isEqualTo("429");
    }

    /**
     * A vLLM-style error object sent as a chunk without the {@code error} wrapper:
     * {@code {"object": "error", "message": ...}} (block/goose PR #8031 detects it in streams), then [DONE].
     */
    @Test
    void unwrappedObjectErrorChunkThenDone() {
        EmbyStreamException e = fails(vllm("The "), vllm("answer "), vllm("is"),
                event("{\"object\":\"error\",\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\","
                      + "\"param\":null,\"code\":404}"),
                Chunks.DONE);

        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getMessage()).contains("The model `x` does not exist.");
    }

    // ---- emit mode --------------------------------------------------------------------------------------------------

    /** In emit mode the deltas before the error are delivered, none after it, and the count says so. */
    @Test
    void emitModeDeliversTheDeltasBeforeTheError() throws Exception {
        MockEndpoint deltas = getMockEndpoint("mock:deltas");
        deltas.expectedBodiesReceived("The ", "answer ", "is");
        server.enqueue(Responses.sse(llamaCpp("The "), llamaCpp("answer "), llamaCpp("is"),
                "error: {\"code\":500,\"message\":\"boom\",\"type\":\"server_error\"}\n\n", llamaCpp(" lost"),
                Chunks.DONE));

        Exchange result = template.request("direct:emit", ex -> ex.getIn().setBody("hi"));

        deltas.assertIsSatisfied();
        EmbyStreamException e = result.getException(EmbyStreamException.class);
        assertThat(e.getReason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(e.getPartialContent()).isEqualTo("The answer is");
        assertThat(e.getEmittedCount()).isEqualTo(3);
    }
}
