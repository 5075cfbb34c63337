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

import java.io.IOException;
import java.io.UncheckedIOException;

import ai.emby.camel.call.CallOutcome;
import ai.emby.camel.call.Delta;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The bodies of {@code deltaFormat=json}: {@code {"streamId","index","choice","type","text"}}, built by hand. */
final class DeltaJson {

    // the component's own mapper, for the one nested value (usage) of an end body
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeltaJson() {
    }

    static String delta(Delta delta) {
        String text = delta.text();
        StringBuilder json = new StringBuilder(text.length() + 96);
        json.append("{\"streamId\":");
        appendQuoted(json, delta.streamId());
        json.append(",\"index\":").append(delta.index()).append(",\"choice\":").append(delta.choiceIndex())
                .append(",\"type\":");
        appendQuoted(json, delta.type().value());
        json.append(",\"text\":");
        appendQuoted(json, text);
        return json.append('}').toString();
    }

    static String end(CallOutcome outcome, String streamId, int index) {
        StringBuilder json = new StringBuilder(160);
        json.append("{\"streamId\":");
        appendQuoted(json, streamId);
        json.append(",\"index\":").append(index).append(",\"choice\":0,\"type\":");
        appendQuoted(json, outcome.isSuccess() ? "end" : "error");
        json.append(",\"text\":\"\"");
        if (outcome.isSuccess()) {
            String finishReason = outcome.answer().getFinishReason();
            if (finishReason != null) {
                json.append(",\"finishReason\":");
                appendQuoted(json, finishReason);
            }
            if (outcome.answer().getUsage() != null) {
                json.append(",\"usage\":").append(write(outcome.answer().getUsage()));
            }
        } else {
            json.append(",\"errorReason\":");
            appendQuoted(json, Failures.reasonName(outcome.failure()));
        }
        return json.append('}').toString();
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    private static void appendQuoted(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        json.append('"');
    }
}
