package dev.aiusage.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.testing.ReadmeExample;
import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's "Track the official SDKs" program against the provider server. */
class SdkExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeProgramCompilesRunsAndPrintsWhatTheReadmeSays() throws Exception {
        ReadmeExample example = ReadmeExample.compile("Track the official SDKs", "SdkExample", dir);
        Path ledger = dir.resolve("usage.db");

        String printed;
        try (ProviderServer server = ProviderServer.start().answers(request -> ModelAnswer.of("Hello there", 19, 10))) {
            printed = example.run(ledger.toString(), server.openAiBaseUrl());
        }

        assertThat(printed).contains("Hello there\nHello there\n").contains("2 calls, 38 tokens in, cost $0.0000177");
        assertThat(Files.readString(ReadmeExample.README)).contains("`2 calls, 38 tokens in, cost $0.0000177`");
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event WHERE job_id = 'job-42' AND operation = 'greet'")).isEqualTo(2);
    }
}
