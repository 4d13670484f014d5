package dev.aiusage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.testing.ReadmeExample;
import dev.aiusage.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's "Embed the library" example, so the README cannot go stale. */
class EmbedExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesRunsAndPrintsWhatTheReadmeSays() throws Exception {
        ReadmeExample example = ReadmeExample.compile("Embed the library", "EmbedExample", dir);
        Path ledger = dir.resolve("usage.db");

        String printed = example.run(ledger.toString());

        assertThat(printed).contains("2 ok, 1 failed").contains("3 calls, cost $0.00081");
        assertThat(Files.readString(ReadmeExample.README)).contains("`2 ok, 1 failed`").contains("`3 calls, cost $0.00081`");
        assertThat(Sql.count(ledger, "SELECT count(*) FROM usage_event WHERE job_id = 'job-123' AND batch_id = 'batch-1'"))
                .isEqualTo(3);
        assertThat(Sql.count(ledger, "SELECT items_failed FROM scope_record WHERE batch_id = 'batch-1' AND operation = 'batch'"))
                .isEqualTo(1);
    }
}
