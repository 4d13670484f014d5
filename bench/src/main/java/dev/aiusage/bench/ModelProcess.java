package dev.aiusage.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link FixedModel} server in a JVM of its own, as a local model server would be: its threads, JIT
 * and garbage collector are not the job's, so what the benchmark measures is the client, sharing only
 * the machine's cores with the server.
 */
final class ModelProcess implements ModelServer {

    private final Process process;
    private final PrintStream commands;
    private final BufferedReader answers;
    private final String baseUrl;

    private ModelProcess(Process process) throws IOException {
        this.process = process;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.baseUrl = answers.readLine();
        if (baseUrl == null) {
            throw new IOException("the model server process ended before it gave its address (its errors are above)");
        }
    }

    static ModelProcess start(Duration latency) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                FixedModel.class.getName(), Long.toString(latency.toMillis()));
        return new ModelProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    @Override
    public String openAiBaseUrl() {
        return baseUrl;
    }

    @Override
    public Stats stats() {
        commands.println("stats");
        try {
            String[] counts = answers.readLine().split(" ");
            return new Stats(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException("the model server process stopped answering", e);
        }
    }

    @Override
    public void close() {
        commands.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
