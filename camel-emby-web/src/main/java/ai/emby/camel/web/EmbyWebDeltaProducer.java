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

import ai.emby.camel.EmbyConstants;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * The {@code deltaUri} side of the bridge: writes each delta exchange of an {@code emby:chat} call as one SSE event to
 * the browser stream its call answers. It completes the delta exchange at once while the browser keeps up, and only
 * once the socket's write queue has drained when it does not, which is camel-emby's back-pressure: the call stops
 * reading the model's stream until then.
 */
final class EmbyWebDeltaProducer extends DefaultAsyncProducer {

    EmbyWebDeltaProducer(EmbyWebEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public EmbyWebEndpoint getEndpoint() {
        return (EmbyWebEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        // a delta exchange is a correlated copy of the original: its CamelCorrelationId is the original's exchange id,
        // a property, so it survives deltaExcludeHeaders patterns that would drop the bridge's own header
        String original = exchange.getProperty(ExchangePropertyKey.CORRELATION_ID, String.class);
        BrowserStream stream = getEndpoint().getComponent().streamOf(original);
        if (stream == null) {
            // the stream ended (its call is being cancelled): nothing waits for this delta
            callback.done(true);
            return true;
        }
        Message message = exchange.getIn();
        String type = message.getHeader(EmbyConstants.DELTA_TYPE, "content", String.class);
        if ("end".equals(type) || "error".equals(type)) {
            // emitEnd exchanges: the bridge writes the end or error event from the original's outcome instead
            callback.done(true);
            return true;
        }
        Integer index = message.getHeader(EmbyConstants.DELTA_INDEX, Integer.class);
        Integer choice = message.getHeader(EmbyConstants.CHOICE_INDEX, 0, Integer.class);
        String text = message.getBody(String.class);
        return stream.delta(index == null ? -1 : index, choice == null ? 0 : choice, type, text == null ? "" : text,
                callback);
    }
}
