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
package ai.emby.camel.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a {@code POST /name/prompts}: read up to a limit that fits maxPromptChars, then parsed as
 * {@code {"prompt": "...", "tab": "..."}} and checked (valid JSON, a prompt that is not blank and at most
 * maxPromptChars long).
 */
final class PromptRequest {

    // the consumer's logger: this is a step of its HTTP API
    private static final Logger LOG = LoggerFactory.getLogger(EmbyWebConsumer.class);
    /** A prompt's JSON may escape every character (\\uXXXX): the body limit allows for that, plus the other fields. */
    private static final int BODY_BYTES_PER_CHAR = 6;
    private static final int BODY_OVERHEAD_BYTES = 4096;

    /** What happens to a prompt that passed the checks; the tab is {@code ""} when the page sent none. */
    @FunctionalInterface
    interface Accepted {
        void accept(HttpServerResponse response, String prompt, String tab);
    }

    private PromptRequest() {
    }

    /**
     * Reads the request's body, then answers a bad prompt with 400 or 413, or hands a good one to {@code accepted}.
     * Runs on the connection's event loop.
     */
    static void read(HttpServerRequest request, int maxPromptChars, Accepted accepted) {
        long limit = (long) maxPromptChars * BODY_BYTES_PER_CHAR + BODY_OVERHEAD_BYTES;
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = new boolean[1];
        request.handler(chunk -> {
            if (!tooLarge[0]) {
                if (body.length() + chunk.length() > limit) {
                    tooLarge[0] = true;
                } else {
                    body.appendBuffer(chunk);
                }
            }
        });
        request.exceptionHandler(e -> LOG.debug("Reading a prompt failed", e));
        request.endHandler(v -> {
            if (tooLarge[0]) {
                SseFrames.reply(request.response(), 413, SseFrames.problem("prompt_too_long",
                        "The prompt is too long: at most " + maxPromptChars + " characters are allowed."));
            } else {
                check(request.response(), body, maxPromptChars, accepted);
            }
        });
    }

    /** Parses and checks a body that was read whole. */
    private static void check(HttpServerResponse response, Buffer body, int maxPromptChars, Accepted accepted) {
        String prompt;
        String tab;
        try {
            JsonNode json = SseFrames.mapper().readTree(body.toString());
            prompt = json.path("prompt").asText("");
            tab = json.path("tab").asText("");
        } catch (IOException e) {
            SseFrames.reply(response, 400, SseFrames.problem("bad_request", "Send a JSON body {\"prompt\": \"...\", \"tab\":"
                                                                            + " \"...\"}"));
            return;
        } catch (RuntimeException e) {
            SseFrames.reply(response, 400, SseFrames.problem("bad_request", "Send a JSON body {\"prompt\": \"...\"}"));
            return;
        }
        if (prompt.isBlank()) {
            SseFrames.reply(response, 400, SseFrames.problem("empty_prompt", "The prompt is empty: type a question first."));
            return;
        }
        if (prompt.length() > maxPromptChars) {
            SseFrames.reply(response, 413, SseFrames.problem("prompt_too_long", "The prompt has " + prompt.length()
                                                                                + " characters; at most " + maxPromptChars
                                                                                + " are allowed."));
            return;
        }
        accepted.accept(response, prompt, tab);
    }
}
