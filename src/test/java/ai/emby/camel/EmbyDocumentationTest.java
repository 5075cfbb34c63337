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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that the component reference, {@code src/main/docs/emby-component.adoc}, documents the whole public surface
 * of the generated catalog {@code emby.json}. Every component option must be listed in a table under "Component
 * Options", every endpoint option (path and query) under "Endpoint Options", every message header under "Message
 * Headers", and every {@link EmbyStreamException.Reason} under "Error Handling". The option and header tables must
 * also list nothing that the catalog no longer has. A failure lists the names that are missing or stale.
 * <p>
 * Only table rows count, never prose, so a name that is merely mentioned in a sentence (or is a prefix of another
 * name, such as {@code stream} and {@code streamId}) is not taken as documented. The rule: inside a {@code |===}
 * table, a line that starts with {@code |} is a row, and its first cell names the item, as {@code *name*},
 * {@code `name`} or a plain name, optionally followed by a group in parentheses ({@code *apiKey* (security)}). A
 * table belongs to every section heading above it, so a table under "==== Query Parameters" counts for "Endpoint
 * Options". Listing blocks ({@code ----}) are skipped. The header row of a table with {@code options="header"} is
 * ignored.
 */
class EmbyDocumentationTest {

    private static final Path ADOC = Path.of("src/main/docs/emby-component.adoc");
    private static final Path CATALOG = Path.of("src/generated/resources/META-INF/ai/emby/camel/emby.json");

    private static final String COMPONENT_OPTIONS = "Component Options";
    private static final String ENDPOINT_OPTIONS = "Endpoint Options";
    private static final String MESSAGE_HEADERS = "Message Headers";
    private static final String ERROR_HANDLING = "Error Handling";

    private static final Pattern HEADING = Pattern.compile("^(=+)\\s+(\\S.*?)\\s*$");
    // the name at the start of a first cell, after the formatting marks * ` + are removed
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_]\\w*");

    private static JsonNode catalog;
    /** Section title (at any heading level) -> the names in the first cells of the table rows below it. */
    private static Map<String, Set<String>> tableNamesBySection;

    @BeforeAll
    static void readFiles() throws IOException {
        assertThat(ADOC).as("the component reference (run the test from the project base directory)").isRegularFile();
        assertThat(CATALOG).as("the generated catalog").isRegularFile();
        catalog = new ObjectMapper().readTree(CATALOG.toFile());
        tableNamesBySection = tableNamesBySection(Files.readAllLines(ADOC, StandardCharsets.UTF_8));
    }

    @Test
    void everyComponentOptionIsInTheComponentOptionsTable() {
        Set<String> options = catalogNames("componentProperties");

        assertThat(missing(options, COMPONENT_OPTIONS))
                .as("component options of emby.json missing from the tables under '%s' in %s", COMPONENT_OPTIONS, ADOC)
                .isEmpty();
    }

    @Test
    void everyEndpointOptionIsInTheEndpointOptionsTables() {
        Set<String> options = catalogNames("properties");

        assertThat(missing(options, ENDPOINT_OPTIONS))
                .as("endpoint options of emby.json missing from the tables under '%s' in %s", ENDPOINT_OPTIONS, ADOC)
                .isEmpty();
    }

    @Test
    void everyHeaderIsInTheMessageHeadersTables() {
        Set<String> headers = catalogNames("headers");

        assertThat(missing(headers, MESSAGE_HEADERS))
                .as("headers of emby.json missing from the tables under '%s' in %s", MESSAGE_HEADERS, ADOC)
                .isEmpty();
    }

    @Test
    void everyFailureReasonIsDocumentedInErrorHandling() {
        Set<String> reasons = Arrays.stream(EmbyStreamException.Reason.values())
                .map(Enum::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));

        assertThat(missing(reasons, ERROR_HANDLING))
                .as("EmbyStreamException.Reason constants missing from the tables under '%s' in %s", ERROR_HANDLING,
                        ADOC)
                .isEmpty();
    }

    @Test
    void optionAndHeaderTablesListNothingTheCatalogLacks() {
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(stale(COMPONENT_OPTIONS, catalogNames("componentProperties")))
                    .as("names in the '%s' tables of %s that emby.json does not have", COMPONENT_OPTIONS, ADOC)
                    .isEmpty();
            softly.assertThat(stale(ENDPOINT_OPTIONS, catalogNames("properties")))
                    .as("names in the '%s' tables of %s that emby.json does not have", ENDPOINT_OPTIONS, ADOC)
                    .isEmpty();
            softly.assertThat(stale(MESSAGE_HEADERS, catalogNames("headers")))
                    .as("names in the '%s' tables of %s that emby.json does not have", MESSAGE_HEADERS, ADOC)
                    .isEmpty();
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Set<String> catalogNames(String group) {
        JsonNode node = catalog.get(group);
        assertThat(node).as("the '%s' group of %s", group, CATALOG).isNotNull();
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        assertThat(names).as("the '%s' group of %s", group, CATALOG).isNotEmpty();
        return names;
    }

    private static List<String> missing(Set<String> expected, String section) {
        Set<String> documented = tableNamesBySection.getOrDefault(section, Set.of());
        List<String> missing = new ArrayList<>();
        for (String name : expected) {
            if (!documented.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static Set<String> stale(String section, Set<String> known) {
        Set<String> stale = new TreeSet<>(tableNamesBySection.getOrDefault(section, Set.of()));
        stale.removeAll(known);
        return stale;
    }

    /** Reads the tables of an AsciiDoc file: for every heading, the first-cell names of the table rows below it. */
    static Map<String, Set<String>> tableNamesBySection(List<String> lines) {
        Map<String, Set<String>> names = new HashMap<>();
        Deque<String[]> headings = new ArrayDeque<>(); // {level, title}, innermost first
        boolean inListing = false;
        boolean inTable = false;
        boolean skipHeaderRow = false;
        String previous = "";
        for (String line : lines) {
            String trimmed = line.strip();
            if (!inTable && trimmed.matches("-{4,}")) {
                inListing = !inListing;
            } else if (inListing) {
                // code, not documentation structure
            } else if (trimmed.equals("|===")) {
                inTable = !inTable;
                skipHeaderRow = inTable && previous.contains("options=\"header\"");
            } else if (inTable) {
                if (trimmed.startsWith("|")) {
                    if (skipHeaderRow) {
                        skipHeaderRow = false;
                    } else {
                        String name = firstCellName(trimmed);
                        if (name != null) {
                            for (String[] heading : headings) {
                                names.computeIfAbsent(heading[1], k -> new LinkedHashSet<>()).add(name);
                            }
                        }
                    }
                }
            } else {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    int level = heading.group(1).length();
                    while (!headings.isEmpty() && Integer.parseInt(headings.peek()[0]) >= level) {
                        headings.pop();
                    }
                    headings.push(new String[] { Integer.toString(level), heading.group(2) });
                }
            }
            if (!trimmed.isEmpty()) {
                previous = trimmed;
            }
        }
        return names;
    }

    /** The name in the first cell of a table row line ({@code | *apiKey* (security) | ...}), or null. */
    private static String firstCellName(String row) {
        int end = row.indexOf('|', 1);
        while (end > 0 && row.charAt(end - 1) == '\\') {
            end = row.indexOf('|', end + 1);
        }
        String cell = (end < 0 ? row.substring(1) : row.substring(1, end)).replaceAll("[*`+]", "").strip();
        Matcher name = NAME.matcher(cell);
        return name.find() ? name.group() : null;
    }
}
