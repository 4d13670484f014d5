package dev.aiusage.cli;

import dev.aiusage.jobs.llm.ProviderSettings;
import java.util.Locale;
import java.util.Map;

/**
 * Which extractor {@code run} uses, and why, from {@code --provider}, {@code --base-url} and the
 * environment: {@code auto} takes OpenAI when its key (or a base URL) is set, Anthropic when only
 * Anthropic's key is, and the offline extractor otherwise. The key itself is never printed.
 */
record ProviderChoice(Kind kind, String baseUrl, String apiKey, String reason) {

    enum Kind {
        OPENAI(ProviderSettings.Kind.OPENAI, "gpt-4o-mini"),
        ANTHROPIC(ProviderSettings.Kind.ANTHROPIC, "claude-haiku-4-5"),
        OFFLINE(null, "gpt-4o-mini");

        private final ProviderSettings.Kind sdk;
        private final String defaultModel;

        Kind(ProviderSettings.Kind sdk, String defaultModel) {
            this.sdk = sdk;
            this.defaultModel = defaultModel;
        }

        /** The SDK the job calls, or null for the offline extractor. */
        ProviderSettings.Kind sdk() {
            return sdk;
        }

        String defaultModel() {
            return defaultModel;
        }
    }

    static final String OPENAI_KEY = "OPENAI_API_KEY";
    static final String OPENAI_URL = "OPENAI_BASE_URL";
    static final String ANTHROPIC_KEY = "ANTHROPIC_API_KEY";
    static final String ANTHROPIC_URL = "ANTHROPIC_BASE_URL";

    static ProviderChoice resolve(String provider, String baseUrl, Map<String, String> env) {
        String option = provider.toLowerCase(Locale.ROOT);
        return switch (option) {
            case "openai" -> openAi(baseUrl, env, "--provider openai");
            case "anthropic" -> anthropic(baseUrl, env, "--provider anthropic");
            case "offline" -> {
                if (baseUrl != null) {
                    throw new UsageError("--base-url has no use with --provider offline; leave one of them out");
                }
                yield new ProviderChoice(Kind.OFFLINE, null, null, "--provider offline");
            }
            case "auto" -> auto(baseUrl, env);
            default -> throw new UsageError("--provider must be one of auto, openai, anthropic, offline; got '" + provider + "'");
        };
    }

    private static ProviderChoice auto(String baseUrl, Map<String, String> env) {
        if (baseUrl != null) {
            return openAi(baseUrl, env, "--base-url is set");
        } else if (set(env, OPENAI_KEY)) {
            return openAi(null, env, OPENAI_KEY + " is set");
        } else if (set(env, OPENAI_URL)) {
            return openAi(null, env, OPENAI_URL + " is set");
        } else if (set(env, ANTHROPIC_KEY)) {
            return anthropic(null, env, "only " + ANTHROPIC_KEY + " is set");
        }
        return new ProviderChoice(Kind.OFFLINE, null, null, "no " + OPENAI_KEY + " or " + ANTHROPIC_KEY + " is set");
    }

    private static ProviderChoice openAi(String baseUrl, Map<String, String> env, String reason) {
        return new ProviderChoice(Kind.OPENAI, baseUrl != null ? baseUrl : value(env, OPENAI_URL), value(env, OPENAI_KEY), reason);
    }

    private static ProviderChoice anthropic(String baseUrl, Map<String, String> env, String reason) {
        return new ProviderChoice(Kind.ANTHROPIC, baseUrl != null ? baseUrl : value(env, ANTHROPIC_URL),
                value(env, ANTHROPIC_KEY), reason);
    }

    private static boolean set(Map<String, String> env, String name) {
        return value(env, name) != null;
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
