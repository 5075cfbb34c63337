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
package ai.emby.camel.call;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.emby.camel.http.PostRequest.RequestHeader;
import ai.emby.camel.http.SecretHeader;
import ai.emby.camel.protocol.InStreamErrorException;
import ai.emby.camel.protocol.MalformedPayloadException;

/**
 * Hides the request's secrets (the API key, gateway keys) in what a server sends back: a server or gateway that echoes
 * the credentials it got ("Incorrect API key provided: sk-…") must not put them into an exception message, a response
 * body excerpt or a log line.
 */
final class SecretMask {

    // shorter values would mask ordinary words of a message; no key is this short
    private static final int MIN_SECRET_LENGTH = 8;
    private static final String PAYLOAD_SEPARATOR = "; payload: ";

    private final List<String> secrets;

    private SecretMask(List<String> secrets) {
        this.secrets = secrets;
    }

    /** The secrets of the request's secret headers: each value, and the token of a {@code Bearer} or {@code Basic} one. */
    static SecretMask of(List<RequestHeader> headers) {
        List<String> secrets = new ArrayList<>();
        for (RequestHeader header : headers) {
            if (!header.secret() || header.value() == null) {
                continue;
            }
            String value = header.value().strip();
            add(secrets, value);
            int space = value.indexOf(' ');
            if (space > 0) {
                add(secrets, value.substring(space + 1).strip());
            }
        }
        // the longest first, so "Bearer sk-…" is masked whole before its token is looked for
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMask(List.copyOf(secrets));
    }

    private static void add(List<String> secrets, String value) {
        if (value.length() >= MIN_SECRET_LENGTH && !secrets.contains(value)) {
            secrets.add(value);
        }
    }

    /** The text with every secret replaced by the mask; null stays null. */
    String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, SecretHeader.MASK);
            }
        }
        return masked;
    }

    private boolean shows(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.equals(mask(message))) {
                return true;
            }
        }
        return false;
    }

    /** A protocol failure whose texts show a secret, rebuilt with them masked; any other is returned as it is. */
    RuntimeException mask(RuntimeException e) {
        if (!shows(e)) {
            return e;
        }
        if (e instanceof InStreamErrorException error) {
            return new InStreamErrorException(mask(error.getMessage()), mask(error.getErrorType()),
                    mask(error.getErrorCode()), mask(error.getPayload()));
        }
        if (e instanceof MalformedPayloadException malformed) {
            String message = malformed.getMessage();
            String suffix = PAYLOAD_SEPARATOR + malformed.getExcerpt();
            String reason = message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message;
            // the parser's own exception is dropped with its message: it may quote the payload
            return new MalformedPayloadException(mask(reason), mask(malformed.getExcerpt()), null);
        }
        return e;
    }
}
