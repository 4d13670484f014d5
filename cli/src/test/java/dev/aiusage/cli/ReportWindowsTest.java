package dev.aiusage.cli;

import static dev.aiusage.cli.Ledgers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWindowsTest {

    @TempDir
    Path dir;

    private String ledger() throws Exception {
        return Ledgers.write(dir.resolve("usage.db"), event("demo", "extract", "gpt-4o-mini", "0.10", "2025-01-25T04:08:00Z"));
    }

    private static JsonNode json(Cli cli) throws Exception {
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        return new ObjectMapper().readTree(cli.out());
    }

    @Test
    void theSameEventFallsOnTheDayOfTheChosenZone() throws Exception {
        String ledger = ledger();

        JsonNode la = json(Cli.run("report", "--ledger", ledger, "--by", "day", "--tz", "America/Los_Angeles", "--format", "json"));
        JsonNode utc = json(Cli.run("report", "--ledger", ledger, "--by", "day", "--tz", "UTC", "--format", "json"));

        assertThat(la.path("rows").get(0).path("group").path("day").asText()).isEqualTo("2025-01-24");
        assertThat(utc.path("rows").get(0).path("group").path("day").asText()).isEqualTo("2025-01-25");
        assertThat(la.path("filters").path("tz").asText()).isEqualTo("America/Los_Angeles");
    }

    @Test
    void aDateWindowIsWholeDaysInTheChosenZone() throws Exception {
        String ledger = ledger();

        JsonNode la = json(Cli.run("report", "--ledger", ledger, "--since", "2025-01-24", "--until", "2025-01-24",
                "--tz", "America/Los_Angeles", "--format", "json"));
        JsonNode utc = json(Cli.run("report", "--ledger", ledger, "--since", "2025-01-24", "--until", "2025-01-24",
                "--tz", "UTC", "--format", "json"));

        assertThat(la.path("total").path("calls").asLong()).isEqualTo(1);
        assertThat(utc.path("total").path("calls").asLong()).isZero();
        assertThat(la.path("filters").path("until").asText()).isEqualTo("2025-01-25T08:00:00Z");
    }

    @Test
    void namedPeriodsStartAndEndAtLocalMidnight() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-25T04:08:00Z"), ZoneId.of("America/Los_Angeles")); // Fri 24th, 20:08

        assertThat(Since.start("--since", "today", clock)).isEqualTo(Instant.parse("2025-01-24T08:00:00Z"));
        assertThat(Since.end("--until", "today", clock)).isEqualTo(Instant.parse("2025-01-25T08:00:00Z"));
        assertThat(Since.start("--since", "yesterday", clock)).isEqualTo(Instant.parse("2025-01-23T08:00:00Z"));
        assertThat(Since.start("--since", "this-week", clock)).isEqualTo(Instant.parse("2025-01-20T08:00:00Z"));
        assertThat(Since.end("--until", "this-week", clock)).isEqualTo(Instant.parse("2025-01-27T08:00:00Z"));
        assertThat(Since.start("--since", "this-month", clock)).isEqualTo(Instant.parse("2025-01-01T08:00:00Z"));
        assertThat(Since.end("--until", "This-Month", clock)).isEqualTo(Instant.parse("2025-02-01T08:00:00Z"));
        assertThat(Since.start("--since", "24h", clock)).isEqualTo(Instant.parse("2025-01-24T04:08:00Z"));
    }

    @Test
    void sevenDaysAreCalendarDaysAcrossAClockChange() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-12T17:00:00Z"), ZoneId.of("America/New_York")); // 13:00 EDT

        assertThat(Since.start("--since", "7d", clock)).isEqualTo(Instant.parse("2025-03-05T18:00:00Z")); // 13:00 EST
    }

    @Test
    void anUnknownGroupIsOneLineNamingTheChoices() throws Exception {
        Cli cli = Cli.run("report", "--ledger", ledger(), "--by", "day,colour");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().lines()).singleElement().asString()
                .isEqualTo("aiusage: --by: unknown group 'colour'; valid: hour, day, week, month, provider, model, "
                        + "operation, job, batch, status, attr:KEY");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aMalformedSinceOrUntilIsOneLineNamingTheForms() throws Exception {
        String ledger = ledger();
        for (String[] bad : new String[][] {{"--since", "last tuesday"}, {"--until", "2025-13-45"}, {"--since", "9999999d"},
            {"--since", ""}, {"--since", "7d\u0000"}}) {
            Cli cli = Cli.run("report", "--ledger", ledger, bad[0], bad[1]);

            assertThat(cli.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(cli.err().lines()).singleElement().asString()
                    .startsWith("aiusage: " + bad[0] + " '").contains("7d, 24h, 30m, today, yesterday, this-week, this-month");
        }
    }

    @Test
    void anEmptyWindowAndABadZoneOrStatusAreUsageErrors() throws Exception {
        String ledger = ledger();

        assertThat(Cli.run("report", "--ledger", ledger, "--since", "2025-02-01", "--until", "2025-01-01").err())
                .contains("is not before --until");
        assertThat(Cli.run("report", "--ledger", ledger, "--tz", "Mars/Olympus").err())
                .contains("--tz 'Mars/Olympus' is not a time zone");
        assertThat(Cli.run("report", "--ledger", ledger, "--status", "fine").err())
                .contains("valid: ok, error, incomplete");
        assertThat(Cli.run("report", "--ledger", ledger, "--by", "attr:a\"b").exitCode()).isEqualTo(2);
    }

    @Test
    void aZoneIsFoundWhateverItsCase() throws Exception {
        JsonNode report = json(Cli.run("report", "--ledger", ledger(), "--tz", "america/los_angeles", "--by", "day",
                "--format", "json"));

        assertThat(report.path("filters").path("tz").asText()).isEqualTo("America/Los_Angeles");
    }

    @Test
    void filtersByBatchModelOperationProviderAndStatus() throws Exception {
        String ledger = Ledgers.write(dir.resolve("usage.db"),
                event("demo", "extract", "gpt-4o-mini", "0.10", "2025-01-25T04:08:00Z"),
                Ledgers.failed(event("demo", "embed", "text-embedding-3-small", "0.01", "2025-01-25T04:09:00Z")));

        assertThat(json(Cli.run("report", "--ledger", ledger, "--operation", "embed", "--status", "error", "--model",
                "text-embedding-3-small", "--provider", "openai", "--batch", "demo/1", "--format", "json"))
                .path("total").path("attempts").asLong()).isEqualTo(1);
        assertThat(json(Cli.run("report", "--ledger", ledger, "--status", "ok", "--operation", "embed", "--format", "json"))
                .path("total").path("attempts").asLong()).isZero();
    }

    @Test
    void groupsByAScopeAttribute() throws Exception {
        JsonNode report = json(Cli.run("report", "--ledger", ledger(), "--by", "attr:team,provider", "--format", "json"));

        assertThat(report.path("groupBy").toString()).isEqualTo("[\"attr:team\",\"provider\"]");
        assertThat(report.path("rows").get(0).path("group").toString()).isEqualTo("{\"attr:team\":\"search\",\"provider\":\"openai\"}");
        assertThat(report.path("rows").get(0).path("latency").path("p95Ms").asLong()).isEqualTo(250);
    }
}
