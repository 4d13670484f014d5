package dev.aiusage.testing;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * A whole Java program from the README, compiled against the test's class path and run in this JVM,
 * so a README example cannot go stale.
 */
public final class ReadmeExample {

    public static final Path README = Path.of("../README.md");

    private final Path dir;
    private final String className;

    private ReadmeExample(Path dir, String className) {
        this.dir = dir;
        this.className = className;
    }

    /** The first {@code java} block under the README heading, compiled into {@code dir}. */
    public static ReadmeExample compile(String heading, String className, Path dir) throws Exception {
        Matcher example = Pattern.compile("## " + Pattern.quote(heading) + ".*?```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(README));
        assertThat(example.find()).as("README.md has a java block under '## " + heading + "'").isTrue();
        Path source = Files.writeString(dir.resolve(className + ".java"), example.group(1));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), "-cp", classPath, source.toString()))
                .as("the example compiles").isZero();
        return new ReadmeExample(dir, className);
    }

    /** Runs its {@code main} and returns what it printed. */
    public String run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
