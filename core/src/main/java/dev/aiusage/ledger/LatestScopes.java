package dev.aiusage.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BiConsumer;

/**
 * The latest scope of a job and operation for each value of one attribute (what each item last
 * recorded), read as a stream of two attributes so a job of a million items is never held at once.
 */
final class LatestScopes {

    private static final String SQL = """
            SELECT item, value FROM (
              SELECT json_extract(attributes, ?1) AS item, json_extract(attributes, ?4) AS value, ROW_NUMBER() OVER (
                  PARTITION BY json_extract(attributes, ?1) ORDER BY ended_at DESC, scope_id DESC) AS latest
              FROM scope_record
              WHERE job_id = ?2 AND operation = ?3 AND json_extract(attributes, ?1) IS NOT NULL)
            WHERE latest = 1""";

    private LatestScopes() {}

    static void forEach(Connection connection, String jobId, String operation, String keyAttribute, String valueAttribute,
            BiConsumer<String, String> each) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setString(1, path(keyAttribute));
            statement.setString(2, jobId);
            statement.setString(3, operation);
            statement.setString(4, path(valueAttribute));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs.getString(1), rs.getString(2));
                }
            }
        }
    }

    /** Quoted, so a name with dots ("git.commit") is one attribute rather than a nested path. */
    private static String path(String attribute) {
        return "$.\"" + attribute.replace("\"", "\\\"") + "\"";
    }
}
