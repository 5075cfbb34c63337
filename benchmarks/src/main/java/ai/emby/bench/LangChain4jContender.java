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

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * LangChain4j's {@code OpenAiStreamingChatModel} (java.net.http underneath). Its streaming call is asynchronous by
 * nature: the handler gets partial responses, then the whole response.
 */
final class LangChain4jContender implements Contender {

    private ExecutorService executor;
    private OpenAiStreamingChatModel model;

    @Override
    public String name() {
        return "LangChain4j 1.19.0";
    }

    @Override
    public void start(String baseUrl) {
        // the JDK client's default executor is this same unbounded cached pool; ours can be shut down on close
        executor = Executors.newCachedThreadPool();
        model = OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey("k")
                .modelName("bench-20-0")
                .timeout(Duration.ofMinutes(5))
                .httpClientBuilder(JdkHttpClient.builder()
                        .httpClientBuilder(HttpClient.newBuilder().executor(executor)))
                .build();
    }

    @Override
    public void runOne(String modelName, StreamProbe probe) throws Exception {
        runAsync(modelName, probe).get();
    }

    @Override
    public CompletableFuture<Void> runAsync(String modelName, StreamProbe probe) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from(PROMPT)).modelName(modelName).build();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                probe.delta(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                String text = response.aiMessage().text();
                if (text == null ? probe.chars != 0 : text.length() != probe.chars) {
                    probe.error = "assembled " + (text == null ? 0 : text.length()) + " chars but saw " + probe.chars;
                }
                probe.end();
                done.complete(null);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
