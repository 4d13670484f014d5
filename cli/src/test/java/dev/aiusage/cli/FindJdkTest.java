package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's JDK finder, run as the real script. */
class FindJdkTest {

    private static final Path SCRIPT = Path.of("../src-dist/bin/find-jdk").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void takesJavaHomeWhenItIsAJdk25OrNewer() throws Exception {
        Path jdk = fakeJdk("jdk-26", "26.0.1");

        Result result = findJdk(Map.of("JAVA_HOME", jdk.toString()));

        assertThat(result.code()).isZero();
        assertThat(result.out().strip()).isEqualTo(jdk.toString());
    }

    @Test
    void looksElsewhereWhenJavaHomeIsTooOld() throws Exception {
        Path old = fakeJdk("jdk-17", "17.0.15");

        Result result = findJdk(Map.of("JAVA_HOME", old.toString()));

        assertThat(result.code()).isZero();
        Path found = Path.of(result.out().strip());
        assertThat(found).isNotEqualTo(old);
        assertThat(Files.readString(found.resolve("release"))).containsPattern("JAVA_VERSION=\"(2[5-9]|[3-9]\\d)");
    }

    private Path fakeJdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path file = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private record Result(int code, String out) {}

    private static Result findJdk(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        return new Result(process.waitFor(), out);
    }
}
