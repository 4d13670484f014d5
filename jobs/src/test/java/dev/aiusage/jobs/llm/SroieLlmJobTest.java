package dev.aiusage.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.jobs.JobConfig;
import dev.aiusage.jobs.JobOutcome;
import dev.aiusage.jobs.ReceiptJob;
import dev.aiusage.jobs.SroieData;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.testing.TrackerFixture;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole receipt job on the 85 SROIE receipts, calling a model through openai-java over HTTP. */
class SroieLlmJobTest {

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    @TempDir
    Path out;

    @Test
    void everyReceiptIsOneRecordedCallInItsJobAndRateLimitsAreRetriedNotFailed() throws IOException {
        Path receipts = SroieData.folderOrSkip().resolve("ocr");
        JobConfig config = new JobConfig("sroie-llm", out.resolve("sroie-llm"), 20, 8, "gpt-4o-mini",
                ReceiptReader.DEFAULT_MAX_BYTES);
        JobOutcome outcome;
        try (ProviderServer server = ProviderServer.start().answers(new ReceiptModel())) {
            server.fault(Fault.rateLimited("0"), Fault.rateLimited("0"), Fault.status(503));
            ProviderSettings settings = new ProviderSettings(ProviderSettings.Kind.OPENAI, server.openAiBaseUrl(), null,
                    "gpt-4o-mini", null, config.concurrency(), Duration.ofSeconds(30));
            try (LlmReceiptExtractor extractor = LlmReceiptExtractor.create(settings, fixture.tracker(), PriceCatalog.bundled(), config.outputDir())) {
                outcome = new ReceiptJob(config, fixture.tracker(), extractor).run(ReceiptFiles.find(List.of(receipts)));
            }
            assertThat(server.requestCount()).isEqualTo(88);
        }

        assertThat(outcome.hasFailures()).isFalse();
        assertThat(Files.readAllLines(out.resolve("sroie-llm/results.jsonl"))).hasSize(85);
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event WHERE job_id = 'sroie-llm' AND operation = 'extract'")).isEqualTo(88);
        assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event WHERE status = 'ok'")).isEqualTo(85);
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event WHERE status = 'error'")).isEqualTo(3);
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event WHERE cost_nanos IS NULL OR cost_source <> 'computed'")).isZero();
    }
}
