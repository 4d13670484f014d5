package dev.aiusage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code aiusage} in a child JVM, as a user runs it, so signals and kills reach a real process. */
record ChildRun(Process process, Path stdout, Path stderr) {

    static ChildRun start(Path dir, String name, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("OPENAI") || key.startsWith("ANTHROPIC") || key.startsWith("AIUSAGE"));
        return new ChildRun(builder.start(), stdout, stderr);
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    int awaitExit() throws InterruptedException, IOException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end within 120 s; stderr: " + Files.readString(stderr));
        }
        return process.exitValue();
    }

    String out() throws IOException {
        return Files.readString(stdout);
    }

    String err() throws IOException {
        return Files.readString(stderr);
    }
}
