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
package ai.emby.camel.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event (SLF4J goes to log4j2 in the tests) in memory, from {@link #start(Level)} until
 * {@link #close()}: an appender on the root logger, whose level is lowered to the given one meanwhile. Each event is
 * kept as one rendered text with its level, logger, thread, message, context data and the whole stack trace of its
 * throwable (causes and suppressed included), so a test can search everything that would have reached a log file.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final AbstractAppender appender;
    private final Level previousLevel;

    private LogCapture(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(render(event));
            }
        };
        appender.start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        previousLevel = root.getLevel();
        root.addAppender(appender, level, null);
        root.setLevel(level);
        context.updateLoggers();
    }

    /** Starts capturing at the given level and below (TRACE captures everything). */
    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    /** Every event captured so far, rendered. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The events whose rendered text contains the given text. */
    public List<String> containing(String text) {
        return events.stream().filter(e -> e.contains(text)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(appender.getName());
        root.setLevel(previousLevel);
        context.updateLoggers();
        appender.stop();
    }

    private static String render(LogEvent event) {
        StringBuilder text = new StringBuilder()
                .append(event.getLevel()).append(' ')
                .append(event.getLoggerName()).append(" [")
                .append(event.getThreadName()).append("] ")
                .append(event.getMessage().getFormattedMessage());
        if (!event.getContextData().isEmpty()) {
            text.append(' ').append(event.getContextData());
        }
        Throwable thrown = event.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        return text.toString();
    }
}
