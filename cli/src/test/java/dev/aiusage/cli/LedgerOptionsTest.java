package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerOptionsTest {

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertThat(LedgerOptions.resolve(Path.of("a.db"), Map.of("AIUSAGE_LEDGER", "/b.db"), "/home/u"))
                .isEqualTo(Path.of("a.db"));
    }

    @Test
    void theEnvironmentVariableWinsOverTheDataFolder() {
        assertThat(LedgerOptions.resolve(null, Map.of("AIUSAGE_LEDGER", "/b.db", "XDG_DATA_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/b.db"));
    }

    @Test
    void defaultsToTheXdgDataFolder() {
        assertThat(LedgerOptions.resolve(null, Map.of("XDG_DATA_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/x/aiusage/ledger.db"));
        assertThat(LedgerOptions.resolve(null, Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/aiusage/ledger.db"));
        assertThat(LedgerOptions.resolve(null, Map.of("XDG_DATA_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/aiusage/ledger.db"));
    }
}
