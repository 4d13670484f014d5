package dev.aiusage.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a ledger file with plain JDBC, independently of the code under test. */
public final class Sql {

    private Sql() {}

    public static long count(Path ledger, String sql) {
        List<String> values = column(ledger, sql);
        return values.isEmpty() || values.getFirst() == null ? 0 : Long.parseLong(values.getFirst());
    }

    public static List<String> column(Path ledger, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError("query failed: " + sql, e);
        }
    }
}
