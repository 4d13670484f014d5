package dev.aiusage.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.testing.Sql;
import dev.aiusage.testkit.ModelAnswer;
import dev.aiusage.testkit.ProviderServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's "Track the official SDKs" program against the provider server. */
class SdkExampleTest {

    private static final Path README = Path.of("../README.md");
    private static final Pattern EXAMPLE = Pattern.compile("## Track the official SDKs.*?```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theReadmeProgramCompilesRunsAndPrintsWhatTheReadmeSays() throws Exception {
        String readme = Files.readString(README);
        Matcher example = EXAMPLE.matcher(readme);
        assertThat(example.find()).as("README.md has a java block under '## Track the official SDKs'").isTrue();
        Path source = Files.writeString(dir.resolve("SdkExample.java"), example.group(1));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), "-cp", classPath, source.toString()))
                .as("the example compiles").isZero();

        Path ledger = dir.resolve("usage.db");
        String printed;
        try (ProviderServer server = ProviderServer.start().answers(request -> ModelAnswer.of("Hello there", 19, 10))) {
            printed = runMain(ledger, server.openAiBaseUrl());
        }

        assertThat(printed).contains("Hello there\nHello there\n").contains("2 calls, 38 tokens in, cost $0.0000177");
        assertThat(readme).contains("`2 calls, 38 tokens in, cost $0.0000177`");
        assertThat(Sql.count(ledger, "SELECT COUNT(*) FROM usage_event WHERE job_id = 'job-42' AND operation = 'greet'")).isEqualTo(2);
    }

    private String runMain(Path ledger, String baseUrl) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass("SdkExample").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {ledger.toString(), baseUrl});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
