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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application with a Camel route that streams a chat answer from Emby AI (or any OpenAI-compatible
 * server) and prints it while it arrives. The {@code emby} component is configured by the
 * {@code camel.component.emby.*} properties in {@code application.properties}, through
 * {@code camel-emby-spring-boot-starter}.
 * <p>
 * It asks one question ({@code example.prompt}, or the program arguments), prints the answer and exits; with the
 * {@code serve} profile it runs a web server instead: {@code POST /ask}, and the GenAI metrics on
 * {@code /actuator/prometheus}.
 */
@SpringBootApplication
public class EmbySpringBootApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(EmbySpringBootApplication.class, args);
        if (!(context instanceof WebServerApplicationContext)) {
            // exit once AskOnStartup is done, with its exit code
            System.exit(SpringApplication.exit(context));
        }
    }
}
