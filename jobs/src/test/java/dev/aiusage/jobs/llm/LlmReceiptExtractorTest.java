package dev.aiusage.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.jobs.receipt.Receipt;
import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.testing.TrackerFixture;
import dev.aiusage.testkit.Fault;
import dev.aiusage.testkit.ProviderServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LlmReceiptExtractorTest {

    private static final String KEY = "sk-job-secret-4f9a2c";
    private static final Receipt RECEIPT = new Receipt("bakery", Path.of("bakery.txt"), "ab12",
            List.of("CORNER BAKERY SDN BHD", "12 JALAN BUNGA RAYA, 43000 KAJANG", "DATE: 05/03/2024", "TOTAL RM 17.28"));
    private static final String VALID = """
            {"merchant":"CORNER BAKERY SDN BHD","date":"2024-03-05","total":"17.28","currency":"MYR","address":null}""";

    @RegisterExtension
    final TrackerFixture fixture = new TrackerFixture();

    @TempDir
    Path out;

    private ProviderServer server;
    private final ReceiptModel model = new ReceiptModel();

    @BeforeEach
    void start() {
        server = ProviderServer.start().answers(model);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmReceiptExtractor extractor(ProviderSettings.Kind kind, String embedModel) {
        String url = kind == ProviderSettings.Kind.OPENAI ? server.openAiBaseUrl() : server.anthropicBaseUrl();
        String chatModel = kind == ProviderSettings.Kind.OPENAI ? "gpt-4o-mini" : "claude-haiku-4-5";
        return LlmReceiptExtractor.create(new ProviderSettings(kind, url, KEY, chatModel, embedModel, 4, Duration.ofSeconds(10)),
                fixture.tracker(), PriceCatalog.bundled(), out);
    }

    @Test
    void asksForTheSchemaAndReadsTheAnswer() {
        model.script(VALID);
        try (LlmReceiptExtractor extractor = extractor(ProviderSettings.Kind.OPENAI, null)) {
            ReceiptFields fields = fixture.tracker().scope("receipt").job("job-1").call(() -> extractor.extract(RECEIPT));

            assertThat(fields).isEqualTo(new ReceiptFields("CORNER BAKERY SDN BHD", "2024-03-05", "17.28", "MYR", null));
        }
        var request = server.requests().getFirst().body();
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(request.path("response_format").path("json_schema").path("schema").path("required")).hasSize(5);
        assertThat(fixture.column("SELECT provider || ' ' || api || ' ' || operation || ' ' || job_id || ' ' || cost_source FROM usage_event"))
                .containsExactly("openai chat extract job-1 computed");
    }

    @Test
    void anInvalidAnswerIsSentBackOnceWithWhatIsWrongAndBothCallsAreRecorded() {
        model.script("{\"merchant\":\"X\",\"date\":\"05/03/2024\",\"total\":\"RM 17.28\",\"currency\":null,\"address\":null}", VALID);
        try (LlmReceiptExtractor extractor = extractor(ProviderSettings.Kind.OPENAI, null)) {
            assertThat(extractor.extract(RECEIPT).date()).isEqualTo("2024-03-05");
        }
        String correction = server.requests().get(1).body().path("messages").path(3).path("content").asText();
        assertThat(correction).contains("date '05/03/2024' is not a date as YYYY-MM-DD").contains("total 'RM 17.28'");
        assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event WHERE status = 'ok'")).isEqualTo(2);
    }

    @Test
    void anAnswerInvalidTwiceFailsTheReceiptSayingWhy() {
        model.script("not json", "{\"merchant\":null}");
        try (LlmReceiptExtractor extractor = extractor(ProviderSettings.Kind.OPENAI, null)) {
            assertThatThrownBy(() -> extractor.extract(RECEIPT))
                    .isInstanceOf(AnswerCheck.InvalidAnswerException.class)
                    .hasMessageContaining("invalid twice")
                    .hasMessageContaining("date is missing");
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event")).isEqualTo(2);
    }

    @Test
    void rateLimitsPastTheSdksRetriesSlowTheReceiptDownInsteadOfFailingIt() {
        model.script(VALID);
        for (int i = 0; i < 6; i++) {
            server.fault(dev.aiusage.testkit.Fault.rateLimited("0"));
        }
        try (LlmReceiptExtractor extractor = extractor(ProviderSettings.Kind.OPENAI, null)) {
            assertThat(extractor.extract(RECEIPT).total()).isEqualTo("17.28");
        }
        // the SDK tries three times per call; the extractor made the call three times
        assertThat(fixture.column("SELECT status || ' ' || COALESCE(http_status, '-') FROM usage_event ORDER BY rowid"))
                .hasSize(7).endsWith("ok 200").filteredOn(row -> row.equals("error 429")).hasSize(6);
        assertThat(fixture.count("SELECT COUNT(DISTINCT call_id) FROM usage_event")).isEqualTo(3);
    }

    @Test
    void aCallRateLimitedPastItsBoundFailsItsReceiptSaying429() {
        for (int i = 0; i < 3; i++) {
            server.fault(dev.aiusage.testkit.Fault.rateLimited("0"));
        }
        ProviderSettings settings = new ProviderSettings(ProviderSettings.Kind.OPENAI, server.openAiBaseUrl(), KEY,
                "gpt-4o-mini", null, 1, Duration.ofSeconds(10));
        try (LlmReceiptExtractor extractor = new LlmReceiptExtractor(fixture.tracker(),
                OpenAiChat.create(settings, fixture.tracker(), PriceCatalog.bundled()), null, null, new Secrets(KEY),
                Throttle.of(0, 0, 1), "gpt-4o-mini", Duration.ZERO)) {
            assertThatThrownBy(() -> extractor.extract(RECEIPT)).isInstanceOf(RateLimitedException.class).hasMessageContaining("429");
        }
        assertThat(fixture.count("SELECT COUNT(*) FROM usage_event WHERE http_status = 429")).isEqualTo(3);
    }

    @Test
    void embeddingAddsOneEmbeddingsCallAndWritesTheVector() throws IOException {
        try (LlmReceiptExtractor extractor = extractor(ProviderSettings.Kind.OPENAI, "text-embedding-3-small")) {
            fixture.tracker().scope("receipt").job("job-e").run(() -> extractor.extract(RECEIPT));
        }
        assertThat(fixture.column("SELECT api || ' ' || operation FROM usage_event ORDER BY rowid"))
                .containsExactly("chat extract", "embeddings embed");
        List<String> vectors = Files.readAllLines(out.resolve(VectorWriter.FILE_NAME));
        assertThat(vectors).singleElement().asString()
                .contains("\"receipt\":\"bakery\"").contains("\"model\":\"text-embedding-3-small\"").contains("\"dimensions\":8");
    }

    @Test
    void anthropicAnswersThroughTheForcedTool() {
        model.script(VALID);
        try (LlmReceiptExtractor extractor = extractor(ProviderSettings.Kind.ANTHROPIC, null)) {
            assertThat(extractor.extract(RECEIPT).total()).isEqualTo("17.28");
        }
        var request = server.requests().getFirst().body();
        assertThat(request.path("tool_choice").path("name").asText()).isEqualTo(ReceiptSchema.NAME);
        assertThat(fixture.column("SELECT provider || ' ' || api FROM usage_event")).containsExactly("anthropic messages");
    }

    @Test
    void aKeyEchoedInAnErrorNeverReachesTheFailureOrTheLedger() throws IOException {
        server.fault(new Fault.EchoCredentials());
        try (LlmReceiptExtractor extractor = extractor(ProviderSettings.Kind.OPENAI, null)) {
            assertThatThrownBy(() -> fixture.tracker().scope("receipt").job("job-k").run(() -> extractor.extract(RECEIPT)))
                    .hasMessageContaining("[redacted]")
                    .hasMessageNotContaining(KEY)
                    .hasMessageContaining("UnauthorizedException");
        }
        fixture.recorder().flush();
        assertThat(new String(Files.readAllBytes(fixture.file()), StandardCharsets.ISO_8859_1)).doesNotContain(KEY);
        assertThat(fixture.column("SELECT error_message FROM scope_record WHERE operation = 'extract'"))
                .singleElement().asString().contains("[redacted]");
    }
}
