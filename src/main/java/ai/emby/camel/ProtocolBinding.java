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

import java.util.Map;

import ai.emby.camel.chat.ChatProtocol;
import ai.emby.camel.protocol.WireProtocol;
import ai.emby.camel.protocol.WireRequest;
import ai.emby.camel.responses.ResponsesProtocol;
import ai.emby.camel.responses.ResponsesRequestFactory;
import org.apache.camel.Exchange;

/**
 * What an operation adds to the one producer: its wire protocol, its path, and how an exchange becomes its request.
 * Everything else (lifecycle, retries, deadlines, delivery, the output) is the same for every operation.
 */
interface ProtocolBinding {

    WireProtocol protocol();

    /** The path after the base URL. */
    String path();

    /** This exchange's request body; throws IllegalArgumentException when its body or a header is unusable. */
    Map<String, Object> body(Exchange exchange);

    /** The request that sends this body. */
    WireRequest request(Map<String, Object> body);

    /** The binding of the endpoint's operation; the request builder must be initialised. */
    static ProtocolBinding of(EmbyEndpoint endpoint, ExchangeRequestBuilder requests) {
        EmbyConfiguration c = endpoint.getConfiguration();
        return switch (endpoint.getEmbyOperation()) {
            case CHAT -> new Chat(new ChatProtocol(endpoint.streamOptionsRejected(), c.getMaxAnswerChars()), requests, c);
            case RESPONSES -> new Responses(new ResponsesProtocol(c.getMaxAnswerChars()), requests, c);
        };
    }

    /** {@code emby:chat}: Chat Completions. */
    record Chat(ChatProtocol protocol, ExchangeRequestBuilder requests, EmbyConfiguration configuration)
            implements ProtocolBinding {

        @Override
        public String path() {
            return ChatProtocol.PATH;
        }

        @Override
        public Map<String, Object> body(Exchange exchange) {
            return requests.build(exchange, configuration.isStream(), protocol.sendsStreamOptions());
        }

        @Override
        public WireRequest request(Map<String, Object> body) {
            return protocol.request(body);
        }
    }

    /** {@code emby:responses}: the Responses API. */
    final class Responses implements ProtocolBinding {

        private final ResponsesProtocol protocol;
        private final ExchangeRequestBuilder requests;
        private final ResponsesRequestFactory factory;
        private final boolean stream;

        Responses(ResponsesProtocol protocol, ExchangeRequestBuilder requests, EmbyConfiguration configuration) {
            // options with no counterpart in the Responses API fail the route's start rather than every request
            if (configuration.getStop() != null && !configuration.getStop().isEmpty()) {
                throw new IllegalArgumentException("Option stop has no counterpart in the Responses API: remove it from"
                                                   + " the emby:responses endpoint (or send it with"
                                                   + " additionalBodyProperty.stop to a server that accepts it)");
            }
            if (configuration.getSeed() != null) {
                throw new IllegalArgumentException("Option seed has no counterpart in the Responses API: remove it from"
                                                   + " the emby:responses endpoint (or send it with"
                                                   + " additionalBodyProperty.seed to a server that accepts it)");
            }
            this.protocol = protocol;
            this.requests = requests;
            this.factory = ResponsesRequestFactory.of(requests.factory(), configuration.getStore());
            this.stream = configuration.isStream();
        }

        @Override
        public WireProtocol protocol() {
            return protocol;
        }

        @Override
        public String path() {
            return ResponsesProtocol.PATH;
        }

        @Override
        public Map<String, Object> body(Exchange exchange) {
            String previous = exchange.getMessage().getHeader(EmbyConstants.PREVIOUS_RESPONSE_ID, String.class);
            if (previous != null && previous.isBlank()) {
                // an unset variable in a setHeader means "not set", never "send ''"
                previous = null;
            }
            return factory.build(requests.input(exchange, ResponsesRequestFactory.ACCEPTED_BODIES), previous, stream);
        }

        @Override
        public WireRequest request(Map<String, Object> body) {
            return protocol.request(body);
        }
    }
}
