package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's --help prints cleanly: no picocli warnings (a stray % in a description makes one). */
class HelpTest {

    @org.junit.jupiter.api.Test
    void anAttributeKeyHoldingAQuoteIsNoParserWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Cli cli;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            cli = Cli.run("report", "--by", "day,attr:a\"b", "--ledger", "/nonexistent/usage.db");
        } finally {
            System.setErr(original);
        }

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("is not an attribute key");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "run", "report", "report jobs", "report job", "check", "prices", "ledger", "ledger info",
        "ledger export", "ledger import", "ledger vacuum", "ledger reprice", "completion"})
    void helpPrintsItsUsageAndNoWarnings(String command) {
        PrintStream original = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Cli cli;
        try {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
            args.add("--help");
            cli = Cli.run(args.toArray(String[]::new));
        } finally {
            System.setErr(original);
        }

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("Usage:").contains("Exit codes:");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    }
}
