package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.event.ApiKind;
import dev.aiusage.event.Attribution;
import dev.aiusage.event.BatchSummary;
import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.Money;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerExportImportTest {

    private static final String HOSTILE = "a,b \"quoted\"\nnew line\r\nand é 😀";

    @TempDir
    Path dir;

    private Path source;

    @BeforeEach
    void recordAJobAndAHostileEvent() throws Exception {
        source = dir.resolve("source.db");
        Cli run = Cli.run("run", "--job", "demo", "--out", dir.resolve("out").toString(), "--ledger", source.toString(),
                RunCommandTest.SAMPLES.toString());
        assertThat(run.exitCode()).isEqualTo(0);
        try (Ledger ledger = Ledger.open(source)) {
            ledger.append(List.of(hostileEvent(), new ScopeRecord("scope-x", null, null, "batch", "other", "other/1",
                    Map.of("team", HOSTILE), Instant.parse("2025-03-01T10:00:00Z"), Instant.parse("2025-03-01T10:05:00Z"),
                    ScopeRecord.Outcome.OK, null, null,
                    new BatchSummary(7, 2, List.of(new BatchSummary.ErrorSample("r1", "Boom", HOSTILE))))));
        }
    }

    private static UsageEvent hostileEvent() {
        return UsageEvent.builder("openai", ApiKind.CHAT).requestModel("model, " + HOSTILE)
                .startedAt(Instant.parse("2025-03-01T10:01:00Z")).endedAt(Instant.parse("2025-03-01T10:01:02Z"))
                .tokens(TokenBuckets.of(1_000, 10))
                .cost(new Cost(new Money(123_456_789), CostSource.PROVIDER, "gpt-4o-mini"))
                .attribution(new Attribution("scope-x", "extract", "other", "other/1", Map.of("git.branch", HOSTILE)))
                .build();
    }

    private Path export(Path ledger, String name, String... options) {
        Path file = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("ledger", "export", "--ledger", ledger.toString(), "--out",
                file.toString()));
        args.addAll(List.of(options));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(0);
        return file;
    }

    private String report(Path ledger) throws Exception {
        Cli cli = Cli.run("report", "--ledger", ledger.toString(), "--by", "job,model", "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(0);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(cli.out());
        json.remove("ledger");
        return json.toString();
    }

    private static long count(Path ledger, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + ledger); var rs = c.createStatement().executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    @Test
    void exportingAndImportingIntoAFreshLedgerTwiceYieldsIdenticalReports() throws Exception {
        Path file = export(source, "all.jsonl");
        Path target = dir.resolve("target.db");

        Cli first = Cli.run("ledger", "import", "--ledger", target.toString(), file.toString());
        String afterFirst = report(target);
        Cli second = Cli.run("ledger", "import", "--ledger", target.toString(), file.toString());

        assertThat(first.exitCode()).as(first.err()).isEqualTo(0);
        assertThat(first.out()).contains("imported 4 usage events and ").contains("; skipped 0 events and 0 scope");
        assertThat(second.exitCode()).isEqualTo(0);
        assertThat(second.out()).contains("imported 0 usage events and 0 scope records")
                .contains("skipped 4 events and ");
        assertThat(report(target)).isEqualTo(afterFirst).isEqualTo(report(source));
    }

    @Test
    void aReimportedLedgerExportsTheSameBytes() throws Exception {
        Path file = export(source, "all.jsonl");
        Path target = dir.resolve("target.db");
        Cli.run("ledger", "import", "--ledger", target.toString(), file.toString());

        Path again = export(target, "again.jsonl");

        assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
        assertThat(count(target, "SELECT count(*) FROM scope_record WHERE items_ok IS NOT NULL"))
                .isEqualTo(count(source, "SELECT count(*) FROM scope_record WHERE items_ok IS NOT NULL")).isPositive();
        assertThat(count(target, "SELECT items_failed FROM scope_record WHERE scope_id = 'scope-x'")).isEqualTo(2);
    }

    @Test
    void theJsonLinesArePlainAsciiAndKeepEveryCharacter() throws Exception {
        Path file = export(source, "all.jsonl", "--job", "other");
        byte[] bytes = Files.readAllBytes(file);

        for (byte b : bytes) {
            assertThat(b & 0xff).isLessThan(0x80);
        }
        String line = Files.readAllLines(file).getFirst();
        assertThat(new ObjectMapper().readTree(line).path("attributes").path("git.branch").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void exportFiltersByJobAndWindow() throws Exception {
        Path other = export(source, "other.jsonl", "--job", "other");
        Path march = export(source, "march.jsonl", "--since", "2025-03-01T10:00:30Z", "--until", "2025-03-01T10:02:00Z");
        Path before = export(source, "before.jsonl", "--until", "2025-03-01T10:00:30Z");

        assertThat(Files.readAllLines(other)).hasSize(2); // the event and its scope
        assertThat(Files.readAllLines(march)).hasSize(2) // the event, and the scope that was running then
                .allMatch(line -> line.contains("other"));
        assertThat(Files.readAllLines(before)).hasSize(1).allMatch(line -> line.contains("\"scopeId\":\"scope-x\""));
    }

    @Test
    void csvHasOneRowPerEventWithHostileValuesQuotedAndExactMoney() throws Exception {
        Path csv = export(source, "all.csv", "--format", "csv", "--job", "other");

        List<List<String>> rows = Rfc4180.parse(Files.readString(csv, StandardCharsets.UTF_8));

        assertThat(rows).hasSize(2);
        List<String> header = rows.get(0);
        List<String> row = rows.get(1);
        assertThat(header).contains("cost_usd", "attr:git.branch").doesNotContain("attr:team");
        assertThat(row).hasSameSizeAs(header);
        assertThat(row.get(header.indexOf("request_model"))).isEqualTo("model, " + HOSTILE);
        assertThat(row.get(header.indexOf("attr:git.branch"))).isEqualTo(HOSTILE);
        assertThat(row.get(header.indexOf("cost_usd"))).isEqualTo("0.123456789");
        assertThat(row.get(header.indexOf("cost_nanos"))).isEqualTo("123456789");
        assertThat(row.get(header.indexOf("started_at"))).isEqualTo("2025-03-01T10:01:00Z");
    }

    @Test
    void csvLeavesTheCostOfAnUnpricedEventEmptyRatherThanZero() throws Exception {
        try (Ledger ledger = Ledger.open(source)) {
            ledger.append(List.of(UsageEvent.builder("local", ApiKind.CHAT).requestModel("llama")
                    .tokens(TokenBuckets.of(5, 5)).cost(Cost.unpriced(CostSource.COMPUTED))
                    .attribution(new Attribution(null, "op", "unpriced-job", null, Map.of())).build()));
        }

        List<List<String>> rows = Rfc4180.parse(Files.readString(export(source, "u.csv", "--format", "csv", "--job",
                "unpriced-job")));

        assertThat(rows.get(1).get(rows.get(0).indexOf("cost_usd"))).isEmpty();
        assertThat(rows.get(1).get(rows.get(0).indexOf("cost_nanos"))).isEmpty();
    }

    @Test
    void exportToStdoutWritesTheLinesAndCountsOnStderr() {
        Cli cli = Cli.run("ledger", "export", "--ledger", source.toString(), "--job", "other");

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out().lines()).hasSize(2);
        assertThat(cli.err()).contains("exported 1 usage events and 1 scope records");
    }

    @Test
    void exportRefusesToOverwriteAFile() throws Exception {
        Path existing = Files.writeString(dir.resolve("keep.jsonl"), "precious");

        Cli cli = Cli.run("ledger", "export", "--ledger", source.toString(), "--out", existing.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("already exists");
        assertThat(Files.readString(existing)).isEqualTo("precious");
    }

    @Test
    void exportWithAnEmptyWindowOrABadTimeIsAUsageError() {
        Cli empty = Cli.run("ledger", "export", "--ledger", source.toString(), "--since", "2025-03-02", "--until",
                "2025-03-01");
        Cli bad = Cli.run("ledger", "export", "--ledger", source.toString(), "--until", "tomorrow");

        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("is not before --until");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--until 'tomorrow' is not a time");
    }

    @Test
    void exportOfAMissingLedgerIsAUsageErrorAndCreatesNothing() {
        Path missing = dir.resolve("nope/usage.db");

        Cli cli = Cli.run("ledger", "export", "--ledger", missing.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("no ledger at");
        assertThat(missing.getParent()).doesNotExist();
    }

    /** A strict reader of RFC 4180 CSV, written apart from the exporter so it cannot share its mistakes. */
    static final class Rfc4180 {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' && field.isEmpty()) {
                    i++;
                    while (true) {
                        char q = text.charAt(i++);
                        if (q == '"' && i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else if (q == '"') {
                            break;
                        } else {
                            field.append(q);
                        }
                    }
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                    i++;
                } else if (c == '\r' && text.startsWith("\r\n", i)) {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i += 2;
                } else {
                    assertThat(c).as("unquoted special character at " + i).isNotIn('"', '\n', '\r');
                    field.append(c);
                    i++;
                }
            }
            assertThat(row).as("the last row ends with CRLF").isEmpty();
            return rows;
        }
    }
}
