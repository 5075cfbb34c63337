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
package ai.emby.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

/** The official openai-java SDK (OkHttp underneath): {@code createStreaming}, sync and async, as its README shows. */
final class OpenAiJavaContender implements Contender {

    private OpenAIClient client;

    @Override
    public String name() {
        return "openai-java 4.8.0";
    }

    @Override
    public void start(String baseUrl) {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("k").build();
    }

    private static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage(PROMPT)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
    }

    @Override
    public void runOne(String model, StreamProbe probe) {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params(model))) {
            stream.stream().forEach(chunk -> onChunk(chunk, text, probe));
        }
        end(text, probe);
    }

    @Override
    public CompletableFuture<Void> runAsync(String model, StreamProbe probe) {
        StringBuilder text = new StringBuilder();
        return client.async().chat().completions().createStreaming(params(model))
                .subscribe(chunk -> onChunk(chunk, text, probe))
                .onCompleteFuture()
                .thenRun(() -> end(text, probe));
    }

    private static void onChunk(ChatCompletionChunk chunk, StringBuilder text, StreamProbe probe) {
        List<ChatCompletionChunk.Choice> choices = chunk.choices();
        if (!choices.isEmpty()) {
            choices.get(0).delta().content().ifPresent(content -> {
                text.append(content);
                probe.delta(content);
            });
        }
    }

    private static void end(StringBuilder text, StreamProbe probe) {
        if (text.length() != probe.chars) {
            probe.error = "assembled " + text.length() + " chars but saw " + probe.chars;
        }
        probe.end();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
