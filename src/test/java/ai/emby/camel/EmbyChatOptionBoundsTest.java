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

import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static ai.emby.camel.support.Faults.causeChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Proves that every size, timeout and count option refuses a value out of its range when the endpoint is created, on
 * the endpoint and as a component default (issue 13, defect 11a), with a message that names the option, the value
 * and what is allowed.
 */
class EmbyChatOptionBoundsTest extends CamelTestSupport {

    private static final String VALID = "emby:chat?model=m&apiKey=sk-test&baseUrl=http://127.0.0.1:1/v1";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bufferSize=-1            | bufferSize          | -1     | 0 or more",
            "bufferMaxChars=-1        | bufferMaxChars      | -1     | 0 or more",
            "bufferTimeout=-1         | bufferTimeout       | -1     | 0 or more",
            "connectTimeout=-1        | connectTimeout      | -1     | 0 or more",
            "firstDeltaTimeout=-1     | firstDeltaTimeout   | -1     | 0 or more",
            "idleTimeout=-1           | idleTimeout         | -1     | 0 or more",
            "requestTimeout=-1        | requestTimeout      | -1     | 0 or more",
            "maxRetries=-1            | maxRetries          | -1     | 0 or more",
            "maxRetryDelay=-1         | maxRetryDelay       | -1     | 0 or more",
            "maxEventSize=-1          | maxEventSize        | -1     | 0 or more",
            "maxCompletionTokens=-1   | maxCompletionTokens | -1     | 1 or more",
            "maxCompletionTokens=0    | maxCompletionTokens | 0      | 1 or more",
            "maxTokens=-5             | maxTokens           | -5     | 1 or more",
            "proxyHost=p&proxyPort=0  | proxyPort           | 0      | 1 to 65535",
            "proxyHost=p&proxyPort=70000 | proxyPort        | 70000  | 1 to 65535" })
    void anOutOfRangeValueFailsEndpointCreation(String option, String name, String value, String allowed) {
        Throwable failure = catchThrowable(() -> context.getEndpoint(VALID + "&" + option));

        assertThat(failure).as("endpoint creation with %s", option).isNotNull();
        assertThat(causeChain(failure)).anySatisfy(t -> assertThat(t).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name).hasMessageContaining(value).hasMessageContaining(allowed));
    }

    @Test
    void aNegativeDurationFailsEndpointCreation() {
        Throwable failure = catchThrowable(() -> context.getEndpoint(VALID + "&idleTimeout=-5s"));

        assertThat(failure).isNotNull();
        assertThat(causeChain(failure)).anySatisfy(t -> assertThat(t.getMessage()).contains("idleTimeout"));
    }

    @Test
    void aNegativeComponentDefaultFailsEndpointCreation() {
        EmbyComponent emby = context.getComponent("emby", EmbyComponent.class);
        emby.getConfiguration().setMaxEventSize(-1);

        Throwable failure = catchThrowable(() -> context.getEndpoint(VALID));

        assertThat(causeChain(failure)).anySatisfy(t -> assertThat(t).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEventSize").hasMessageContaining("-1"));
    }

    @Test
    void zeroStaysAllowedWhereItMeansOff() {
        assertThat(context.getEndpoint(VALID + "&bufferSize=0&bufferMaxChars=0&bufferTimeout=0&requestTimeout=0"
                                       + "&maxRetries=0&maxRetryDelay=0&maxEventSize=0&idleTimeout=0&firstDeltaTimeout=0"))
                .isNotNull();
    }
}
