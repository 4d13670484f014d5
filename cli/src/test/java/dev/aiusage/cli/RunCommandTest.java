package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    /** The bundled sample receipts, from the cli module's folder. */
    static final Path SAMPLES = Path.of("../sample-receipts").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private String ledger() {
        return dir.resolve("usage.db").toString();
    }

    @Test
    void runsTheSampleReceiptsAndPrintsASummary() throws Exception {
        Cli cli = Cli.run("run", "--job", "demo", "--out", dir.resolve("out").toString(), "--ledger", ledger(),
                SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("job demo: receipts 3 ok, 0 failed")
                .containsPattern("usage \\(all runs of this job\\): calls 3, tokens [\\d,]+ in / [\\d,]+ out, cost \\$0\\.\\d+ \\(estimated\\)");
        assertThat(cli.err()).contains("aiusage: job demo: receipts 3").contains("offline rules");
        assertThat(Files.readAllLines(dir.resolve("out/demo/results.jsonl"))).hasSize(3);
    }

    @Test
    void printsANewJobIdWhenNoneIsGiven() {
        Cli cli = Cli.run("run", "--out", dir.resolve("out").toString(), "--ledger", ledger(), SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.err()).containsPattern("aiusage: job job-\\d{8}-\\d{6}-[0-9a-f]{4}: receipts 3");
    }

    @Test
    void someFailedReceiptsExitWithOne() throws Exception {
        Path receipts = Files.createDirectories(dir.resolve("in"));
        Files.writeString(receipts.resolve("good.txt"), "SHOP SDN BHD\nTOTAL 5.00\n");
        Files.writeString(receipts.resolve("empty.txt"), "");

        Cli cli = Cli.run("run", "--job", "j", "--out", dir.resolve("out").toString(), "--ledger", ledger(),
                receipts.toString());

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).contains("receipts 1 ok, 1 failed");

        Cli again = Cli.run("run", "--job", "j", "--out", dir.resolve("out").toString(), "--ledger", ledger(),
                receipts.toString());

        assertThat(again.exitCode()).as("an earlier failure still fails the job").isEqualTo(1);
        assertThat(again.out()).contains("receipts 0 ok, 0 failed, 2 already done (1 of them failed; --retry-failed redoes them)");
    }

    @Test
    void aMissingPathIsAOneLineUsageError() {
        Cli cli = Cli.run("run", "--ledger", ledger(), dir.resolve("nope").toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("aiusage: no such file or folder: " + dir.resolve("nope"));
        assertThat(dir.resolve("usage.db")).doesNotExist();
    }

    @Test
    void anEmptyFolderIsAUsageError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        Cli cli = Cli.run("run", "--ledger", ledger(), empty.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("aiusage: no receipt files in").doesNotContain("Exception");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(Cli.run("run", "--concurrency", "0", SAMPLES.toString()).exitCode()).isEqualTo(2);
        assertThat(Cli.run("run", "--batch-size", "lots", SAMPLES.toString()).err())
                .contains("Invalid value for option '--batch-size'");
        assertThat(Cli.run("run", "--job", "../escape", SAMPLES.toString()).err()).contains("job id '../escape'");
        assertThat(Cli.run("run").exitCode()).isEqualTo(2);
    }

    @Test
    void aLedgerPathThatIsNotALedgerIsRefusedAndLeftAlone() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");

        Cli cli = Cli.run("run", "--job", "j", "--out", dir.resolve("out").toString(), "--ledger", notes.toString(),
                SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("not an aiusage ledger");
        assertThat(Files.readString(notes)).isEqualTo("keep me");
    }

    @Test
    void anUnknownModelIsRecordedUnpricedWithAWarning() {
        Cli cli = Cli.run("run", "--job", "j", "--model", "my-local-llama", "--out", dir.resolve("out").toString(),
                "--ledger", ledger(), SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.err()).contains("model my-local-llama has no price");
        assertThat(cli.out()).contains("cost unknown (no known price for its model: unpriced calls 3, tokens");
    }

    @Test
    void aNamedFileThatIsNotAReceiptIsAUsageError() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.md"), "hello");

        Cli cli = Cli.run("run", "--ledger", ledger(), notes.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("notes.md is not a receipt file");
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsAnIoError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        Cli cli = Cli.run("run", "--job", "j", "--out", file.resolve("sub").toString(), "--ledger", ledger(),
                SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.err().strip()).startsWith("aiusage: error: cannot create the output folder").doesNotContain("Exception");
        assertThat(dir.resolve("usage.db")).doesNotExist();
    }

    @Test
    void versionWorksOnEveryCommand() {
        for (String command : new String[] {"run", "report"}) {
            Cli cli = Cli.run(command, "--version");
            assertThat(cli.out()).as(command).startsWith("aiusage ");
        }
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Cli cli = Cli.run("run", "--help");

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("Exit codes:").contains("--batch-size").contains("--concurrency");
    }
}
