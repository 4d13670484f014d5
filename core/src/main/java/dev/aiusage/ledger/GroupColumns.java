package dev.aiusage.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The SQL that computes each {@link GroupKey} and the label its value gets. Days, weeks and hours are
 * grouped as integers (cheaper to sort than text) and named here: a day is its ISO date, a week the
 * date of its Monday, an hour its local start (with the offset when a clock change repeats it).
 */
final class GroupColumns {

    static final String NONE = "(none)";
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 86_400_000L;
    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private GroupColumns() {}

    /** {@code offsets} is needed for time keys only. */
    static String sql(GroupKey key, ZoneOffsets offsets) {
        String local = key.isTime() ? offsets.localMillisSql() : null;
        return switch (key.kind()) {
            // the UTC instant the local hour started: unique even when a clock change repeats the hour
            case HOUR -> "(started_at - ((" + local + " % " + HOUR_MS + ") + " + HOUR_MS + ") % " + HOUR_MS + ")";
            case DAY -> floorDiv(local, DAY_MS);
            // epoch day 0 was a Thursday: shifting by 3 days makes weeks start on Monday
            case WEEK -> floorDiv("(" + local + " + " + 3 * DAY_MS + ")", 7 * DAY_MS);
            case MONTH -> "strftime('%Y-%m', " + local + " / 1000.0, 'unixepoch')";
            case PROVIDER -> "provider";
            case MODEL -> "COALESCE(response_model, request_model, '" + NONE + "')";
            case OPERATION -> "operation";
            case JOB -> "COALESCE(job_id, '" + NONE + "')";
            case BATCH -> "COALESCE(batch_id, '" + NONE + "')";
            case STATUS -> "status";
            case ATTRIBUTE -> "COALESCE(json_extract(attributes, '$.\"" + key.attribute().replace("'", "''")
                    + "\"'), '" + NONE + "')";
        };
    }

    /** The label of the group column at {@code column}. */
    static String label(GroupKey key, ResultSet rs, int column, ZoneId zone) throws SQLException {
        return switch (key.kind()) {
            case HOUR -> hour(rs.getLong(column), zone);
            case DAY -> LocalDate.ofEpochDay(rs.getLong(column)).toString();
            case WEEK -> LocalDate.ofEpochDay(rs.getLong(column) * 7 - 3).toString();
            case MONTH, PROVIDER, MODEL, OPERATION, JOB, BATCH, STATUS, ATTRIBUTE -> rs.getString(column);
        };
    }

    private static String hour(long startMillis, ZoneId zone) {
        var start = Instant.ofEpochMilli(startMillis).atZone(zone);
        LocalDateTime local = start.toLocalDateTime();
        String label = local.format(HOUR_LABEL);
        return zone.getRules().getValidOffsets(local).size() > 1 ? label + " " + start.getOffset() : label;
    }

    /** Integer division rounding down (SQLite's rounds toward zero), for times before 1970 too. */
    private static String floorDiv(String value, long divisor) {
        return "(CASE WHEN " + value + " >= 0 THEN " + value + " / " + divisor + " ELSE (" + value + " + 1) / "
                + divisor + " - 1 END)";
    }
}
