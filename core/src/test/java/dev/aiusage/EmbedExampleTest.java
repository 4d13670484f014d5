package dev.aiusage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.testing.Sql;
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

/** Compiles and runs the README's "Embed the library" example, so the README cannot go stale. */
class EmbedExampleTest {

    private static final Path README = Path.of("../README.md");
    private static final Pattern EXAMPLE = Pattern.compile(
            "## Embed the library.*?```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesRunsAndPrintsWhatTheReadmeSays() throws Exception {
        String readme = Files.readString(README);
        Matcher example = EXAMPLE.matcher(readme);
        assertThat(example.find()).as("README.md has a java block under '## Embed the library'").isTrue();
        Path source = Files.writeString(dir.resolve("EmbedExample.java"), example.group(1));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(compiled).as("the example compiles").isZero();

        Path ledger = dir.resolve("usage.db");
        String printed = runMain(ledger);

        assertThat(printed).contains("2 ok, 1 failed").contains("3 calls, cost $0.00081");
        assertThat(readme).contains("`2 ok, 1 failed`").contains("`3 calls, cost $0.00081`");
        assertThat(Sql.count(ledger, "SELECT count(*) FROM usage_event WHERE job_id = 'job-123' AND batch_id = 'batch-1'"))
                .isEqualTo(3);
        assertThat(Sql.count(ledger, "SELECT items_failed FROM scope_record WHERE batch_id = 'batch-1' AND operation = 'batch'"))
                .isEqualTo(1);
    }

    private String runMain(Path ledger) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass("EmbedExample").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {ledger.toString()});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
