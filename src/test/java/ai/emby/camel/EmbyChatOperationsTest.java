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

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import ai.emby.camel.support.Chunks;
import ai.emby.camel.support.LlmServer;
import ai.emby.camel.support.Responses;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the operational view: an endpoint's stream statistics (active, completed, failed, deltas) are JMX attributes
 * of the endpoint's managed bean.
 */
class EmbyChatOperationsTest extends CamelTestSupport {

    @RegisterExtension
    static LlmServer server = new LlmServer();

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // endpoints used in routes are the ones Camel registers in JMX
                from("direct:ops").toF("emby:chat?model=m&apiKey=k&baseUrl=%s", server.baseUrl());
            }
        };
    }

    @Test
    void endpointStatisticsAreJmxAttributes() throws Exception {
        server.enqueue(Responses.sse(Chunks.answer("a", "b", "c")));
        server.enqueue(Responses.json(400, "{\"error\":{\"message\":\"bad request\"}}"));
        String uri = "direct:ops";

        template.requestBody(uri, "one", String.class);
        template.send(uri, e -> e.getIn().setBody("two"));

        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbeans.queryNames(
                new ObjectName("org.apache.camel:context=" + context.getManagementName() + ",type=endpoints,*"), null);
        ObjectName emby = names.stream().filter(n -> n.getKeyProperty("name").contains("emby")).findFirst().orElseThrow();
        assertThat(emby.toString()).doesNotContain("apiKey=k");
        assertThat(mbeans.getAttribute(emby, "CompletedStreams")).isEqualTo(1L);
        assertThat(mbeans.getAttribute(emby, "FailedStreams")).isEqualTo(1L);
        assertThat(mbeans.getAttribute(emby, "ActiveStreams")).isEqualTo(0L);
        assertThat(mbeans.getAttribute(emby, "Deltas")).isEqualTo(3L);
    }
}
