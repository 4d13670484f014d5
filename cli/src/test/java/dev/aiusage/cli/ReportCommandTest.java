package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @TempDir
    Path dir;

    private String ledger;

    @BeforeEach
    void runAJob() {
        ledger = dir.resolve("usage.db").toString();
        Cli run = Cli.run("run", "--job", "demo", "--out", dir.resolve("out").toString(), "--ledger", ledger,
                RunCommandTest.SAMPLES.toString());
        assertThat(run.exitCode()).isEqualTo(0);
    }

    @Test
    void jsonReportAgreesWithTheLedgersOwnSums() throws Exception {
        Cli cli = Cli.run("report", "--ledger", ledger, "--job", "demo", "--format", "json");

        assertThat(cli.exitCode()).isEqualTo(0);
        JsonNode total = new ObjectMapper().readTree(cli.out()).path("total");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger);
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*), sum(input_tokens), sum(output_tokens), sum(cost_nanos) FROM usage_event WHERE job_id = 'demo'")) {
            rs.next();
            assertThat(total.path("calls").asLong()).isEqualTo(rs.getLong(1)).isEqualTo(3);
            assertThat(total.path("tokens").path("input").asLong()).isEqualTo(rs.getLong(2));
            assertThat(total.path("tokens").path("output").asLong()).isEqualTo(rs.getLong(3));
            assertThat(total.path("costNanos").asLong()).isEqualTo(rs.getLong(4)).isPositive();
            assertThat(total.path("cost").asText()).isEqualTo(java.math.BigDecimal.valueOf(rs.getLong(4), 9)
                    .stripTrailingZeros().toPlainString());
        }
        assertThat(total.path("estimatedAttempts").asLong()).isEqualTo(3);
    }

    @Test
    void groupsByModelAndOperationInATable() {
        Cli cli = Cli.run("report", "--ledger", ledger, "--by", "model,operation");

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("MODEL").contains("OPERATION").contains("gpt-4o-mini").contains("extract")
                .contains("estimated: all of the cost");
        assertThat(cli.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void anUngroupedTableIsOneTotalRow() {
        Cli cli = Cli.run("report", "--ledger", ledger);

        assertThat(cli.out().lines()).hasSize(3);
        assertThat(cli.out().lines().skip(1).findFirst().orElseThrow()).startsWith("TOTAL").contains("3");
    }

    @Test
    void aWideGroupingStillFitsEightyColumns() {
        Cli.run("run", "--job", "a-rather-long-job-name-for-the-nightly-receipts", "--model", "claude-sonnet-4-5-20250929",
                "--out", dir.resolve("out").toString(), "--ledger", ledger, RunCommandTest.SAMPLES.toString());

        Cli cli = Cli.run("report", "--ledger", ledger, "--by", "day,model,operation,job", "--width", "80");

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("…").contains("TOTAL");
        assertThat(cli.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void pipedOutputIsNeverShortened() {
        Cli.run("run", "--job", "a-rather-long-job-name-for-the-nightly-receipts", "--out", dir.resolve("out").toString(),
                "--ledger", ledger, RunCommandTest.SAMPLES.toString());

        Cli cli = Cli.run("report", "--ledger", ledger, "--by", "day,model,operation,job");

        assertThat(cli.out()).contains("a-rather-long-job-name-for-the-nightly-receipts").doesNotContain("…");
    }

    @Test
    void unpricedUsageShowsNoCostRatherThanZero() throws Exception {
        Cli.run("run", "--job", "local", "--model", "my-local-llama", "--out", dir.resolve("out").toString(),
                "--ledger", ledger, RunCommandTest.SAMPLES.toString());

        Cli table = Cli.run("report", "--ledger", ledger, "--by", "model");
        Cli json = Cli.run("report", "--ledger", ledger, "--by", "model", "--format", "json");

        assertThat(table.out()).containsPattern("my-local-llama .* unpriced").contains("unpriced calls: 3")
                .containsPattern("TOTAL .*\\$0\\.\\d+\\*");
        JsonNode rows = new ObjectMapper().readTree(json.out()).path("rows");
        assertThat(rows.get(0).path("group").path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(rows.get(1).path("cost").isNull()).isTrue();
        assertThat(rows.get(1).path("unpricedAttempts").asLong()).isEqualTo(3);
    }

    @Test
    void sinceAcceptsALocalTimestamp() {
        Cli cli = Cli.run("report", "--ledger", ledger, "--since", "2000-01-01T00:00:00", "--format", "json");

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("\"calls\" : 3");
    }

    @Test
    void anEmptyFileIsNotALedgerToReportOn() throws Exception {
        Path empty = java.nio.file.Files.createFile(dir.resolve("zero.db"));

        Cli cli = Cli.run("report", "--ledger", empty.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("empty file, not an aiusage ledger");
        assertThat(empty).isEmptyFile();
    }

    @Test
    void sinceFiltersByTime() {
        assertThat(Cli.run("report", "--ledger", ledger, "--since", "1h", "--format", "json").out())
                .contains("\"calls\" : 3");
        assertThat(Cli.run("report", "--ledger", ledger, "--since", "2999-01-01T00:00:00Z", "--format", "json").out())
                .contains("\"calls\" : 0");
    }

    @Test
    void anUnknownGroupNamesTheValidOnes() {
        Cli cli = Cli.run("report", "--ledger", ledger, "--by", "colour");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("aiusage: --by: unknown group 'colour'; valid: hour, day, week, month, provider, model, operation, job, batch, status, attr:KEY");
    }

    @Test
    void aMalformedSinceIsAUsageError() {
        Cli cli = Cli.run("report", "--ledger", ledger, "--since", "last tuesday");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--since 'last tuesday' is not a time");
    }

    @Test
    void aMissingLedgerIsAUsageErrorAndIsNotCreated() {
        Path missing = dir.resolve("none.db");

        Cli cli = Cli.run("report", "--ledger", missing.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("no ledger at");
        assertThat(missing).doesNotExist();
    }

    @Test
    void jobsListsTheRunWithItsReceiptsCallsAndCost() throws Exception {
        Cli table = Cli.run("report", "jobs", "--ledger", ledger, "--tz", "UTC");
        JsonNode json = new ObjectMapper().readTree(Cli.run("report", "jobs", "--ledger", ledger, "--format", "json").out());

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("JOB").contains("demo").contains("times in UTC");
        JsonNode job = json.path("jobs").get(0);
        assertThat(job.path("job").asText()).isEqualTo("demo");
        assertThat(job.path("itemsOk").asLong() + job.path("itemsFailed").asLong()).isEqualTo(3);
        assertThat(job.path("calls").asLong()).isEqualTo(3);
    }

    @Test
    void oneJobIsShownByBatchAndOperation() throws Exception {
        Cli table = Cli.run("report", "job", "demo", "--ledger", ledger, "--width", "80");
        JsonNode json = new ObjectMapper().readTree(Cli.run("report", "job", "demo", "--ledger", ledger, "--format", "json").out());

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("job demo:").contains("BATCH").contains("OPERATION").contains("extract");
        assertThat(table.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(json.path("usage").get(0).path("group").has("batch")).isTrue();
        assertThat(json.path("batches").size()).isPositive();
    }

    @Test
    void anUnknownJobIsAUsageError() {
        Cli cli = Cli.run("report", "job", "nope", "--ledger", ledger);

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("no job 'nope'").contains("aiusage report jobs");
    }

    @Test
    void aTimeGroupedTableDrawsACostBarAndNamesItsZone() {
        Cli cli = Cli.run("report", "--ledger", ledger, "--by", "day", "--tz", "Asia/Kolkata", "--width", "80");

        assertThat(cli.out()).contains("█").contains("days in Asia/Kolkata");
        assertThat(cli.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void aNarrowTerminalLeavesOutTheLeastNeededColumnsAndSaysSo() {
        Cli cli = Cli.run("report", "--ledger", ledger, "--by", "model,operation", "--width", "60");

        assertThat(cli.out().lines().findFirst().orElseThrow()).contains("CALLS").contains("COST").doesNotContain("P50");
        assertThat(cli.out()).contains("left out to fit 60 columns: P50");
        assertThat(cli.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void csvAndMarkdownCarryTheSameFigures() {
        Cli csv = Cli.run("report", "--ledger", ledger, "--by", "model", "--format", "csv");
        Cli md = Cli.run("report", "--ledger", ledger, "--by", "model", "--format", "md");

        assertThat(csv.out().lines().findFirst().orElseThrow()).startsWith("model,calls,attempts,errors,input_tokens");
        assertThat(csv.out().lines()).hasSize(2).last().asString().startsWith("gpt-4o-mini,3,3,0,");
        assertThat(md.out()).startsWith("| MODEL | CALLS |").contains("|---|---:|").contains("| gpt-4o-mini | 3 |");
    }
}
