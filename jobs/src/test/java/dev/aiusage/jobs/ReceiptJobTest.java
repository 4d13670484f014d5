package dev.aiusage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.AiusageException;
import dev.aiusage.jobs.extract.ReceiptExtractor;
import dev.aiusage.jobs.receipt.Receipt;
import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import dev.aiusage.jobs.extract.ExtractionPrompt;
import dev.aiusage.jobs.extract.OfflineExtractor;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.tokens.TokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path receipts;
    private Path ledger;
    private Path out;

    @BeforeEach
    void receipts() throws Exception {
        receipts = Files.createDirectories(dir.resolve("receipts"));
        ledger = dir.resolve("usage.db");
        out = dir.resolve("out");
        for (int i = 1; i <= 5; i++) {
            Files.writeString(receipts.resolve("shop-" + i + ".txt"), """
                    KEDAI RUNCIT NO %d SDN BHD
                    JALAN BESAR, 43000 KAJANG
                    DATE: 0%d/01/2024
                    TOTAL RM %d.50
                    """.formatted(i, i, 10 + i));
        }
        Files.writeString(receipts.resolve("empty.txt"), "");
        Files.write(receipts.resolve("scan.txt"), new byte[] {0x00, 0x01, 0x02});
    }

    @Test
    void writesOneResultPerReceiptAndFailsOnlyTheBadOnes() throws Exception {
        JobOutcome outcome = JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts));

        assertThat(outcome.ok()).isEqualTo(5);
        assertThat(outcome.failed()).isEqualTo(2);
        assertThat(outcome.batches()).isEqualTo(4);
        List<JsonNode> results = results("job-1");
        assertThat(results).hasSize(7);
        JsonNode shop = find(results, "shop-3");
        assertThat(shop.path("status").asText()).isEqualTo("ok");
        assertThat(shop.path("date").asText()).isEqualTo("2024-01-03");
        assertThat(shop.path("total").asText()).isEqualTo("13.50");
        assertThat(shop.path("error").isNull()).isTrue();
        JsonNode empty = find(results, "empty");
        assertThat(empty.path("status").asText()).isEqualTo("failed");
        assertThat(empty.path("merchant").isNull()).isTrue();
        assertThat(empty.path("error").path("message").asText()).contains("empty receipt");
        assertThat(find(results, "scan").path("error").path("message").asText()).contains("binary file");
    }

    @Test
    void recordsOneEstimatedChatEventPerExtractedReceiptWithExactTokenCounts() throws Exception {
        JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts));

        assertThat(JobFixture.count(ledger, "SELECT count(*) FROM usage_event WHERE job_id = 'job-1'")).isEqualTo(5);
        assertThat(JobFixture.count(ledger,
                "SELECT count(*) FROM usage_event WHERE cost_source = 'estimated' AND api = 'chat' AND cost_nanos > 0"))
                .isEqualTo(5);

        var receipt = new ReceiptReader(ReceiptReader.DEFAULT_MAX_BYTES).read(receipts.resolve("shop-2.txt"));
        TokenCounter counter = TokenCounter.forModel("gpt-4o-mini");
        long expectedInput = counter.countChat(ExtractionPrompt.messages(receipt)) + counter.count(ExtractionPrompt.SCHEMA);
        long expectedOutput = counter.count(ExtractionPrompt.answer(new OfflineExtractor().extract(receipt.lines())));
        String where = " FROM usage_event WHERE json_extract(attributes, '$.receipt') = 'shop-2'";
        assertThat(JobFixture.count(ledger, "SELECT input_tokens" + where)).isEqualTo(expectedInput);
        assertThat(JobFixture.count(ledger, "SELECT output_tokens" + where)).isEqualTo(expectedOutput);
        // gpt-4o-mini: $0.15 in / $0.60 out per million tokens = 150 / 600 nano-dollars per token
        assertThat(JobFixture.count(ledger, "SELECT cost_nanos" + where))
                .isEqualTo(expectedInput * 150 + expectedOutput * 600);
    }

    @Test
    void recordsEachBatchWithItsFailuresAndEveryReceiptInItsOwnScope() throws Exception {
        JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts));

        assertThat(JobFixture.count(ledger, "SELECT count(*) FROM scope_record WHERE operation = 'receipt-job'")).isEqualTo(1);
        assertThat(JobFixture.count(ledger, "SELECT count(*) FROM scope_record WHERE operation = 'batch'")).isEqualTo(4);
        assertThat(JobFixture.count(ledger, "SELECT sum(items_ok) FROM scope_record WHERE operation = 'batch'")).isEqualTo(5);
        assertThat(JobFixture.count(ledger, "SELECT sum(items_failed) FROM scope_record WHERE operation = 'batch'")).isEqualTo(2);
        assertThat(JobFixture.count(ledger,
                "SELECT count(*) FROM scope_record WHERE operation = 'receipt' AND job_id = 'job-1' AND batch_id LIKE 'job-1/%'"))
                .as("every receipt, the two unreadable ones too").isEqualTo(7);
        assertThat(JobFixture.count(ledger,
                "SELECT count(*) FROM scope_record WHERE operation = 'receipt' AND outcome = 'error'")).isEqualTo(2);
        assertThat(JobFixture.count(ledger, """
                SELECT count(*) FROM usage_event e JOIN scope_record s ON e.scope_id = s.scope_id
                WHERE s.operation = 'extract' AND s.parent_operation = 'receipt' AND e.batch_id = s.batch_id"""))
                .isEqualTo(5);
    }

    @Test
    void runningTheSameJobAgainSkipsFinishedReceiptsAndRedoesChangedOnes() throws Exception {
        JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts));
        Files.writeString(receipts.resolve("shop-1.txt"), "KEDAI BARU SDN BHD\nTOTAL RM 99.00\n");

        JobOutcome again = JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts));

        assertThat(again.alreadyDone()).isEqualTo(6); // four unchanged receipts, and the two unchanged bad files
        assertThat(again.ok()).isEqualTo(1);
        assertThat(again.changed()).isEqualTo(1);
        assertThat(again.failed()).isZero();
        assertThat(JobFixture.count(ledger, "SELECT count(*) FROM usage_event WHERE job_id = 'job-1'")).isEqualTo(6);
        assertThat(results("job-1")).hasSize(7)
                .filteredOn(node -> node.path("file").asText().endsWith("shop-1.txt")).singleElement()
                .satisfies(node -> assertThat(node.path("total").asText()).isEqualTo("99.00"));
    }

    @Test
    void aSecondJobIdStartsAfresh() throws Exception {
        JobFixture.run(ledger, out, "job-1", 50, 8, List.of(receipts));
        JobOutcome other = JobFixture.run(ledger, out, "job-2", 50, 8, List.of(receipts));

        assertThat(other.ok()).isEqualTo(5);
        assertThat(results("job-2")).hasSize(7);
    }

    @Test
    void aSecondRunOfAJobThatIsStillRunningIsRefused() throws Exception {
        try (JobLock held = JobLock.acquire("job-1", out.resolve("job-1"))) {
            assertThatThrownBy(() -> JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts)))
                    .isInstanceOf(AiusageException.class)
                    .hasMessageContaining("job job-1 is already running");
        }
        assertThat(JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts)).ok()).isEqualTo(5);
    }

    @Test
    void aResultLineCutShortByACrashIsNeitherGluedToNorBlocksTheNextRun() throws Exception {
        Path folder = Files.createDirectories(out.resolve("job-1"));
        // a crash cut the last line inside a two-byte character (é = C3 A9)
        Files.write(folder.resolve("results.jsonl"), new byte[] {'{', '"', 'r', (byte) 0xC3});

        JobOutcome outcome = JobFixture.run(ledger, out, "job-1", 2, 3, List.of(receipts));

        assertThat(outcome.ok()).isEqualTo(5);
        List<String> lines = Files.readAllLines(folder.resolve("results.jsonl"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(lines).hasSize(7).allSatisfy(line -> assertThat(line).startsWith("{\"receipt\""));
    }

    @Test
    void anErrorInOneReceiptStopsTheJobWithoutMarkingThatReceiptDone() throws Exception {
        JobConfig config = new JobConfig("job-e", out.resolve("job-e"), 50, 1, "gpt-4o-mini", 1_000_000);
        try (Recorder recorder = Recorder.toLedger(Ledger.open(ledger))) {
            Tracker tracker = Tracker.create(recorder);
            ReceiptExtractor exploding = new ReceiptExtractor() {
                @Override
                public ReceiptFields extract(Receipt receipt) {
                    if (receipt.key().equals("shop-3")) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    return ReceiptFields.EMPTY;
                }

                @Override
                public String describe() {
                    return "exploding";
                }
            };

            assertThatThrownBy(() -> new ReceiptJob(config, tracker, exploding).run(ReceiptFiles.find(List.of(receipts))))
                    .hasMessageContaining("OutOfMemoryError")
                    .hasMessageContaining("shop-3.txt")
                    .hasMessageContaining("-Xmx");
        }
        assertThat(results("job-e")).extracting(n -> n.path("receipt").asText()).doesNotContain("shop-3");
    }

    private List<JsonNode> results(String job) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(job).resolve("results.jsonl"))) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static JsonNode find(List<JsonNode> results, String receipt) {
        return results.stream().filter(n -> n.path("receipt").asText().equals(receipt)).findFirst().orElseThrow();
    }
}
