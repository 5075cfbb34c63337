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

import java.util.Locale;

/** The content codings of a response body, as far as the transport can decode them: identity and gzip. */
enum ContentCoding {
    IDENTITY,
    GZIP,
    UNSUPPORTED;

    /** The coding of a Content-Encoding header value (null or blank: identity). */
    static ContentCoding of(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return IDENTITY;
        }
        switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
            case "identity":
                return IDENTITY;
            case "gzip":
            case "x-gzip":
                return GZIP;
            default:
                // br, zstd, deflate, compress, or a list of codings: requests ask for gzip only
                return UNSUPPORTED;
        }
    }
}
