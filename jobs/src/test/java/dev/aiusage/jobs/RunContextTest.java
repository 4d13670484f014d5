package dev.aiusage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContextTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private static final Map<String, String> GITHUB = Map.of("CI", "true", "GITHUB_ACTIONS", "true",
            "GITHUB_RUN_ID", "4242", "GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "acme/receipts",
            "GITHUB_SHA", SHA, "GITHUB_REF_NAME", "17/merge", "GITHUB_HEAD_REF", "fix-totals");

    private RunContext detect(Map<String, String> environment, Path folder, String env) {
        return RunContext.detect(environment, folder, Optional.ofNullable(env));
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=test",
                "-c", "user.email=test@example.com"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    private static boolean gitInstalled() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private Path repository() throws Exception {
        assumeTrue(gitInstalled(), "git is not installed");
        Path repo = Files.createDirectory(dir.resolve("repo"));
        git(repo, "init", "-q", "-b", "trunk");
        git(repo, "commit", "-q", "--allow-empty", "-m", "first");
        return repo;
    }

    @Test
    void gitHubActionsGivesTheRunItsUrlCommitAndPullRequestBranch() {
        RunContext context = detect(GITHUB, dir, null);

        assertThat(context.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "ci", "ci.provider", "github",
                "ci.run.id", "4242", "ci.run.url", "https://github.com/acme/receipts/actions/runs/4242",
                "git.commit", SHA, "git.branch", "fix-totals"));
    }

    @Test
    void gitLabGivesThePipelineIdAndUrl() {
        RunContext context = detect(Map.of("GITLAB_CI", "true", "CI_PIPELINE_ID", "99",
                "CI_PIPELINE_URL", "https://gitlab.example.com/g/p/-/pipelines/99", "CI_COMMIT_SHA", SHA,
                "CI_COMMIT_REF_NAME", "main"), dir, null);

        assertThat(context.attributes()).containsEntry("env", "ci").containsEntry("ci.provider", "gitlab")
                .containsEntry("ci.run.id", "99").containsEntry("ci.run.url", "https://gitlab.example.com/g/p/-/pipelines/99")
                .containsEntry("git.branch", "main");
    }

    @Test
    void aGenericCiVariableMeansCiAndFalseMeansDev() {
        assertThat(detect(Map.of("CI", "1"), dir, null).attributes()).containsExactlyEntriesOf(Map.of("env", "ci"));
        assertThat(detect(Map.of("CI", "false"), dir, null).attributes()).containsExactlyEntriesOf(Map.of("env", "dev"));
        assertThat(detect(Map.of(), dir, null).attributes()).containsExactlyEntriesOf(Map.of("env", "dev"));
    }

    @Test
    void theEnvOptionOverridesWhatWasDetected() {
        assertThat(detect(GITHUB, dir, "nightly").attributes()).containsEntry("env", "nightly")
                .containsEntry("ci.run.id", "4242");
    }

    @Test
    void anEnvNameThatIsNotAPlainNameIsRefused() {
        for (String bad : List.of("", "has space", "x".repeat(65), "-dash", "é")) {
            assertThatThrownBy(() -> detect(Map.of(), dir, bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment name");
        }
    }

    @Test
    void aRepositoryGivesItsCommitAndBranch() throws Exception {
        Path repo = repository();

        RunContext context = detect(Map.of(), repo, null);

        assertThat(context.attributes()).containsEntry("env", "dev")
                .containsEntry("git.commit", git(repo, "rev-parse", "HEAD"))
                .containsEntry("git.branch", "trunk");
    }

    @Test
    void aSubfolderOfARepositoryGivesTheRepositorysCommit() throws Exception {
        Path repo = repository();
        Path sub = Files.createDirectories(repo.resolve("a/b"));

        assertThat(detect(Map.of(), sub, null).attributes()).containsEntry("git.commit", git(repo, "rev-parse", "HEAD"));
    }

    @Test
    void aDetachedHeadHasACommitAndNoBranch() throws Exception {
        Path repo = repository();
        git(repo, "checkout", "-q", "--detach");

        RunContext context = detect(Map.of(), repo, null);

        assertThat(context.attributes()).containsKey("git.commit").doesNotContainKey("git.branch");
    }

    @Test
    void theCiServersCommitWinsOverTheCheckout() throws Exception {
        Path repo = repository();

        assertThat(detect(GITHUB, repo, null).attributes()).containsEntry("git.commit", SHA);
    }

    @Test
    void aFolderThatIsNotARepositoryHasNoGitAttributes() throws Exception {
        assumeTrue(gitInstalled(), "git is not installed");
        Path plain = Files.createDirectory(dir.resolve("plain"));

        assertThat(detect(Map.of(), plain, null).attributes()).containsExactlyEntriesOf(Map.of("env", "dev"));
    }

    @Test
    void aRepositoryWithoutCommitsHasNoGitAttributes() throws Exception {
        assumeTrue(gitInstalled(), "git is not installed");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        git(empty, "init", "-q");

        assertThat(detect(Map.of(), empty, null).attributes()).doesNotContainKeys("git.commit", "git.branch");
    }

    @Test
    void aMissingGitBinaryIsNoError() throws Exception {
        RunContext context = RunContext.detect(Map.of(), dir, Optional.empty(),
                new GitHead(dir.resolve("no-such-git").toString(), Duration.ofSeconds(2)));

        assertThat(context.attributes()).containsExactlyEntriesOf(Map.of("env", "dev"));
    }

    @Test
    void aGitThatHangsIsGivenUpOn() throws Exception {
        Path hanging = Files.writeString(dir.resolve("git"), "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));

        RunContext context = RunContext.detect(Map.of(), dir, Optional.empty(),
                new GitHead(hanging.toString(), Duration.ofMillis(50)));

        assertThat(context.attributes()).containsExactlyEntriesOf(Map.of("env", "dev"));
    }

    @Test
    void outputThatIsNotACommitIsIgnored() {
        assertThat(GitHead.parse("fatal: not a git repository\n")).isEmpty();
        assertThat(GitHead.parse("HEAD\nHEAD\n")).isEmpty();
        assertThat(GitHead.parse(SHA + "\nmain\n")).hasValueSatisfying(head -> {
            assertThat(head.commit()).isEqualTo(SHA);
            assertThat(head.branch()).contains("main");
        });
    }

    @Test
    void hostileLongValuesAreCut() {
        RunContext context = detect(Map.of("BUILDKITE", "true", "BUILDKITE_BRANCH", "b".repeat(10_000)), dir, null);

        assertThat(context.attributes().get("git.branch")).hasSize(512);
    }
}
