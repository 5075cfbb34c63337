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
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import ai.emby.camel.EmbyComponent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.fail;

/**
 * Proves that the hand-written {@link EmbyComponentConfiguration} says what the component's catalog says: for every
 * option in {@code componentProperties} of {@code META-INF/ai/emby/camel/emby.json} (read from the camel-emby jar on
 * the class path, the file camel-package-maven-plugin generates from the {@code @UriParam} / {@code @Metadata}
 * annotations), the starter's {@code META-INF/spring-configuration-metadata.json} (what
 * spring-boot-configuration-processor made of the class, merged with
 * {@code additional-spring-configuration-metadata.json}) has a property {@code camel.component.emby.<kebab-case name>}
 * with the same type, default, deprecation and description, and has no {@code camel.component.emby.*} property the
 * catalog does not know. One failure lists every mismatch: option, field, catalog value (as the starter must show it)
 * and starter value.
 * <p>
 * How the two are compared:
 * <ul>
 * <li>Not bound: {@code configuration} (the {@code EmbyConfiguration} object that holds all the other options).
 * {@code lazyStartProducer} and {@code autowiredEnabled} are bound and compared like every other option. The starter's
 * own {@code enabled} and {@code customizer.enabled} are not component options.</li>
 * <li>Types: every property is a boxed type, {@code null} while unset. {@code boolean} / {@code java.lang.Boolean} is
 * {@code java.lang.Boolean}; {@code int} / {@code java.lang.Integer} is {@code java.lang.Integer}; {@code long} /
 * {@code java.lang.Long} is {@code java.lang.Long}; {@code java.lang.Double} is {@code java.lang.Double}; a
 * {@code string} is {@code java.lang.String}; an {@code enum} (a String with a value list) is {@code java.lang.String}
 * with a value hint listing exactly the catalog's values, in order; a {@code duration} (milliseconds as {@code long})
 * is {@code java.time.Duration}; a multi-value option with a {@code prefix} ({@code additionalHeader.},
 * {@code additionalBodyProperty.}) is {@code java.util.Map<java.lang.String,java.lang.String>}; any other
 * {@code object} is a {@code java.lang.String} bean reference with a {@code spring-bean-reference} hint whose target is
 * the catalog's {@code javaType}. {@code secret} has no counterpart in Spring Boot's metadata (Spring Boot masks every
 * value on its actuator endpoints unless told otherwise) and is not compared.</li>
 * <li>Defaults: an option without a catalog default has no default in the metadata; a duration's defaults are equal as
 * milliseconds ({@code 10000} and {@code 10s}); any other default is equal as text. One exception: Camel's tooling
 * writes {@code false} as the default of every boolean option without one, also of a {@code java.lang.Boolean}, which
 * is {@code null} (not sent) until set; such an option has no default in the metadata.</li>
 * <li>Descriptions: the metadata holds the whole javadoc of the field, line breaks turned into spaces. Both texts have
 * every run of whitespace collapsed to one space and are trimmed, and are then compared exactly, case and punctuation
 * included (so the javadoc must be plain text: javadoc tags and HTML would not match the catalog's text). The catalog's
 * text is extended for three kinds of option, by one fixed sentence on how Spring Boot takes the value: a duration gets
 * "A duration such as 30s, 5m or PT1M30S; a plain number is milliseconds."; a bean reference gets "A bean of type
 * JAVATYPE, referenced as #bean:name or just by its name."; a prefixed map loses the sentence "This is a multi-value
 * option with prefix: PREFIX." that Camel's tooling appends, and gets "One map entry per name:
 * camel.component.emby.KEBAB-NAME.NAME=value (use [brackets] around a name with characters other than letters, digits,
 * '-' and '.'); an endpoint's PREFIXNAME entries are merged over these, key by key."</li>
 * </ul>
 */
class EmbyComponentConfigurationCatalogTest {

    private static final String PREFIX = "camel.component.emby.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Catalog options the starter deliberately does not expose, with the reason. */
    private static final Map<String, String> NOT_BOUND = Map.of(
            "configuration", "the EmbyConfiguration object that holds all the other options; declare an EmbyComponent bean");

    /** Properties of the starter that are not component options. */
    private static final Set<String> STARTER_ONLY = Set.of(PREFIX + "enabled", PREFIX + "customizer.enabled");

    private static final String DURATION_SENTENCE = "A duration such as 30s, 5m or PT1M30S; a plain number is milliseconds.";

    private static final String BEAN_SENTENCE = "A bean of type %s, referenced as #bean:name or just by its name.";

    private static final String CAMEL_MULTI_VALUE_SENTENCE = "This is a multi-value option with prefix: %s";

    private static final String MAP_SENTENCE = "One map entry per name: %s.NAME=value (use [brackets] around a name with"
            + " characters other than letters, digits, '-' and '.'); an endpoint's %sNAME entries are merged over these,"
            + " key by key.";

    private static final String MAP_TYPE = "java.util.Map<java.lang.String,java.lang.String>";

    @Test
    void everyOptionHasTheCatalogNameTypeDefaultAndDescription() throws Exception {
        JsonNode options = catalog().get("componentProperties");
        JsonNode metadata = starterMetadata();
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (JsonNode property : metadata.get("properties")) {
            properties.put(property.get("name").asText(), property);
        }
        Map<String, JsonNode> hints = new LinkedHashMap<>();
        for (JsonNode hint : metadata.path("hints")) {
            hints.put(hint.get("name").asText(), hint);
        }

        List<String> mismatches = new ArrayList<>();
        Set<String> unclaimed = new TreeSet<>(properties.keySet());
        unclaimed.removeIf(name -> !name.startsWith(PREFIX));
        unclaimed.removeAll(STARTER_ONLY);

        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String option = entry.getKey();
            JsonNode model = entry.getValue();
            String name = PREFIX + StringHelper.camelCaseToDash(option);
            JsonNode property = properties.get(name);
            unclaimed.remove(name);
            if (NOT_BOUND.containsKey(option)) {
                if (property != null) {
                    mismatches.add(mismatch(option, "name", "not bound (" + NOT_BOUND.get(option) + ")", name));
                }
                continue;
            }
            if (property == null) {
                mismatches.add(mismatch(option, "name", name, "(no such property)"));
                continue;
            }
            Kind kind = Kind.of(model);

            compare(mismatches, option, "type", kind.springType(model), text(property, "type"));
            if (kind == Kind.ENUM) {
                compare(mismatches, option, "hint values", String.valueOf(values(model.get("enum"))),
                        String.valueOf(values(hintValues(hints.get(name)))));
            }
            if (kind == Kind.BEAN) {
                compare(mismatches, option, "bean reference hint", model.get("javaType").asText(),
                        beanReferenceTarget(hints.get(name)));
            }
            compare(mismatches, option, "default", expectedDefault(model, kind), starterDefault(property, kind));
            compare(mismatches, option, "deprecated", String.valueOf(model.path("deprecated").asBoolean(false)),
                    String.valueOf(property.path("deprecated").asBoolean(false) || property.has("deprecation")));
            compare(mismatches, option, "description", expectedDescription(model, kind, name),
                    normalise(text(property, "description")));
        }
        for (String name : unclaimed) {
            mismatches.add(mismatch("(none)", "name", "(no such option)", name));
        }

        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " difference(s) between the emby catalog (emby.json componentProperties) and the"
                 + " starter's camel.component.emby.* metadata; fix EmbyComponentConfiguration (or"
                 + " additional-spring-configuration-metadata.json), never emby.json. \"catalog\" is the catalog's value as"
                 + " the starter must show it:\n"
                 + String.join("\n", mismatches));
        }
    }

    /** How an option of the catalog is represented in Spring Boot. */
    private enum Kind {
        BOOLEAN, INTEGER, LONG, DOUBLE, STRING, ENUM, DURATION, MAP, BEAN;

        static Kind of(JsonNode model) {
            String type = model.get("type").asText();
            String javaType = model.get("javaType").asText();
            switch (type) {
                case "duration":
                    return DURATION;
                case "enum":
                    return ENUM;
                case "object":
                    return model.hasNonNull("prefix") ? MAP : BEAN;
                default:
                    break;
            }
            switch (javaType) {
                case "boolean", "java.lang.Boolean":
                    return BOOLEAN;
                case "int", "java.lang.Integer":
                    return INTEGER;
                case "long", "java.lang.Long":
                    return LONG;
                case "double", "java.lang.Double":
                    return DOUBLE;
                case "java.lang.String":
                    return STRING;
                default:
                    throw new AssertionError("no Spring Boot type for catalog type " + type + " (" + javaType
                                             + "); extend " + Kind.class.getName());
            }
        }

        String springType(JsonNode model) {
            return switch (this) {
                case BOOLEAN -> "java.lang.Boolean";
                case INTEGER -> "java.lang.Integer";
                case LONG -> "java.lang.Long";
                case DOUBLE -> "java.lang.Double";
                case STRING, ENUM, BEAN -> "java.lang.String";
                case DURATION -> "java.time.Duration";
                case MAP -> MAP_TYPE;
            };
        }
    }

    private static String expectedDefault(JsonNode model, Kind kind) {
        JsonNode value = model.get("defaultValue");
        if (value == null || value.isNull()) {
            return null;
        }
        if (kind == Kind.BOOLEAN && "java.lang.Boolean".equals(model.get("javaType").asText()) && !value.asBoolean()) {
            return null; // the tooling's implicit false for a Boolean that is null (not sent) until set
        }
        if (kind == Kind.DURATION) {
            return Long.parseLong(value.asText()) + " ms";
        }
        return value.asText();
    }

    private static String starterDefault(JsonNode property, Kind kind) {
        JsonNode value = property.get("defaultValue");
        if (value == null || value.isNull()) {
            return null;
        }
        if (kind == Kind.DURATION) {
            try {
                return DurationStyle.detectAndParse(value.asText(), ChronoUnit.MILLIS).toMillis() + " ms";
            } catch (IllegalArgumentException e) {
                return value.asText() + " (not a duration)";
            }
        }
        return value.asText();
    }

    private static String expectedDescription(JsonNode model, Kind kind, String name) {
        String description = normalise(model.path("description").asText(""));
        return switch (kind) {
            case DURATION -> description + " " + DURATION_SENTENCE;
            case BEAN -> description + " " + BEAN_SENTENCE.formatted(model.get("javaType").asText());
            case MAP -> {
                String prefix = model.get("prefix").asText();
                String camelSentence = CAMEL_MULTI_VALUE_SENTENCE.formatted(prefix);
                if (description.endsWith(camelSentence)) {
                    description = description.substring(0, description.length() - camelSentence.length()).trim();
                }
                yield description + " " + MAP_SENTENCE.formatted(name, prefix);
            }
            default -> description;
        };
    }

    /** Every run of whitespace (line breaks included) becomes one space; leading and trailing whitespace goes. */
    private static String normalise(String text) {
        return text == null ? null : text.strip().replaceAll("\\s+", " ");
    }

    private static void compare(List<String> mismatches, String option, String field, String catalog, String starter) {
        if (!Objects.equals(catalog, starter)) {
            mismatches.add(mismatch(option, field, catalog, starter));
        }
    }

    private static String mismatch(String option, String field, String catalog, String starter) {
        return "- " + option + ", " + field + ":\n    catalog: " + show(catalog) + "\n    starter: " + show(starter);
    }

    private static String show(String value) {
        return value == null ? "(none)" : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            for (JsonNode value : array) {
                values.add(value.isObject() ? value.path("value").asText() : value.asText());
            }
        }
        return values;
    }

    private static JsonNode hintValues(JsonNode hint) {
        return hint == null ? null : hint.get("values");
    }

    private static String beanReferenceTarget(JsonNode hint) {
        if (hint != null) {
            for (JsonNode provider : hint.path("providers")) {
                if ("spring-bean-reference".equals(provider.path("name").asText())) {
                    return text(provider.path("parameters"), "target");
                }
            }
        }
        return null;
    }

    private static JsonNode catalog() throws Exception {
        try (InputStream in = EmbyComponent.class.getResourceAsStream("/META-INF/ai/emby/camel/emby.json")) {
            if (in == null) {
                throw new AssertionError("no META-INF/ai/emby/camel/emby.json in the camel-emby jar on the class path");
            }
            return JSON.readTree(in);
        }
    }

    /** This starter's metadata: every starter jar on the class path has a file with that name. */
    private static JsonNode starterMetadata() throws Exception {
        for (URL url : Collections.list(EmbyComponentConfigurationCatalogTest.class.getClassLoader()
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
