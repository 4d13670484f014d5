package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionAndVersionTest {

    @TempDir
    Path dir;

    private static boolean bashInstalled() {
        try {
            return new ProcessBuilder("bash", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean inAGitCheckout() {
        try {
            return new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String bash(String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isZero();
        return out;
    }

    /** What bash offers after {@code line} + TAB, with the script sourced. */
    private static List<String> complete(Path script, String line) throws Exception {
        return bash("source '" + script + "' 2>/dev/null; read -ra COMP_WORDS <<< '" + line + "'; "
                + (line.endsWith(" ") ? "COMP_WORDS+=(''); " : "")
                + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_aiusage aiusage \"${COMP_WORDS[COMP_CWORD]}\" 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"")
                .lines().toList();
    }

    @Test
    void theBashScriptNamesEveryCommandAndOption() {
        Cli cli = Cli.run("completion", "bash");

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("complete -F _complete_aiusage")
                .contains("run", "report", "prices", "ledger", "completion")
                .contains("info", "export", "import", "vacuum", "reprice")
                .contains("--ledger", "--since", "--until", "--env", "--format", "--wait");
    }

    @Test
    void bashAcceptsTheScriptAndCompletesWithIt() throws Exception {
        assumeTrue(bashInstalled(), "bash is not installed");
        Path script = Files.writeString(dir.resolve("aiusage.bash"), Cli.run("completion", "bash").out());

        bash("bash -n '" + script + "'");

        assertThat(complete(script, "aiusage ledger ")).containsExactlyInAnyOrder("info", "export", "import", "vacuum",
                "reprice");
        assertThat(complete(script, "aiusage run --en")).containsExactly("--env");
    }

    @Test
    void theZshScriptLoadsBashCompletionSupport() {
        Cli zsh = Cli.run("completion", "zsh");

        assertThat(zsh.exitCode()).isEqualTo(0);
        assertThat(zsh.out()).contains("bashcompinit").contains("complete -F _complete_aiusage");
    }

    @Test
    void anotherShellIsAUsageError() {
        Cli cli = Cli.run("completion", "fish");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("fish").contains("BASH, ZSH");
    }

    @Test
    void versionSaysTheVersionTheCommitAndWhenItWasBuilt() {
        Cli cli = Cli.run("--version");

        assertThat(cli.exitCode()).isEqualTo(0);
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).matches("aiusage \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        // The commit is unknown only where the build had no git or no repository (a source archive).
        String commit = inAGitCheckout() ? "[0-9a-f]{12}( \\(with uncommitted changes\\))?" : "unknown";
        assertThat(lines.get(1)).matches("build " + commit + ", built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(lines.get(2)).startsWith("Java " + Runtime.version());
    }

    @Test
    void everyLedgerSubcommandHasHelpWithExitCodesAndVersion() {
        for (String command : List.of("info", "export", "import", "vacuum", "reprice")) {
            Cli help = Cli.run("ledger", command, "--help");
            Cli version = Cli.run("ledger", command, "--version");

            assertThat(help.exitCode()).as(command).isEqualTo(0);
            assertThat(help.out()).as(command).contains("Exit codes:").contains("--ledger");
            assertThat(version.out()).as(command).startsWith("aiusage ");
        }
    }
}
