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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;
import org.apache.camel.TypeConversionException;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.ExchangeHelper;

/**
 * An exchange body read as prompt text (String, byte[], Reader, InputStream, StreamCache, file) in the exchange's
 * charset, so that the body stays readable for the steps after this one, a dead letter channel and a redelivery.
 */
final class BodyText {

    private final StreamPrompts streamPrompts = new StreamPrompts();

    /**
     * The body as text; throws IllegalArgumentException for a body that is not text.
     *
     * @param acceptedBodies what the protocol accepts, for the error of an unusable body
     */
    String read(Exchange exchange, Object body, String acceptedBodies) {
        try {
            if (body instanceof String) {
                return (String) body;
            }
            if (body instanceof byte[]) {
                return new String((byte[]) body, charset(exchange));
            }
            if (body instanceof Reader) {
                return readOnce(exchange, body, () -> readAll((Reader) body));
            }
            if (body instanceof InputStream) {
                return readOnce(exchange, body, () -> new String(((InputStream) body).readAllBytes(), charset(exchange)));
            }
            if (body instanceof StreamCache) {
                return readCached(body, () -> writeToString((StreamCache) body, exchange));
            }
            if (body instanceof WrappedFile) {
                return exchange.getContext().getTypeConverter().mandatoryConvertTo(String.class, exchange, body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + body.getClass().getName() + " body as text", e);
        } catch (NoTypeConversionAvailableException | TypeConversionException e) {
            throw new IllegalArgumentException("Cannot read the " + body.getClass().getName() + " body as text", e);
        }
        String type = body == null ? "null (no body)" : body.getClass().getName();
        throw new IllegalArgumentException("Unsupported body type " + type + ". Accepted bodies: " + acceptedBodies);
    }

    /**
     * Reads a stream body. A StreamCache is reset and stays as it is; a one-shot stream can be read only once, so its
     * text becomes the body (for the steps after this one and a dead letter channel) and is remembered for a
     * redelivery, which restores the drained stream itself.
     */
    private String readOnce(Exchange exchange, Object body, IoSupplier reader) throws IOException {
        if (body instanceof StreamCache) {
            return readCached(body, reader);
        }
        String text = streamPrompts.readBefore(body);
        if (text == null) {
            text = reader.get();
            streamPrompts.remember(body, text);
        }
        exchange.getMessage().setBody(text);
        return text;
    }

    /** Reads a body, resetting it before and after when it is a StreamCache so other processors can read it again. */
    private static String readCached(Object body, IoSupplier reader) throws IOException {
        StreamCache cache = body instanceof StreamCache ? (StreamCache) body : null;
        if (cache != null) {
            // An earlier processor may have left the cache at its end.
            cache.reset();
        }
        try {
            return reader.get();
        } finally {
            if (cache != null) {
                cache.reset();
            }
        }
    }

    @FunctionalInterface
    private interface IoSupplier {
        String get() throws IOException;
    }

    private static String readAll(Reader reader) throws IOException {
        StringWriter out = new StringWriter();
        reader.transferTo(out);
        return out.toString();
    }

    private static String writeToString(StreamCache cache, Exchange exchange) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cache.writeTo(out);
        return out.toString(charset(exchange));
    }

    /** The exchange's charset (CamelCharsetName header or property), else UTF-8: never the platform default. */
    private static Charset charset(Exchange exchange) {
        String name = ExchangeHelper.getCharsetName(exchange, false);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The exchange charset '" + name + "' is not supported", e);
        }
    }
}
