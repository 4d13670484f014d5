package dev.aiusage.ledger;

import dev.aiusage.ledger.GroupKey.Kind;
import dev.aiusage.ledger.TimeBuckets.Bucket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Feeds a grouped report its rows already in group order, so SQLite aggregates them as they come
 * instead of sorting every row first (on a large ledger that sort was most of a report's time).
 *
 * <p>A slot is one cell of an index (a facet: provider, model, operation and status; or a job; or a
 * batch) within one {@link TimeBuckets time bucket}; all its rows share one group. A temporary table
 * lists the slots with their group values, indexed in group order, and the report joins each slot to its
 * rows through the index. Grouping by a scope attribute, by keys no single index holds, or by more
 * slots than {@link #MAX_SLOTS} is left to the sort.
 */
final class GroupSlots implements AutoCloseable {

    static final int MAX_SLOTS = 100_000;

    private static final String NONE = "'" + GroupColumns.NONE + "'";

    /** An index whose leading columns name a group's cell, followed by {@code started_at}. */
    private enum Source {
        TIME("usage_event_time", List.of(), List.of()),
        FACET("usage_event_facet", List.of("provider", GroupColumns.sql(GroupKey.MODEL, null), "operation", "status"),
                List.of(Kind.PROVIDER, Kind.MODEL, Kind.OPERATION, Kind.STATUS)),
        JOB("usage_event_job", List.of("job_id"), List.of(Kind.JOB)),
        BATCH("usage_event_batch", List.of("batch_id"), List.of(Kind.BATCH));

        final String index;
        final List<String> cellColumns;
        final List<Kind> kinds;

        Source(String index, List<String> cellColumns, List<Kind> kinds) {
            this.index = index;
            this.cellColumns = cellColumns;
            this.kinds = kinds;
        }

        /** The source whose cells determine every non-time key of the query, if one does. */
        static Optional<Source> of(List<GroupKey> keys) {
            List<Kind> cellKinds = keys.stream().filter(key -> !key.isTime()).map(GroupKey::kind).toList();
            for (Source source : values()) {
                if (source.kinds.containsAll(cellKinds)) {
                    return Optional.of(source);
                }
            }
            return Optional.empty();
        }
    }

    private final Connection connection;
    private final Source source;
    private final int groups;

    private GroupSlots(Connection connection, Source source, int groups) {
        this.connection = connection;
        this.source = source;
        this.groups = groups;
    }

    /**
     * Fills the slot table for the query, or returns empty (and leaves nothing behind) when the sort is
     * the way. {@code first} and {@code last} bound the instants the query can match (inclusive); only
     * time keys use them.
     */
    static Optional<GroupSlots> prepare(Connection connection, UsageQuery query, long first, long last)
            throws SQLException {
        List<GroupKey> keys = query.groupBy();
        if (keys.isEmpty() || query.jobId() != null || query.batchId() != null) {
            return Optional.empty(); // a job's or batch's rows are few, and its index finds them
        }
        Optional<Source> source = Source.of(keys);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        List<GroupKey> timeKeys = keys.stream().filter(GroupKey::isTime).toList();
        List<Bucket> buckets = List.of(new Bucket(0, 0, List.of()));
        if (!timeKeys.isEmpty()) {
            Optional<TimeBuckets> cut = TimeBuckets.of(timeKeys, query.zone(), first, last, MAX_SLOTS);
            if (cut.isEmpty()) {
                return Optional.empty();
            }
            buckets = cut.get().buckets();
        }
        GroupSlots slots = new GroupSlots(connection, source.get(), keys.size());
        try {
            if (slots.fill(keys, buckets)) {
                return Optional.of(slots);
            }
            slots.close();
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            slots.close();
            throw e;
        }
    }

    /** Creates and fills the temporary tables; false when there are more than {@link #MAX_SLOTS} slots. */
    private boolean fill(List<GroupKey> keys, List<Bucket> buckets) throws SQLException {
        int timeKeys = (int) keys.stream().filter(GroupKey::isTime).count();
        String cells = columns("c", source.cellColumns.size());
        String slotColumns = columns("g", groups) + cells + "lo, hi";
        try (Statement statement = connection.createStatement()) {
            drop(statement);
            statement.execute("CREATE TEMP TABLE report_bucket (" + columns("t", timeKeys) + "lo, hi)");
            statement.execute("CREATE TEMP TABLE report_cell (" + cells + "unused)");
            statement.execute("CREATE TEMP TABLE report_slot (" + slotColumns + ")");
            statement.execute("CREATE INDEX temp.report_slot_order ON report_slot (" + slotColumns + ")");
        }
        insertBuckets(buckets, timeKeys);
        long cellCount = insertCells();
        if (cellCount * buckets.size() > MAX_SLOTS) {
            return false;
        }
        List<String> values = new ArrayList<>();
        int time = 0;
        for (GroupKey key : keys) {
            values.add(key.isTime() ? "b.t" + ++time : cellValue(key));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO temp.report_slot SELECT " + String.join(", ", values) + ", "
                    + columns("c.c", source.cellColumns.size()) + "b.lo, b.hi"
                    + " FROM temp.report_cell AS c CROSS JOIN temp.report_bucket AS b");
        }
        return true;
    }

    private void insertBuckets(List<Bucket> buckets, int timeKeys) throws SQLException {
        String marks = IntStream.range(0, timeKeys + 2).mapToObj(i -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO temp.report_bucket VALUES (" + marks + ")")) {
            for (Bucket bucket : buckets) {
                for (int i = 0; i < timeKeys; i++) {
                    insert.setObject(i + 1, bucket.values().get(i));
                }
                insert.setLong(timeKeys + 1, bucket.from());
                insert.setLong(timeKeys + 2, bucket.until());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The distinct cells of the source's index, read from the index alone: facets (a few dozen, from a
     * large index) by skipping from one to the next, jobs and batches (thousands, from a small one) in
     * one pass. Returns their number, or more than {@link #MAX_SLOTS} to say "too many".
     */
    private long insertCells() throws SQLException {
        List<String> columns = source.cellColumns;
        if (columns.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO temp.report_cell VALUES (NULL)");
            }
        }
        if (source != Source.FACET) {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO temp.report_cell SELECT DISTINCT " + String.join(", ", columns)
                        + ", NULL FROM usage_event INDEXED BY " + source.index + " LIMIT " + (MAX_SLOTS + 1));
            }
        }
        List<List<String>> facets = new ArrayList<>();
        skip(new ArrayList<>(), facets);
        String marks = "?, ".repeat(columns.size());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO temp.report_cell VALUES (" + marks + "NULL)")) {
            for (List<String> facet : facets) {
                for (int i = 0; i < facet.size(); i++) {
                    insert.setString(i + 1, facet.get(i));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return facets.size();
    }

    /** A skip scan: each distinct value of the next column under {@code prefix}, found by one index seek. */
    private void skip(List<String> prefix, List<List<String>> found) throws SQLException {
        List<String> columns = source.cellColumns;
        if (prefix.size() == columns.size()) {
            found.add(List.copyOf(prefix));
            return;
        }
        String column = columns.get(prefix.size());
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < prefix.size(); i++) {
            where.append(columns.get(i)).append(" = ? AND ");
        }
        String min = "SELECT MIN(" + column + ") FROM usage_event INDEXED BY " + source.index + " WHERE " + where;
        try (PreparedStatement lowest = connection.prepareStatement(min + column + " IS NOT NULL");
                PreparedStatement next = connection.prepareStatement(min + column + " > ?")) {
            String value = value(lowest, prefix, null);
            while (value != null && found.size() <= MAX_SLOTS) {
                prefix.add(value);
                skip(prefix, found);
                prefix.removeLast();
                value = value(next, prefix, value);
            }
        }
    }

    private static String value(PreparedStatement statement, List<String> prefix, String after) throws SQLException {
        for (int i = 0; i < prefix.size(); i++) {
            statement.setString(i + 1, prefix.get(i));
        }
        if (after != null) {
            statement.setString(prefix.size() + 1, after);
        }
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The SQL of a non-time key's group value in the cell {@code c}, as {@link GroupColumns#sql} computes it. */
    private String cellValue(GroupKey key) {
        String column = "c.c" + (source.kinds.indexOf(key.kind()) + 1);
        return key.kind() == Kind.JOB || key.kind() == Kind.BATCH ? "COALESCE(" + column + ", " + NONE + ")" : column;
    }

    /**
     * The report's statement: each slot, in group order, joined to its rows through the source's index;
     * the query's filters apply to the rows. Its parameters are the filters' ({@link LedgerFilter#where}).
     */
    String select(String measures, UsageQuery query, List<Object> params) {
        String groupColumns = IntStream.rangeClosed(1, groups).mapToObj(i -> "s.g" + i).collect(Collectors.joining(", "));
        List<String> join = new ArrayList<>();
        for (int i = 0; i < source.cellColumns.size(); i++) {
            // IS, not =: a NULL job or batch is a cell too
            join.add(source.cellColumns.get(i) + " IS s.c" + (i + 1));
        }
        UsageQuery rowFilters = query;
        if (query.groupBy().stream().anyMatch(GroupKey::isTime)) {
            join.add("started_at >= s.lo");
            join.add("started_at < s.hi");
            // The buckets already lie within the query's time filters; repeated here, SQLite could take
            // them as a slot's index range in place of the bucket's own and read far more than the slot.
            rowFilters = query.between(null, null);
        }
        StringBuilder sql = new StringBuilder("SELECT " + groupColumns + ", " + measures
                + " FROM temp.report_slot AS s INDEXED BY report_slot_order"
                + " CROSS JOIN usage_event INDEXED BY " + source.index
                + (join.isEmpty() ? "" : " ON " + String.join(" AND ", join)));
        params.addAll(LedgerFilter.where(rowFilters, sql));
        sql.append(" GROUP BY ").append(groupColumns).append(" ORDER BY ").append(groupColumns);
        return sql.toString();
    }

    private static String columns(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i + ", ").collect(Collectors.joining());
    }

    private static void drop(Statement statement) throws SQLException {
        for (String table : List.of("report_slot", "report_cell", "report_bucket")) {
            statement.execute("DROP TABLE IF EXISTS temp." + table);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            drop(statement);
        }
    }
}
