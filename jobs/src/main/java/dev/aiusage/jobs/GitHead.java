package dev.aiusage.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The commit and branch checked out in a folder, asked of {@code git} with a time limit. No git, no
 * repository, no commit yet, a hung or failing git: then nothing, never an error, since where a job
 * ran must never stop it from running.
 */
record GitHead(String executable, Duration timeout) {

    static final GitHead DEFAULT = new GitHead("git", Duration.ofSeconds(2));

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    /** What {@code git rev-parse} says about HEAD; a detached HEAD has a commit and no branch. */
    record Head(String commit, Optional<String> branch) {}

    Optional<Head> read(Path folder) {
        // fsmonitor off: a repository's own config must not make us run a program of its choosing.
        ProcessBuilder builder = new ProcessBuilder(executable, "-c", "core.fsmonitor=false", "-C", folder.toString(),
                "rev-parse", "HEAD", "--abbrev-ref", "HEAD")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_OPTIONAL_LOCKS", "0");
        Process git;
        try {
            git = builder.start();
        } catch (IOException noGit) {
            return Optional.empty();
        }
        try {
            git.getOutputStream().close();
            if (!git.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || git.exitValue() != 0) {
                return Optional.empty();
            }
            return parse(read(git.getInputStream()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            git.destroyForcibly();
        }
    }

    /** Two lines are expected, a few hundred bytes at most; more is not git's answer. */
    private static String read(InputStream in) throws IOException {
        return new String(in.readNBytes(4_096), StandardCharsets.UTF_8);
    }

    static Optional<Head> parse(String output) {
        List<String> lines = output.lines().map(String::strip).toList();
        if (lines.size() != 2 || !COMMIT.matcher(lines.get(0)).matches()) {
            return Optional.empty();
        }
        String branch = lines.get(1);
        return Optional.of(new Head(lines.get(0),
                branch.isEmpty() || branch.equals("HEAD") ? Optional.empty() : Optional.of(branch)));
    }
}
