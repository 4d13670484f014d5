package dev.aiusage.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The latest scope of a job and operation for each value of one attribute: what each item last recorded. */
final class LatestScopes {

    private static final String SQL = """
            SELECT attributes FROM (
              SELECT attributes, ROW_NUMBER() OVER (
                  PARTITION BY json_extract(attributes, ?1) ORDER BY ended_at DESC, scope_id DESC) AS latest
              FROM scope_record
              WHERE job_id = ?2 AND operation = ?3 AND json_extract(attributes, ?1) IS NOT NULL)
            WHERE latest = 1""";

    private LatestScopes() {}

    static List<Map<String, String>> attributes(Connection connection, String jobId, String operation, String keyAttribute)
            throws SQLException {
        List<Map<String, String>> latest = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            // Quoted, so a key with dots ("git.commit") names one attribute rather than a nested path.
            statement.setString(1, "$.\"" + keyAttribute.replace("\"", "\\\"") + "\"");
            statement.setString(2, jobId);
            statement.setString(3, operation);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    latest.add(EntryReader.attributes(rs.getString(1)));
                }
            }
        }
        return latest;
    }
}
