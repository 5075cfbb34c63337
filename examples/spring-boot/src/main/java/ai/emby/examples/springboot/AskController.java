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
package ai.emby.examples.springboot;

import ai.emby.camel.EmbyConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serve mode: {@code POST /ask} with a prompt as the text body answers with the whole answer, and the usage in
 * {@code X-Emby-*} headers. Each call is recorded in the GenAI metrics that {@code /actuator/prometheus} shows.
 */
@RestController
@ConditionalOnWebApplication
public class AskController {

    private final ProducerTemplate producer;

    public AskController(ProducerTemplate producer) {
        this.producer = producer;
    }

    @PostMapping(path = "/ask", consumes = MediaType.ALL_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> ask(@RequestBody String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return ResponseEntity.badRequest().body("POST a prompt as the request body\n");
        }
        Exchange exchange = producer.request(ChatRoutes.ASK, e -> e.getMessage().setBody(prompt));
        if (exchange.getException() != null) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                    .body("No answer: " + exchange.getException().getMessage() + "\n");
        }
        Message answer = exchange.getMessage();
        return ResponseEntity.ok()
                .header("X-Emby-Finish-Reason", String.valueOf(answer.getHeader(EmbyConstants.FINISH_REASON)))
                .header("X-Emby-Total-Tokens", String.valueOf(answer.getHeader(EmbyConstants.TOTAL_TOKENS)))
                .body(answer.getBody(String.class) + "\n");
    }
}
