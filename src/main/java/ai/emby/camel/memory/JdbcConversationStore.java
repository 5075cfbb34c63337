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
package ai.emby.camel.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Conversations in a relational database, one row per message (its JSON), so they survive restarts and are shared by
 * the JVMs that use the database. The table is created on start when missing ({@code CREATE TABLE IF NOT EXISTS},
 * which H2 and PostgreSQL understand; create it yourself elsewhere):
 *
 * <pre>
 * CREATE TABLE emby_conversation_message (
 *     conversation_id VARCHAR(255) NOT NULL,
 *     position        INTEGER      NOT NULL,
 *     message         TEXT         NOT NULL,
 *     updated_at      TIMESTAMP    NOT NULL,
 *     PRIMARY KEY (conversation_id, position))
 * </pre>
 *
 * A save replaces the conversation's rows in one transaction, so a reader never sees half a turn.
 */
public final class JdbcConversationStore implements ConversationStore {

    public static final String DEFAULT_TABLE = "emby_conversation_message";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final TypeReference<Map<String, Object>> MESSAGE = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final String table;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcConversationStore(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE);
    }

    /** @param table the table name, optionally schema-qualified: letters, digits and underscores only */
    public JdbcConversationStore(DataSource dataSource, String table) {
        if (dataSource == null) {
            throw new IllegalArgumentException("A JdbcConversationStore needs a DataSource");
        }
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("Invalid table name '" + table + "': use letters, digits and"
                                               + " underscores, optionally schema.table");
        }
        this.dataSource = dataSource;
        this.table = table;
    }

    @Override
    public void start() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (conversation_id VARCHAR(255) NOT NULL,"
                              + " position INTEGER NOT NULL, message TEXT NOT NULL, updated_at TIMESTAMP NOT NULL,"
                              + " PRIMARY KEY (conversation_id, position))");
        }
    }

    @Override
    public List<Map<String, Object>> load(String conversationId) throws Exception {
        List<Map<String, Object>> messages = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT message FROM " + table + " WHERE conversation_id = ? ORDER BY position")) {
            select.setString(1, conversationId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(json.readValue(rows.getString(1), MESSAGE));
                }
            }
        }
        return messages;
    }

    @Override
    public void save(String conversationId, List<Map<String, Object>> messages) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                deleteRows(connection, conversationId);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (conversation_id, position, message, updated_at) VALUES (?, ?, ?, ?)")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    for (int i = 0; i < messages.size(); i++) {
                        insert.setString(1, conversationId);
                        insert.setInt(2, i);
                        insert.setString(3, json.writeValueAsString(messages.get(i)));
                        insert.setTimestamp(4, now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    @Override
    public void delete(String conversationId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            deleteRows(connection, conversationId);
        }
    }

    private void deleteRows(Connection connection, String conversationId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + table + " WHERE conversation_id = ?")) {
            delete.setString(1, conversationId);
            delete.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return "JdbcConversationStore[table=" + table + "]";
    }
}
