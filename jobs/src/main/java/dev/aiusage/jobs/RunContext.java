package dev.aiusage.jobs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a job ran, recorded as attributes of its job scope so reports can group by them:
 * {@code env} ({@code ci} or {@code dev}, or a name given), {@code git.commit} and {@code git.branch},
 * and on a CI server {@code ci.provider}, {@code ci.run.id} and {@code ci.run.url}.
 *
 * <p>The commit and branch come from the CI server's own variables when it sets them (they name what
 * the pipeline was started for), else from {@code git} in the working folder.
 *
 * <pre>{@code
 * RunContext context = RunContext.detect(System.getenv(), Path.of(""), Optional.empty());
 * }</pre>
 */
public record RunContext(Map<String, String> attributes) {

    public static final String ENV = "env";
    public static final String GIT_COMMIT = "git.commit";
    public static final String GIT_BRANCH = "git.branch";
    public static final String CI_PROVIDER = "ci.provider";
    public static final String CI_RUN_ID = "ci.run.id";
    public static final String CI_RUN_URL = "ci.run.url";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Environment variables are not ours to trust: a value past this is cut rather than stored whole. */
    private static final int MAX_VALUE = 512;

    public RunContext {
        attributes = Map.copyOf(attributes);
    }

    /**
     * Detects the context from environment variables and the working folder; {@code env} overrides the
     * detected environment name.
     *
     * @throws IllegalArgumentException when {@code env} is not a plain name
     */
    public static RunContext detect(Map<String, String> environment, Path workingFolder, Optional<String> env) {
        return detect(environment, workingFolder, env, GitHead.DEFAULT);
    }

    static RunContext detect(Map<String, String> environment, Path workingFolder, Optional<String> env, GitHead git) {
        env.ifPresent(RunContext::requireEnvName);
        Map<String, String> attributes = new LinkedHashMap<>();
        Optional<Ci> ci = CI.stream().filter(system -> system.isRunning(environment)).findFirst();
        boolean genericCi = ci.isEmpty() && isSet(environment.get("CI"));
        attributes.put(ENV, env.orElse(ci.isPresent() || genericCi ? "ci" : "dev"));
        ci.ifPresent(system -> {
            put(attributes, CI_PROVIDER, system.name());
            put(attributes, CI_RUN_ID, system.runId().apply(environment));
            put(attributes, CI_RUN_URL, system.runUrl().apply(environment));
            put(attributes, GIT_COMMIT, system.commit().apply(environment));
            put(attributes, GIT_BRANCH, system.branch().apply(environment));
        });
        if (!attributes.containsKey(GIT_COMMIT)) {
            git.read(workingFolder).ifPresent(head -> {
                put(attributes, GIT_COMMIT, head.commit());
                if (!attributes.containsKey(GIT_BRANCH)) {
                    head.branch().ifPresent(branch -> put(attributes, GIT_BRANCH, branch));
                }
            });
        }
        return new RunContext(attributes);
    }

    /** The attributes in name order, for people: {@code env=ci, git.branch=main, ...}. */
    public String describe() {
        return String.join(", ", new TreeMap<>(attributes).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static void requireEnvName(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("environment name '" + name + "' must be 1-64 ASCII letters, digits, "
                    + "'.', '_' or '-', e.g. ci, dev, staging");
        }
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null && !value.isBlank()) {
            String clean = value.strip();
            attributes.put(key, clean.length() > MAX_VALUE ? clean.substring(0, MAX_VALUE) : clean);
        }
    }

    /** CI=false or CI=0 is how some people say "not CI". */
    private static boolean isSet(String value) {
        return value != null && !value.isBlank() && !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    /** A CI server: the variable that says it runs, and where it keeps the run and the commit. */
    private record Ci(String name, String marker, Function<Map<String, String>, String> runId,
            Function<Map<String, String>, String> runUrl, Function<Map<String, String>, String> commit,
            Function<Map<String, String>, String> branch) {

        boolean isRunning(Map<String, String> environment) {
            return isSet(environment.get(marker));
        }
    }

    private static Function<Map<String, String>, String> first(String... names) {
        return environment -> {
            for (String name : names) {
                String value = environment.get(name);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return null;
        };
    }

    private static String githubRunUrl(Map<String, String> environment) {
        String server = environment.get("GITHUB_SERVER_URL");
        String repository = environment.get("GITHUB_REPOSITORY");
        String run = environment.get("GITHUB_RUN_ID");
        if (server == null || repository == null || run == null || server.isBlank() || repository.isBlank()
                || run.isBlank()) {
            return null;
        }
        return server.replaceAll("/+$", "") + "/" + repository + "/actions/runs/" + run;
    }

    private static final List<Ci> CI = List.of(
            // On a pull request GITHUB_REF_NAME is "123/merge"; GITHUB_HEAD_REF names the branch.
            new Ci("github", "GITHUB_ACTIONS", first("GITHUB_RUN_ID"), RunContext::githubRunUrl, first("GITHUB_SHA"),
                    first("GITHUB_HEAD_REF", "GITHUB_REF_NAME")),
            new Ci("gitlab", "GITLAB_CI", first("CI_PIPELINE_ID"), first("CI_PIPELINE_URL"), first("CI_COMMIT_SHA"),
                    first("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_REF_NAME")),
            new Ci("buildkite", "BUILDKITE", first("BUILDKITE_BUILD_ID"), first("BUILDKITE_BUILD_URL"),
                    first("BUILDKITE_COMMIT"), first("BUILDKITE_BRANCH")),
            new Ci("circleci", "CIRCLECI", first("CIRCLE_WORKFLOW_ID", "CIRCLE_BUILD_NUM"), first("CIRCLE_BUILD_URL"),
                    first("CIRCLE_SHA1"), first("CIRCLE_BRANCH")),
            new Ci("jenkins", "JENKINS_URL", first("BUILD_TAG", "BUILD_NUMBER"), first("BUILD_URL"), first("GIT_COMMIT"),
                    first("BRANCH_NAME", "GIT_LOCAL_BRANCH", "GIT_BRANCH")),
            new Ci("azure-pipelines", "TF_BUILD", first("BUILD_BUILDID"), environment -> null,
                    first("BUILD_SOURCEVERSION"), first("BUILD_SOURCEBRANCHNAME")));
}
