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
package ai.emby.camel.telemetry;

import java.util.Locale;

/**
 * The default {@code gen_ai.provider.name} of a base URL: the conventions' well-known value for the hosts of the
 * providers that have one, {@code emby} otherwise (the component's own API, and any OpenAI-compatible server that
 * the conventions do not name — set the option for those).
 */
public final class ProviderNames {

    public static final String EMBY = "emby";

    private ProviderNames() {
    }

    public static String forHost(String host) {
        if (host == null) {
            return EMBY;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("api.openai.com")) {
            return "openai";
        }
        if (h.endsWith(".openai.azure.com")) {
            return "azure.ai.openai";
        }
        if (h.endsWith(".services.ai.azure.com") || h.endsWith(".models.ai.azure.com")) {
            return "azure.ai.inference";
        }
        if (h.equals("api.groq.com")) {
            return "groq";
        }
        if (h.equals("api.deepseek.com")) {
            return "deepseek";
        }
        if (h.equals("api.mistral.ai")) {
            return "mistral_ai";
        }
        if (h.equals("api.x.ai")) {
            return "x_ai";
        }
        if (h.equals("api.perplexity.ai")) {
            return "perplexity";
        }
        if (h.equals("generativelanguage.googleapis.com")) {
            return "gcp.gemini";
        }
        return EMBY;
    }
}
