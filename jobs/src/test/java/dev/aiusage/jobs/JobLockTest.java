package dev.aiusage.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.AiusageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLockTest {

    @TempDir
    Path dir;

    @Test
    void aJobRunsOnceAtATimeOnALedgerWhateverItsOutputFolder() {
        Path ledger = dir.resolve("usage.db");
        try (JobLock first = JobLock.acquireInLedger("job-a", ledger);
                JobLock otherJob = JobLock.acquireInLedger("job-b", ledger)) {
            assertThatThrownBy(() -> JobLock.acquireInLedger("job-a", ledger))
                    .isInstanceOf(AiusageException.class).hasMessageContaining("job job-a is already running");
        }
        JobLock.acquireInLedger("job-a", ledger).close(); // released with the run
    }

    @Test
    void aLedgerReachedThroughALinkIsTheSameLedger() throws Exception {
        Path ledger = Files.writeString(dir.resolve("usage.db"), "");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("elsewhere")).resolve("alias.db"), ledger);
        try (JobLock first = JobLock.acquireInLedger("job-a", ledger)) {
            assertThatThrownBy(() -> JobLock.acquireInLedger("job-a", link)).isInstanceOf(AiusageException.class);
        }
    }
}
