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

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorPayloadTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void openAiErrorObject() {
        ErrorPayload e = ErrorPayload.parse(mapper, """
                {"error": {"message": "Rate limit reached for gpt-4o", "type": "requests",
                           "param": null, "code": "rate_limit_exceeded"}}""");
        assertThat(e.message()).isEqualTo("Rate limit reached for gpt-4o");
        assertThat(e.type()).isEqualTo("requests");
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.isEmpty()).isFalse();
    }

    @Test
    void googleOneElementArrayWithNumericCodeAndStatus() {
        ErrorPayload e = ErrorPayload.parse(mapper, """
                [{"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED"}}]""");
        assertThat(e.message()).isEqualTo("Resource has been exhausted");
        assertThat(e.code()).isEqualTo("429");
        assertThat(e.type()).isNull();
    }

    @Test
    void statusWhenNoCode() {
        ErrorPayload e = ErrorPayload.parse(mapper, """
                {"error": {"message": "bad", "code": null, "status": "INVALID_ARGUMENT"}}""");
        assertThat(e.code()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void topLevelMessage() {
        ErrorPayload e = ErrorPayload.parse(mapper, """
                {"object": "error", "message": "The model does not exist.", "type": "NotFoundError", "code": 404}""");
        assertThat(e.message()).isEqualTo("The model does not exist.");
        // type and code are read from the error object only
        assertThat(e.type()).isNull();
        assertThat(e.code()).isNull();
    }

    @Test
    void fastApiDetailStringAndList() {
        assertThat(ErrorPayload.parse(mapper, "{\"detail\": \"Not Found\"}").message()).isEqualTo("Not Found");
        ErrorPayload list = ErrorPayload.parse(mapper, """
                {"detail": [{"loc": ["body", "messages"], "msg": "field required", "type": "value_error.missing"}]}""");
        assertThat(list.message()).contains("field required").startsWith("[");
    }

    @Test
    void stringError() {
        ErrorPayload e = ErrorPayload.parse(mapper, "{\"error\": \"model 'llama9' not found\"}");
        assertThat(e.message()).isEqualTo("model 'llama9' not found");
        assertThat(e.type()).isNull();
        assertThat(e.code()).isNull();
    }

    @Test
    void tgiStringErrorWithErrorType() {
        ErrorPayload e = ErrorPayload.parse(mapper, """
                {"error": "Request failed during generation: Server error: Out of available cache blocks",
                 "error_type": "generation"}""");
        assertThat(e.message()).isEqualTo("Request failed during generation: Server error: Out of available cache blocks");
        assertThat(e.type()).isEqualTo("generation");
        assertThat(e.code()).isNull();
        // error.type still comes first
        assertThat(ErrorPayload.parse(mapper, """
                {"error": {"message": "m", "type": "server_error"}, "error_type": "generation"}""").type())
                .isEqualTo("server_error");
    }

    @Test
    void litellmGuardrailNestedStringError() {
        ErrorPayload e = ErrorPayload.parse(mapper, """
                {"error": {"error": "Azure Content Safety Guardrail: Hate crossed severity 2, Got severity: 4"}}""");
        assertThat(e.message()).isEqualTo("Azure Content Safety Guardrail: Hate crossed severity 2, Got severity: 4");
        assertThat(e.type()).isNull();
        // it is the last resort: error.message, message and detail come first
        assertThat(ErrorPayload.parse(mapper, """
                {"error": {"error": "nested"}, "detail": "d"}""").message()).isEqualTo("d");
        assertThat(ErrorPayload.parse(mapper, """
                {"error": {"error": {"not": "text"}}}""").isEmpty()).isTrue();
    }

    @Test
    void precedenceErrorMessageThenMessageThenDetailThenStringError() {
        assertThat(ErrorPayload.parse(mapper, """
                {"error": {"message": "a"}, "message": "b", "detail": "c"}""").message()).isEqualTo("a");
        assertThat(ErrorPayload.parse(mapper, """
                {"error": {"message": ""}, "message": "b", "detail": "c"}""").message()).isEqualTo("b");
        assertThat(ErrorPayload.parse(mapper, """
                {"detail": "c", "error": "d"}""").message()).isEqualTo("c");
    }

    @Test
    void notJsonGivesAllNull() {
        for (String body : new String[] { null, "", "   ", "<html><body>502 Bad Gateway</body></html>",
                "upstream connect error", "42", "[]", "{\"foo\": 1}" }) {
            ErrorPayload e = ErrorPayload.parse(mapper, body);
            assertThat(e.message()).as(body).isNull();
            assertThat(e.type()).as(body).isNull();
            assertThat(e.code()).as(body).isNull();
            assertThat(e.isEmpty()).as(body).isTrue();
        }
    }
}
