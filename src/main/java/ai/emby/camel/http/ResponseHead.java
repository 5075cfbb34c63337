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
package ai.emby.camel.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of a response.
 *
 * @param status       the status code
 * @param reasonPhrase the reason phrase, or null
 * @param contentType  the Content-Type, or null
 * @param headers      every header in the order received
 */
public record ResponseHead(int status, String reasonPhrase, String contentType, List<Header> headers) {

    /** One response header. */
    public record Header(String name, String value) {
    }

    public ResponseHead {
        headers = List.copyOf(headers);
    }

    /** The value of the first header with this name (case-insensitive), or null. */
    public String header(String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return null;
    }

    /** The first non-empty value of the first of these headers that has one, or null. */
    public String firstOf(String... names) {
        for (String name : names) {
            String value = header(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** The headers whose lower-case name starts with the prefix, by lower-case name; null when there are none. */
    public Map<String, String> headersStartingWith(String lowerCasePrefix) {
        Map<String, String> found = null;
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (name.startsWith(lowerCasePrefix)) {
                if (found == null) {
                    found = new LinkedHashMap<>();
                }
                found.put(name, header.value());
            }
        }
        return found;
    }

    /** Every header by name as received (a repeated name keeps its last value). */
    public Map<String, String> headerMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header header : headers) {
            map.put(header.name(), header.value());
        }
        return map;
    }

    /** A 2xx status. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
