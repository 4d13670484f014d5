package dev.aiusage.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.ProviderServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDKs are optional dependencies: a project with openai-java alone must work. */
class OpenAiWithoutAnthropicTest {

    @TempDir
    Path dir;

    @Test
    void theTrackedOpenAiClientWorksWithAnthropicJavaAbsent() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutAnthropic = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("anthropic"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutAnthropic).isNotEqualTo(classPath);
        Path ledger = dir.resolve("usage.db");
        try (ProviderServer server = ProviderServer.start()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", withoutAnthropic,
                    OneCall.class.getName(), server.openAiBaseUrl(), ledger.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile())
                    .start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
        }
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event WHERE provider = 'openai'")).isEqualTo(1);
    }

    /** Makes one tracked call, in a JVM with no anthropic-java. */
    public static final class OneCall {
        public static void main(String[] args) {
            try (Recorder recorder = Recorder.toLedger(Ledger.open(Path.of(args[1])))) {
                OpenAIClient client = TrackedOpenAi.client(OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("k"),
                        Tracker.create(recorder), PriceCatalog.bundled());
                client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini").addUserMessage("hi").build());
                recorder.flush();
                client.close();
            }
        }
    }
}
