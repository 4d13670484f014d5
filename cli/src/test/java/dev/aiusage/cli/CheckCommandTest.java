package dev.aiusage.cli;

import static dev.aiusage.cli.Ledgers.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    private String tenAndTwentyCents() throws Exception {
        return Ledgers.write(dir.resolve("usage.db"),
                event("demo", "extract", "gpt-4o-mini", "0.10", "2025-01-25T04:08:00Z"),
                event("demo", "extract", "gpt-4o-mini", "0.20", "2025-01-25T04:09:00Z"));
    }

    @Test
    void costExactlyAtTheLimitPassesAndATenThousandthBelowFails() throws Exception {
        String ledger = tenAndTwentyCents();

        Cli atLimit = Cli.run("check", "--ledger", ledger, "--max-cost", "0.30");
        Cli below = Cli.run("check", "--ledger", ledger, "--max-cost", "0.2999");
        Cli report = Cli.run("report", "--ledger", ledger);

        assertThat(atLimit.exitCode()).as(atLimit.out() + atLimit.err()).isZero();
        assertThat(atLimit.out().lines().findFirst().orElseThrow()).startsWith("PASS: 1 check held");
        assertThat(below.exitCode()).isEqualTo(1);
        assertThat(below.out().lines().findFirst().orElseThrow())
                .isEqualTo("FAIL: cost $0.30 is over $0.2999 (all usage)");
        assertThat(report.out()).contains("$0.30").doesNotContainPattern("0\\.3000|0\\.2999|e-");
        assertThat(Cli.run("report", "--ledger", ledger, "--format", "json").out()).contains("\"cost\" : \"0.30\"");
    }

    @Test
    void unpricedUsageFailsNamingItsModelUnlessAllowed() throws Exception {
        String ledger = Ledgers.write(dir.resolve("usage.db"),
                event("demo", "extract", "my-local-llama", null, "2025-01-25T04:08:00Z"));

        Cli strict = Cli.run("check", "--ledger", ledger, "--max-cost", "100");
        Cli allowed = Cli.run("check", "--ledger", ledger, "--max-cost", "100", "--allow-unpriced");

        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out().lines().findFirst().orElseThrow()).startsWith("FAIL: usage with no known price")
                .contains("my-local-llama (1 call)");
        assertThat(allowed.exitCode()).isZero();
        assertThat(allowed.out()).contains("my-local-llama").contains("--allow-unpriced");
    }

    @Test
    void filtersThatMatchNothingFailUnlessAllowed() throws Exception {
        String ledger = tenAndTwentyCents();

        assertThat(Cli.run("check", "--ledger", ledger, "--job", "nope", "--max-cost", "1").exitCode()).isEqualTo(1);
        assertThat(Cli.run("check", "--ledger", ledger, "--job", "nope", "--max-cost", "1", "--allow-empty").exitCode())
                .isZero();
    }

    @Test
    void tokensCallsAndErrorRateAreCheckedExactly() throws Exception {
        String ledger = Ledgers.write(dir.resolve("usage.db"),
                event("demo", "extract", "gpt-4o-mini", "0.10", "2025-01-25T04:08:00Z"),
                Ledgers.failed(event("demo", "extract", "gpt-4o-mini", "0.10", "2025-01-25T04:09:00Z")));

        assertThat(Cli.run("check", "--ledger", ledger, "--max-tokens", "2200", "--max-calls", "2").exitCode()).isZero();
        assertThat(Cli.run("check", "--ledger", ledger, "--max-tokens", "2199").exitCode()).isEqualTo(1);
        assertThat(Cli.run("check", "--ledger", ledger, "--max-calls", "1").exitCode()).isEqualTo(1);
        assertThat(Cli.run("check", "--ledger", ledger, "--max-error-rate", "50%").exitCode()).isZero();
        assertThat(Cli.run("check", "--ledger", ledger, "--max-error-rate", "0.5").exitCode()).isZero();
        Cli over = Cli.run("check", "--ledger", ledger, "--max-error-rate", "49.9%");
        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(over.out()).contains("error rate 50% is over 49.9%");
    }

    @Test
    void malformedOrNegativeLimitsAreUsageErrors() throws Exception {
        String ledger = tenAndTwentyCents();
        String[][] bad = {{"--max-cost", "-1"}, {"--max-cost", "1e3"}, {"--max-cost", "abc"}, {"--max-cost", "0.0000000001"},
            {"--max-tokens", "-5"}, {"--max-tokens", "1.5"}, {"--max-calls", "99999999999999999999"},
            {"--max-error-rate", "5"}, {"--max-error-rate", "-5%"}, {"--max-error-rate", "NaN"}, {"--max-cost", ""}};
        for (String[] option : bad) {
            Cli cli = Cli.run("check", "--ledger", ledger, option[0], option[1]);

            assertThat(cli.exitCode()).as(String.join(" ", option)).isEqualTo(2);
            assertThat(cli.err().lines()).as(String.join(" ", option)).singleElement().asString().startsWith("aiusage: " + option[0]);
        }
        assertThat(Cli.run("check", "--ledger", ledger).err()).contains("nothing to check");
        assertThat(Cli.run("check", "--ledger", ledger, "--job", "demo", "--baseline-job", "main").err())
                .contains("go together");
        assertThat(Cli.run("check", "--ledger", dir.resolve("none.db").toString(), "--max-cost", "1").exitCode()).isEqualTo(2);
        assertThat(dir.resolve("none.db")).doesNotExist();
    }

    @Test
    void aJobThatGrewOverTheBaselineFailsPerOperation() throws Exception {
        String ledger = Ledgers.write(dir.resolve("usage.db"),
                event("main", "extract", "gpt-4o-mini", "0.10", "2025-01-25T04:08:00Z"),
                event("main", "embed", "gpt-4o-mini", "0.10", "2025-01-25T04:08:00Z"),
                event("pr", "extract", "gpt-4o-mini", "0.11", "2025-01-26T04:08:00Z"),
                event("pr", "embed", "gpt-4o-mini", "0.1101", "2025-01-26T04:08:00Z"));

        Cli within = Cli.run("check", "--ledger", ledger, "--job", "pr", "--baseline-job", "main", "--max-increase", "10.1%");
        Cli over = Cli.run("check", "--ledger", ledger, "--job", "pr", "--baseline-job", "main", "--max-increase", "10%");
        Cli missing = Cli.run("check", "--ledger", ledger, "--job", "pr", "--baseline-job", "gone", "--max-increase", "10%");

        assertThat(within.exitCode()).as(within.out()).isZero();
        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(over.out().lines().findFirst().orElseThrow()).contains("embed cost grew +10.1% over the baseline")
                .doesNotContain("extract cost grew");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).contains("baseline job gone has no usage");
    }

    @Test
    void markdownGoesToStdoutAndIsAppendedToTheStepSummary() throws Exception {
        String ledger = tenAndTwentyCents();
        Path summary = Files.writeString(dir.resolve("summary.md"), "earlier step\n");

        Cli cli = Cli.run("check", "--ledger", ledger, "--max-cost", "0.2999", "--format", "md",
                "--summary-file", summary.toString());

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).startsWith("### aiusage check: ❌ FAIL").contains("| cost | $0.30 | $0.2999 | ❌ FAIL |");
        assertThat(Files.readString(summary)).startsWith("earlier step\n### aiusage check").contains("| cost | $0.30 |");
    }

    @Test
    void aStepSummaryThatCannotBeWrittenWarnsAndKeepsTheVerdict() throws Exception {
        String ledger = tenAndTwentyCents();

        Cli cli = Cli.run("check", "--ledger", ledger, "--max-cost", "1", "--summary-file", dir.toString());

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).startsWith("aiusage: warning: cannot append the check to " + dir);
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Cli cli = Cli.run("check", "--help");

        assertThat(cli.out()).contains("0  every check held").contains("1  over budget").contains("2  usage error")
                .contains("--max-error-rate").contains("GITHUB_STEP_SUMMARY");
    }
}
