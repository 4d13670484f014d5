package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.event.ApiKind;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerInfoVacuumTest {

    @TempDir
    Path dir;

    private Path ledger() {
        return dir.resolve("usage.db");
    }

    private static UsageEvent event(String started) {
        Instant at = Instant.parse(started);
        return UsageEvent.builder("openai", ApiKind.CHAT).requestModel("gpt-4o-mini").startedAt(at).endedAt(at)
                .tokens(TokenBuckets.of(10, 1)).rawUsage("x".repeat(2_000)).build();
    }

    private void record(List<UsageEvent> events) throws Exception {
        try (Ledger l = Ledger.open(ledger())) {
            l.append(events);
        }
    }

    @Test
    void infoShowsCountsTimesSizeAndPendingSpoolWithoutImportingIt() throws Exception {
        record(List.of(event("2025-01-02T03:04:05Z"), event("2025-02-03T04:05:06Z")));
        Spool.beside(ledger()).append(List.of(event("2025-03-01T00:00:00Z")));
        Files.writeString(Spool.beside(ledger()).rejectedFile(), "{torn\n");

        Cli text = Cli.run("ledger", "info", "--ledger", ledger().toString());
        Cli json = Cli.run("ledger", "info", "--ledger", ledger().toString(), "--format", "json");

        assertThat(text.exitCode()).isEqualTo(0);
        assertThat(text.out()).contains("schema version:  4")
                .contains("usage events:    2, from 2025-01-02T03:04:05Z to 2025-02-03T04:05:06Z")
                .contains("scope records:   0")
                .contains("spool:           1 entries waiting in " + Spool.beside(ledger()).file())
                .contains("rejected:        1 spool lines");
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.path("events").asLong()).isEqualTo(2);
        assertThat(node.path("spoolEntries").asLong()).isEqualTo(1);
        assertThat(node.path("rejectedSpoolLines").asLong()).isEqualTo(1);
        assertThat(node.path("databaseBytes").asLong()).isEqualTo(Files.size(ledger()));
        assertThat(node.path("firstEvent").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(Spool.beside(ledger()).isPending()).as("info changes nothing").isTrue();
    }

    @Test
    void infoOfAnEmptyLedgerHasNoEventTimes() throws Exception {
        record(List.of());

        Cli json = Cli.run("ledger", "info", "--ledger", ledger().toString(), "--format", "json");

        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.path("events").asLong()).isZero();
        assertThat(node.path("firstEvent").isNull()).isTrue();
    }

    @Test
    void infoExportAndVacuumOfAMissingLedgerExitTwoAndCreateNothing() {
        Path missing = dir.resolve("absent/usage.db");

        for (String command : List.of("info", "export", "vacuum")) {
            Cli cli = Cli.run("ledger", command, "--ledger", missing.toString());

            assertThat(cli.exitCode()).as(command).isEqualTo(2);
            assertThat(cli.err()).as(command).contains("no ledger at");
        }
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void infoOfAFileThatIsNotALedgerIsAUsageErrorAndLeavesItAlone() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");

        Cli cli = Cli.run("ledger", "info", "--ledger", notes.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("not an aiusage ledger");
        assertThat(Files.readString(notes)).isEqualTo("hello");
    }

    @Test
    void vacuumGivesDeletedSpaceBackAndReportsBothSizes() throws Exception {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(event("2025-01-01T00:00:00Z"));
        }
        record(events);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger())) {
            c.createStatement().execute("DELETE FROM usage_event");
        }
        long before = Files.size(ledger()) + walSize();

        Cli cli = Cli.run("ledger", "vacuum", "--ledger", ledger().toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(0);
        long after = Files.size(ledger()) + walSize();
        assertThat(after).isLessThan(before / 4);
        assertThat(cli.out()).contains("vacuumed " + ledger().toAbsolutePath())
                .contains(Numbers.count(before) + " bytes before, " + Numbers.count(after) + " bytes after");
    }

    private long walSize() throws Exception {
        Path wal = dir.resolve("usage.db-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    @Test
    void vacuumRefusesWhileAnotherConnectionHoldsTheLedgerAndChangesNothing() throws Exception {
        record(List.of(event("2025-01-01T00:00:00Z")));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + ledger())) {
            other.createStatement().execute("BEGIN IMMEDIATE");
            other.createStatement().execute("DELETE FROM usage_event");

            Cli cli = Cli.run("ledger", "vacuum", "--ledger", ledger().toString(), "--wait", "0");

            assertThat(cli.exitCode()).isEqualTo(3);
            assertThat(cli.err()).contains("is busy").contains("nothing was changed").contains("--wait");
            other.createStatement().execute("ROLLBACK");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger());
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM usage_event")) {
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void aNegativeWaitIsAUsageError() throws Exception {
        record(List.of());

        Cli cli = Cli.run("ledger", "vacuum", "--ledger", ledger().toString(), "--wait", "-1");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--wait must be between 0 and 3600");
    }
}
