package dev.aiusage.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --ledger}, shared by every command that reads or writes the ledger. */
final class LedgerOptions {

    static final String ENV = "AIUSAGE_LEDGER";

    @Option(names = "--ledger", paramLabel = "PATH",
            description = {"Ledger file. Default: $AIUSAGE_LEDGER, else", "$XDG_DATA_HOME/aiusage/ledger.db",
                "(~/.local/share/aiusage/ledger.db)."})
    String ledger;

    Path resolve() {
        if (ledger != null && (ledger.isBlank() || ledger.endsWith("/"))) {
            throw new UsageError("--ledger '" + ledger + "' names a folder; name the ledger file, e.g. "
                    + (ledger.isBlank() ? "" : ledger) + "ledger.db");
        }
        // $HOME first: Java's user.home comes from the password database and ignores HOME=... overrides.
        String home = System.getenv("HOME");
        return resolve(ledger == null ? null : Path.of(ledger), System.getenv(),
                home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** The option, else the environment variable, else the XDG data folder. */
    static Path resolve(Path option, Map<String, String> env, String userHome) {
        if (option != null) {
            return option;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String dataHome = env.get("XDG_DATA_HOME");
        Path base = dataHome != null && !dataHome.isBlank() && Path.of(dataHome).isAbsolute()
                ? Path.of(dataHome)
                : Path.of(userHome, ".local", "share");
        return base.resolve("aiusage").resolve("ledger.db");
    }
}
