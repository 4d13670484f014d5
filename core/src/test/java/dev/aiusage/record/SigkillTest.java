package dev.aiusage.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.testing.Sql;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL while recording keeps every event that flush() acknowledged. */
class SigkillTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesAKill() throws Exception {
        Path ledger = dir.resolve("usage.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), KillChild.class.getName(), ledger.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long acked = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while (acked < 2_000 && (line = out.readLine()) != null) {
                acked = Long.parseLong(line.substring("acked ".length()));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).as("the child acknowledged events before it was killed").isGreaterThanOrEqualTo(2_000);

        assertThat(Sql.column(ledger, "PRAGMA integrity_check")).containsExactly("ok");
        try (Ledger reopened = Ledger.open(ledger)) {
            assertThat(reopened.totals(UsageQuery.all()).attempts()).isGreaterThanOrEqualTo(acked);
        }
    }
}
