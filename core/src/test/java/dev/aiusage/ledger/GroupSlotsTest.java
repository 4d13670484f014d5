package dev.aiusage.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.CallStatus;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.UsageReporter.Plan;
import dev.aiusage.pricing.Money;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading rows in index order is only a faster way to the same report: both plans must agree exactly. */
class GroupSlotsTest {

    private static final String[] PROVIDERS = {"openai", "anthropic", "google"};
    private static final String[] MODELS = {"gpt-4o", "(none)", "claude", "gpt-4o-mini", "ü-model"};
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Europe/Paris"));
    private static final List<List<GroupKey>> GROUPINGS = List.of(
            List.of(GroupKey.HOUR), List.of(GroupKey.DAY), List.of(GroupKey.WEEK), List.of(GroupKey.MONTH),
            List.of(GroupKey.PROVIDER), List.of(GroupKey.MODEL), List.of(GroupKey.OPERATION), List.of(GroupKey.STATUS),
            List.of(GroupKey.JOB), List.of(GroupKey.BATCH),
            List.of(GroupKey.WEEK, GroupKey.PROVIDER), List.of(GroupKey.MODEL, GroupKey.DAY),
            List.of(GroupKey.STATUS, GroupKey.HOUR, GroupKey.OPERATION), List.of(GroupKey.DAY, GroupKey.HOUR),
            List.of(GroupKey.MONTH, GroupKey.JOB), List.of(GroupKey.BATCH, GroupKey.WEEK),
            List.of(GroupKey.PROVIDER, GroupKey.MODEL, GroupKey.OPERATION, GroupKey.STATUS));

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void ledger() throws Exception {
        Path file = dir.resolve("usage.db");
        try (Ledger ledger = Ledger.open(file)) {
            ledger.append(events());
        }
        connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** Two years across clock changes (30-minute ones too), NULL and literal "(none)" jobs and batches. */
    private static List<UsageEvent> events() {
        List<UsageEvent> events = new ArrayList<>();
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 3_000; i++) {
            Instant at = start.plusSeconds(i * 21_037L + (i % 7) * 1_800L);
            int m = i % MODELS.length;
            String job = i % 11 == 0 ? null : i % 13 == 0 ? "(none)" : "job-" + i / 400;
            String batch = i % 9 == 0 ? null : i % 17 == 0 ? "(none)" : job + "/" + i / 25;
            events.add(UsageEvent.builder(PROVIDERS[i % PROVIDERS.length], ApiKind.CHAT)
                    .requestModel(m == 1 ? null : MODELS[m])
                    .responseModel(i % 4 == 0 ? MODELS[(m + 1) % MODELS.length] : null)
                    .attempt(1 + i % 3)
                    .tokens(new TokenBuckets(100 + i % 50, i % 5, i % 3, 0, 20 + i % 9, i % 2, 0, i % 4))
                    .cost(i % 10 == 3 ? Cost.unpriced(CostSource.COMPUTED)
                            : new Cost(new Money(1_000 + i), i % 6 == 0 ? CostSource.ESTIMATED : CostSource.COMPUTED, "m"))
                    .status(i % 8 == 0 ? CallStatus.ERROR : CallStatus.OK)
                    .startedAt(at)
                    .endedAt(at.plusMillis(50 + (i * 7_919L) % 3_000))
                    .attribution(new Attribution("s-" + i, i % 3 == 0 ? "embed" : "extract", job, batch,
                            Map.of("team", "t" + i % 4)))
                    .build());
        }
        return events;
    }

    private UsageReport report(UsageQuery query, Plan plan) throws SQLException {
        return UsageReporter.report(connection, query, plan);
    }

    @Test
    void everyGroupingInEveryZoneReportsExactlyWhatTheSortedPlanReports() throws Exception {
        for (ZoneId zone : ZONES) {
            for (List<GroupKey> keys : GROUPINGS) {
                UsageQuery query = UsageQuery.all().inZone(zone).groupedBy(keys);

                assertThat(report(query, Plan.INDEX_ORDER)).as("%s in %s", keys, zone).isEqualTo(report(query, Plan.SORT));
            }
        }
    }

    @Test
    void filtersAndTimeWindowsReportExactlyWhatTheSortedPlanReports() throws Exception {
        Instant since = Instant.parse("2024-03-31T01:00:00Z");
        Instant until = Instant.parse("2024-11-03T06:30:00Z");
        List<UsageQuery> queries = List.of(
                UsageQuery.all().between(since, until),
                UsageQuery.all().between(since, null),
                UsageQuery.all().between(null, until),
                UsageQuery.all().between(until, since),
                UsageQuery.all().forModel("gpt-4o"),
                UsageQuery.all().forProvider("openai").withStatus(CallStatus.ERROR),
                UsageQuery.all().forOperation("embed").between(since, until));
        for (UsageQuery filtered : queries) {
            for (List<GroupKey> keys : GROUPINGS) {
                UsageQuery query = filtered.inZone(ZoneId.of("America/New_York")).groupedBy(keys);

                assertThat(report(query, Plan.INDEX_ORDER)).as("%s", query).isEqualTo(report(query, Plan.SORT));
            }
        }
    }

    @Test
    void groupsThatAnIndexOrdersAreReadInThatOrderWithoutASort() throws Exception {
        for (List<GroupKey> keys : GROUPINGS) {
            UsageQuery query = UsageQuery.all().inZone(ZoneId.of("Asia/Kolkata")).groupedBy(keys);
            try (GroupSlots slots = GroupSlots.prepare(connection, query, Instant.parse("2024-03-01T00:00:00Z")
                    .toEpochMilli(), Instant.parse("2024-04-01T00:00:00Z").toEpochMilli()).orElseThrow()) {
                List<Object> params = new ArrayList<>();

                String plan = plan(slots.select("COUNT(*)", query, params));

                assertThat(plan).as("%s", keys).doesNotContain("TEMP B-TREE").contains("SEARCH usage_event USING");
            }
        }
    }

    @Test
    void anAttributeGroupOrTooManySlotsLeaveTheReportToTheSort() throws Exception {
        long year = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

        assertThat(GroupSlots.prepare(connection, UsageQuery.all().groupedBy(List.of(GroupKey.attribute("team"))), 0, 0))
                .isEmpty();
        assertThat(GroupSlots.prepare(connection, UsageQuery.all().groupedBy(List.of(GroupKey.JOB, GroupKey.MODEL)), 0, 0))
                .isEmpty();
        assertThat(GroupSlots.prepare(connection, UsageQuery.all().groupedBy(List.of(GroupKey.HOUR)), 0, year))
                .as("55 years of hours").isEmpty();
        assertThat(tempTables()).isZero();
    }

    private String plan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(4)).append('\n');
            }
        }
        return plan.toString();
    }

    private int tempTables() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM temp.sqlite_master")) {
            return rs.getInt(1);
        }
    }
}
