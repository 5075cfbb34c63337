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

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rule of docs/architecture.md, on the production classes: Camel only at the edge (the root package),
 * HttpClient only in the transport, the protocols and the event-stream decoder on the JDK (and Jackson) alone, each
 * layer used only from above, and no package cycles.
 */
class LayersTest {

    private static final String ROOT = "ai.emby.camel";
    private static final String CALL = "ai.emby.camel.call";
    private static final String CHAT = "ai.emby.camel.chat";
    private static final String RESPONSES = "ai.emby.camel.responses";
    private static final String PROTOCOL = "ai.emby.camel.protocol";
    private static final String HTTP = "ai.emby.camel.http";
    private static final String SSE = "ai.emby.camel.sse";
    private static final String TELEMETRY = "ai.emby.camel.telemetry";
    private static final String MEMORY = "ai.emby.camel.memory";

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void onlyTheRootPackageSeesCamel() {
        check(noClasses().that().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel.."));
    }

    @Test
    void onlyTheTransportSeesHttpClient() {
        check(noClasses().that().resideOutsideOfPackage(HTTP)
                .should().dependOnClassesThat().resideInAPackage("org.apache.hc.."));
    }

    @Test
    void theChatProtocolNeedsOnlyTheJdkJacksonAndTheProtocolSeam() {
        check(classes().that().resideInAPackage(CHAT)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", CHAT,
                        PROTOCOL));
    }

    /** The second protocol is a sibling of chat: it reuses chat's answer bookkeeping, and nothing of the lifecycle. */
    @Test
    void theResponsesProtocolNeedsOnlyTheJdkJacksonTheSeamAndChat() {
        check(classes().that().resideInAPackage(RESPONSES)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", RESPONSES,
                        CHAT, PROTOCOL));
    }

    @Test
    void theProtocolSeamAndTheEventStreamDecoderNeedOnlyTheJdk() {
        check(classes().that().resideInAPackage(PROTOCOL)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", PROTOCOL));
        check(classes().that().resideInAPackage(SSE)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SSE));
    }

    @Test
    void theCallLifecycleKnowsNoWireFormat() {
        check(classes().that().resideInAPackage(CALL)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", CALL, PROTOCOL, HTTP));
    }

    /** Telemetry reads a call's typed outcome; only its backends see the optional libraries. */
    @Test
    void telemetryNeedsOnlyTheJdkJacksonTheOutcomeAndItsOptionalLibraries() {
        check(classes().that().resideInAPackage(TELEMETRY)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..",
                        "io.opentelemetry..", "io.micrometer..", TELEMETRY, CALL, PROTOCOL));
        check(noClasses().that().resideOutsideOfPackage(TELEMETRY)
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry..", "io.micrometer.."));
    }

    /** Conversation stores are plain Java, for users to implement: JDK (JDBC included) and Jackson only. */
    @Test
    void conversationStoresNeedOnlyTheJdkAndJackson() {
        check(classes().that().resideInAPackage(MEMORY)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.sql..",
                        "com.fasterxml.jackson..", MEMORY));
    }

    @Test
    void eachLayerIsUsedOnlyFromAbove() {
        check(layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Camel face").definedBy(ROOT)
                .layer("Call").definedBy(CALL)
                .layer("Chat").definedBy(CHAT)
                .layer("Responses").definedBy(RESPONSES)
                .layer("Protocol").definedBy(PROTOCOL)
                .layer("Http").definedBy(HTTP)
                .layer("Sse").definedBy(SSE)
                .layer("Telemetry").definedBy(TELEMETRY)
                .layer("Memory").definedBy(MEMORY)
                .whereLayer("Camel face").mayNotBeAccessedByAnyLayer()
                .whereLayer("Telemetry").mayOnlyBeAccessedByLayers("Camel face")
                .whereLayer("Memory").mayOnlyBeAccessedByLayers("Camel face")
                .whereLayer("Call").mayOnlyBeAccessedByLayers("Camel face", "Telemetry")
                .whereLayer("Chat").mayOnlyBeAccessedByLayers("Camel face", "Responses")
                .whereLayer("Responses").mayOnlyBeAccessedByLayers("Camel face")
                .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Camel face", "Call", "Chat", "Responses", "Telemetry")
                .whereLayer("Http").mayOnlyBeAccessedByLayers("Camel face", "Call")
                .whereLayer("Sse").mayOnlyBeAccessedByLayers("Http"));
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("ai.emby.(**)").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(production);
    }
}
