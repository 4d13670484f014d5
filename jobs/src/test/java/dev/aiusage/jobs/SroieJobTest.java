package dev.aiusage.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The job on the 85 real SROIE receipts, in both their forms. */
class SroieJobTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ocr", "boxes"})
    void processesEveryRealReceiptAndRecordsOneChatEventEach(String form) throws Exception {
        Path receipts = SroieData.folderOrSkip().resolve(form);
        Path ledger = dir.resolve("usage.db");

        JobOutcome outcome = JobFixture.run(ledger, dir.resolve("out"), "sroie-1", 20, 16, List.of(receipts));

        assertThat(outcome.ok() + outcome.failed()).isEqualTo(85);
        assertThat(outcome.failed()).isZero();
        assertThat(Files.readAllLines(outcome.resultsFile())).hasSize(85);
        assertThat(JobFixture.count(ledger, "SELECT count(*) FROM usage_event WHERE job_id = 'sroie-1' AND api = 'chat'"))
                .isEqualTo(85);
        assertThat(JobFixture.count(ledger, "SELECT count(DISTINCT json_extract(attributes, '$.receipt')) FROM usage_event"))
                .isEqualTo(85);
    }
}
