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

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ai.emby.camel.EmbyComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures every {@link EmbyComponent} of the CamelContext (the {@code emby} component Camel creates on first use,
 * or one declared as a bean) from the {@code camel.component.emby.*} properties, the way Camel's own starters do: a
 * {@link ComponentCustomizer} that binds the properties that are set through the component's generated property
 * configurer, so each lands in {@code component.getConfiguration()} (or, for {@code lazyStartProducer} and
 * {@code autowiredEnabled}, on the component).
 * <p>
 * Switched off with {@code camel.component.emby.enabled=false} (or {@code camel.component.enabled=false}); the
 * customizer alone with {@code camel.component.emby.customizer.enabled=false} (or
 * {@code camel.component.customizer.enabled=false}). An option that cannot be bound, such as a {@code worker-pool} that
 * names no bean, fails the start instead of being ignored.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.emby" })
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, EmbyComponentConfiguration.class })
public class EmbyComponentAutoConfiguration {

    /**
     * The customizer runs before customizers with the default order (0), so a {@code ComponentCustomizer} bean of the
     * application still has the last word over the properties.
     */
    public static final int CUSTOMIZER_ORDER = Ordered.HIGHEST + 1000;

    /** Properties of {@link EmbyComponentConfiguration} that configure the starter, not the component. */
    private static final Set<String> STARTER_PROPERTIES = Set.of("enabled", "customizer");

    @Lazy
    @Bean
    public ComponentCustomizer configureEmbyComponent(ApplicationContext applicationContext,
                                                      EmbyComponentConfiguration configuration) {
        return ComponentCustomizer.builder(EmbyComponent.class)
                .withOrder(CUSTOMIZER_ORDER)
                .withCondition((name, component) -> HierarchicalPropertiesEvaluator.evaluate(applicationContext,
                        "camel.component.customizer", "camel.component.emby.customizer"))
                .build(component -> configure(component, configuration));
    }

    /** Binds every property that is set onto the component; fails if one cannot be bound. */
    static void configure(EmbyComponent component, EmbyComponentConfiguration configuration) {
        CamelContext camelContext = component.getCamelContext();
        Map<String, Object> properties = CamelPropertiesHelper.getNonNullProperties(camelContext, configuration);
        properties.keySet().removeIf(key -> STARTER_PROPERTIES.contains(key.toLowerCase(Locale.ROOT)));
        // the maps are copied: the component (and every endpoint, which copies the component's) must never share the
        // instance that Spring's binder owns
        properties.replaceAll((key, value) -> value instanceof Map<?, ?> map ? new LinkedHashMap<>(map) : value);
        CamelPropertiesHelper.setCamelProperties(camelContext, component, properties, true);
    }
}
