package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContextOptionTest {

    @TempDir
    Path dir;

    private long count(Path ledger, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + ledger); var rs = c.createStatement().executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    @Test
    void theEnvOptionIsRecordedOnTheJobScopeAndEveryUsageEvent() throws Exception {
        Path ledger = dir.resolve("usage.db");

        Cli cli = Cli.run("run", "--job", "demo", "--env", "nightly", "--out", dir.resolve("out").toString(), "--ledger",
                ledger.toString(), RunCommandTest.SAMPLES.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(0);
        assertThat(cli.err()).contains("aiusage: run context: env=nightly");
        assertThat(count(ledger, "SELECT count(*) FROM usage_event WHERE json_extract(attributes, '$.env') = 'nightly'"))
                .isEqualTo(3);
        assertThat(count(ledger, "SELECT count(*) FROM scope_record WHERE operation = 'receipt-job'"
                + " AND json_extract(attributes, '$.env') = 'nightly'")).isEqualTo(1);
    }

    @Test
    void anEnvNameThatIsNotAPlainNameIsAUsageErrorBeforeAnyWork() {
        Path ledger = dir.resolve("usage.db");

        Cli cli = Cli.run("run", "--env", "my env", "--out", dir.resolve("out").toString(), "--ledger", ledger.toString(),
                RunCommandTest.SAMPLES.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("environment name 'my env' must be");
        assertThat(ledger).doesNotExist();
    }
}
