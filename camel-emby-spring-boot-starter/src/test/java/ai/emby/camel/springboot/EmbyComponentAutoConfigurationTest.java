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
package ai.emby.camel.springboot;

import java.io.InputStream;
import java.net.URL;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ai.emby.camel.EmbyComponent;
import ai.emby.camel.EmbyComponentConfigurer;
import ai.emby.camel.EmbyConfiguration;
import ai.emby.camel.EmbyEndpoint;
import ai.emby.camel.memory.ConversationStore;
import ai.emby.camel.memory.InMemoryConversationStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbyComponentAutoConfigurationTest {

    private static final String PREFIX = "camel.component.emby.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, EmbyComponentAutoConfiguration.class));

    private static EmbyComponent emby(CamelContext camelContext) {
        return camelContext.getComponent("emby", EmbyComponent.class);
    }

    @Test
    void bindsTheCommonOptionsOntoTheComponentConfiguration() {
        runner.withPropertyValues(
                PREFIX + "api-key=test-key",
                PREFIX + "base-url=http://127.0.0.1:9/v1",
                PREFIX + "model=llama-3.3-70b-versatile",
                PREFIX + "idle-timeout=30s",
                PREFIX + "connect-timeout=2500",
                PREFIX + "first-delta-timeout=PT2M",
                PREFIX + "delta-format=json",
                PREFIX + "temperature=0.2",
                PREFIX + "max-retries=5",
                PREFIX + "additional-header.X-Team=core",
                PREFIX + "additional-header.[X-Org_Id]=acme",
                PREFIX + "additional-body-property.user=\"alice\"")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EmbyConfiguration configuration = emby(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("test-key");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://127.0.0.1:9/v1");
                    assertThat(configuration.getModel()).isEqualTo("llama-3.3-70b-versatile");
                    assertThat(configuration.getIdleTimeout()).isEqualTo(30000L);
                    assertThat(configuration.getConnectTimeout()).isEqualTo(2500L);
                    assertThat(configuration.getFirstDeltaTimeout()).isEqualTo(120000L);
                    assertThat(configuration.getDeltaFormat()).isEqualTo("json");
                    assertThat(configuration.getTemperature()).isEqualTo(0.2);
                    assertThat(configuration.getMaxRetries()).isEqualTo(5);
                    assertThat(configuration.getAdditionalHeader())
                            .containsExactlyInAnyOrderEntriesOf(Map.of("X-Team", "core", "X-Org_Id", "acme"));
                    assertThat(configuration.getAdditionalBodyProperty()).containsExactlyEntriesOf(Map.of("user", "\"alice\""));
                    // options that were not set keep the component's own defaults
                    assertThat(configuration.getMaxEventSize()).isEqualTo(new EmbyConfiguration().getMaxEventSize());
                    assertThat(configuration.getParallelToolCalls()).isNull();
                });
    }

    @Test
    void bindsEveryOptionOfTheCatalog() throws Exception {
        JsonNode options = catalog().get("componentProperties");
        List<String> properties = new ArrayList<>();
        Map<String, Object> expected = new LinkedHashMap<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SSLContextParameters ssl = new SSLContextParameters();
        ConversationStore conversations = new InMemoryConversationStore();
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> option = it.next();
            String name = option.getKey();
            JsonNode model = option.getValue();
            String key = PREFIX + StringHelper.camelCaseToDash(name);
            switch (name) {
                case "configuration" -> {
                    continue; // not exposed: its fields are the other options
                }
                case "workerPool" -> {
                    properties.add(key + "=#bean:testWorkerPool");
                    expected.put(name, pool);
                    continue;
                }
                case "sslContextParameters" -> {
                    properties.add(key + "=testSslContextParameters"); // a plain bean name works too
                    expected.put(name, ssl);
                    continue;
                }
                case "additionalBodyProperty" -> {
                    properties.add(key + ".user=\"alice\"");
                    properties.add(key + ".metadata={\"a\":1}");
                    expected.put(name, Map.of("user", "\"alice\"", "metadata", "{\"a\":1}"));
                    continue;
                }
                case "additionalHeader" -> {
                    properties.add(key + ".X-Team=core");
                    expected.put(name, Map.of("X-Team", "core"));
                    continue;
                }
                case "conversationStore" -> {
                    properties.add(key + "=#bean:testConversationStore");
                    expected.put(name, conversations);
                    continue;
                }
                case "toolEndpoint" -> {
                    properties.add(key + ".lookup_order=direct:lookupOrder");
                    expected.put(name, Map.of("lookup_order", "direct:lookupOrder"));
                    continue;
                }
                default -> {
                }
            }
            String type = model.get("type").asText();
            String javaType = model.get("javaType").asText();
            JsonNode defaultValue = model.get("defaultValue");
            switch (type) {
                case "string" -> {
                    properties.add(key + "=value-of-" + name);
                    expected.put(name, "value-of-" + name);
                }
                case "enum" -> {
                    String value = null;
                    for (JsonNode candidate : model.get("enum")) {
                        if (defaultValue == null || !candidate.asText().equals(defaultValue.asText())) {
                            value = candidate.asText();
                        }
                    }
                    properties.add(key + "=" + value);
                    expected.put(name, value);
                }
                case "boolean" -> {
                    boolean value = defaultValue == null || !defaultValue.asBoolean();
                    properties.add(key + "=" + value);
                    expected.put(name, value);
                }
                case "integer" -> {
                    properties.add(key + "=7");
                    expected.put(name, javaType.endsWith("ong") ? (Object) 7L : (Object) 7);
                }
                case "number" -> {
                    properties.add(key + "=0.5");
                    expected.put(name, 0.5);
                }
                case "duration" -> {
                    properties.add(key + "=3s");
                    expected.put(name, 3000L);
                }
                default -> throw new AssertionError("no test value for option " + name + " of type " + type);
            }
        }
        try {
            runner.withPropertyValues(properties.toArray(String[]::new))
                    .withBean("testWorkerPool", ExecutorService.class, () -> pool)
                    .withBean("testConversationStore", ConversationStore.class, () -> conversations)
                    .withBean("testSslContextParameters", SSLContextParameters.class, () -> ssl)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        EmbyComponent component = emby(context.getBean(CamelContext.class));
                        EmbyComponentConfigurer getter = new EmbyComponentConfigurer();
                        Map<String, Object> actual = new LinkedHashMap<>();
                        for (String name : expected.keySet()) {
                            actual.put(name, getter.getOptionValue(component, name, false));
                        }
                        assertThat(actual).containsExactlyEntriesOf(expected);
                    });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void changesNothingWhenNoPropertyIsSet() throws Exception {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            EmbyComponent component = emby(context.getBean(CamelContext.class));
            EmbyComponent fresh = new EmbyComponent();
            EmbyComponentConfigurer getter = new EmbyComponentConfigurer();
            for (Iterator<String> names = catalog().get("componentProperties").fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!"configuration".equals(name)) {
                    assertThat(getter.getOptionValue(component, name, false)).as(name)
                            .isEqualTo(getter.getOptionValue(fresh, name, false));
                }
            }
        });
    }

    @Test
    void endpointsCopyTheComponentDefaultsAndMergeTheirOwnEntries() {
        runner.withPropertyValues(PREFIX + "model=component-model", PREFIX + "additional-header.X-Team=core",
                PREFIX + "idle-timeout=45s")
                .run(context -> {
                    CamelContext camelContext = context.getBean(CamelContext.class);
                    EmbyEndpoint endpoint = camelContext.getEndpoint(
                            "emby:chat?model=endpoint-model&additionalHeader.X-Other=1", EmbyEndpoint.class);
                    assertThat(endpoint.getConfiguration().getModel()).isEqualTo("endpoint-model");
                    assertThat(endpoint.getConfiguration().getIdleTimeout()).isEqualTo(45000L);
                    assertThat(endpoint.getConfiguration().getAdditionalHeader())
                            .containsExactlyInAnyOrderEntriesOf(Map.of("X-Team", "core", "X-Other", "1"));
                    EmbyConfiguration componentConfiguration = emby(camelContext).getConfiguration();
                    assertThat(componentConfiguration.getModel()).isEqualTo("component-model");
                    assertThat(componentConfiguration.getAdditionalHeader()).containsExactlyEntriesOf(Map.of("X-Team", "core"));
                    // the component holds its own copy, not the map Spring's binder owns
                    assertThat(componentConfiguration.getAdditionalHeader())
                            .isNotSameAs(context.getBean(EmbyComponentConfiguration.class).getAdditionalHeader());
                });
    }

    @Test
    void anInvalidValueFailsWhenAnEndpointIsCreated() {
        runner.withPropertyValues(PREFIX + "delta-format=xml").run(context -> {
            CamelContext camelContext = context.getBean(CamelContext.class);
            assertThatThrownBy(() -> camelContext.getEndpoint("emby:chat"))
                    .hasStackTraceContaining("Invalid value 'xml' for option deltaFormat");
        });
    }

    @Test
    void aDurationThatIsNotADurationFailsTheStart() {
        runner.withPropertyValues(PREFIX + "idle-timeout=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("camel.component.emby.idle-timeout");
        });
    }

    @Test
    void aWorkerPoolThatNamesNoBeanFails() {
        runner.withPropertyValues(PREFIX + "worker-pool=#bean:noSuchPool").run(context -> {
            CamelContext camelContext = context.getBean(CamelContext.class);
            assertThatThrownBy(() -> emby(camelContext)).hasStackTraceContaining("noSuchPool");
        });
    }

    @Test
    void enabledFalseSwitchesTheAutoConfigurationOff() {
        runner.withPropertyValues(PREFIX + "enabled=false", PREFIX + "api-key=test-key").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(EmbyComponentConfiguration.class);
            assertThat(emby(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isNull();
        });
    }

    @Test
    void camelComponentEnabledFalseSwitchesItOffUnlessEmbyEnablesIt() {
        runner.withPropertyValues("camel.component.enabled=false", PREFIX + "api-key=test-key").run(context -> {
            assertThat(context).doesNotHaveBean(EmbyComponentConfiguration.class);
        });
        runner.withPropertyValues("camel.component.enabled=false", PREFIX + "enabled=true", PREFIX + "api-key=test-key")
                .run(context -> {
                    assertThat(emby(context.getBean(CamelContext.class)).getConfiguration().getApiKey())
                            .isEqualTo("test-key");
                });
    }

    @Test
    void customizerEnabledFalseLeavesTheComponentAlone() {
        runner.withPropertyValues(PREFIX + "customizer.enabled=false", PREFIX + "api-key=test-key").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(EmbyComponentConfiguration.class);
            assertThat(emby(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isNull();
        });
    }

    @Test
    void anApplicationCustomizerRunsAfterTheProperties() {
        runner.withPropertyValues(PREFIX + "model=from-properties", PREFIX + "api-key=test-key")
                .withBean("myEmbyCustomizer", ComponentCustomizer.class,
                        () -> ComponentCustomizer.forType(EmbyComponent.class,
                                component -> component.getConfiguration().setModel("from-customizer")))
                .run(context -> {
                    EmbyConfiguration configuration = emby(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(configuration.getModel()).isEqualTo("from-customizer");
                    assertThat(configuration.getApiKey()).isEqualTo("test-key");
                });
    }

    @Test
    void configuresAnEmbyComponentBeanWithoutResettingWhatItSetItself() {
        runner.withPropertyValues(PREFIX + "model=from-properties")
                .withBean("emby", EmbyComponent.class, () -> {
                    EmbyComponent component = new EmbyComponent();
                    component.getConfiguration().setIdleTimeout(5000);
                    return component;
                })
                .run(context -> {
                    EmbyConfiguration configuration = emby(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(configuration.getModel()).isEqualTo("from-properties");
                    assertThat(configuration.getIdleTimeout()).isEqualTo(5000L);
                });
    }

    @Test
    void theMetadataDescribesEveryOptionWithTheComponentDefaults() throws Exception {
        JsonNode metadata = starterMetadata();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode property : metadata.get("properties")) {
            byName.put(property.get("name").asText(), property);
        }

        JsonNode apiKey = byName.get("camel.component.emby.api-key");
        assertThat(apiKey).isNotNull();
        assertThat(apiKey.get("type").asText()).isEqualTo("java.lang.String");
        assertThat(apiKey.get("description").asText()).contains("Bearer").contains("EMBY_API_KEY");

        // one property per catalog option (but configuration), plus the starter's own two
        Set<String> expectedNames = new TreeSet<>(List.of(PREFIX + "enabled", PREFIX + "customizer.enabled"));
        for (Iterator<String> names = catalog().get("componentProperties").fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!"configuration".equals(name)) {
                expectedNames.add(PREFIX + StringHelper.camelCaseToDash(name));
            }
        }
        assertThat(new TreeSet<>(byName.keySet())).isEqualTo(expectedNames);

        EmbyComponent fresh = new EmbyComponent();
        EmbyComponentConfigurer getter = new EmbyComponentConfigurer();
        for (JsonNode property : byName.values()) {
            String name = property.get("name").asText();
            assertThat(property.path("description").asText()).as("description of " + name).isNotBlank();
            String option = StringHelper.dashToCamelCase(name.substring(PREFIX.length()));
            JsonNode defaultValue = property.get("defaultValue");
            if (option.equals("enabled") || option.equals("customizer.enabled")) {
                assertThat(defaultValue.asBoolean()).as(name).isTrue();
                continue;
            }
            Object componentDefault = getter.getOptionValue(fresh, option, false);
            if (defaultValue == null) {
                assertThat(componentDefault).as("default of " + name).isNull();
            } else if ("java.time.Duration".equals(property.get("type").asText())) {
                assertThat(DurationStyle.detectAndParse(defaultValue.asText(), ChronoUnit.MILLIS).toMillis())
                        .as("default of " + name).isEqualTo(componentDefault);
            } else {
                assertThat(defaultValue.asText()).as("default of " + name).isEqualTo(String.valueOf(componentDefault));
            }
        }
    }

    private static JsonNode catalog() throws Exception {
        try (InputStream in = EmbyComponent.class.getResourceAsStream("/META-INF/ai/emby/camel/emby.json")) {
            assertThat(in).as("the emby.json catalog in the camel-emby jar").isNotNull();
            return JSON.readTree(in);
        }
    }

    /** This starter's metadata: every starter jar on the class path has a file with that name. */
    private static JsonNode starterMetadata() throws Exception {
        for (URL url : Collections.list(EmbyComponentAutoConfigurationTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = JSON.readTree(in);
                for (JsonNode group : metadata.path("groups")) {
                    if (EmbyComponentConfiguration.class.getName().equals(group.path("type").asText())) {
                        return metadata;
                    }
                }
            }
        }
        throw new AssertionError("no spring-configuration-metadata.json for " + EmbyComponentConfiguration.class.getName());
    }
}
