package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {

    @Test
    void autoTakesOpenAiWhenItsKeyIsSet() {
        ProviderChoice choice = ProviderChoice.resolve("auto", null, Map.of("OPENAI_API_KEY", "k1", "ANTHROPIC_API_KEY", "k2"));

        assertThat(choice.kind()).isEqualTo(ProviderChoice.Kind.OPENAI);
        assertThat(choice.apiKey()).isEqualTo("k1");
        assertThat(choice.reason()).isEqualTo("OPENAI_API_KEY is set").doesNotContain("k1");
    }

    @Test
    void autoTakesAnthropicWhenOnlyItsKeyIsSet() {
        ProviderChoice choice = ProviderChoice.resolve("auto", null, Map.of("ANTHROPIC_API_KEY", "k2", "OPENAI_API_KEY", "  "));

        assertThat(choice.kind()).isEqualTo(ProviderChoice.Kind.ANTHROPIC);
        assertThat(choice.reason()).isEqualTo("only ANTHROPIC_API_KEY is set");
    }

    @Test
    void autoTakesOpenAiForABaseUrlEvenWithoutAKey() {
        assertThat(ProviderChoice.resolve("auto", "http://localhost:9/v1", Map.of("ANTHROPIC_API_KEY", "k")))
                .isEqualTo(new ProviderChoice(ProviderChoice.Kind.OPENAI, "http://localhost:9/v1", null, "--base-url is set"));
        assertThat(ProviderChoice.resolve("auto", null, Map.of("OPENAI_BASE_URL", "http://localhost:9/v1")).kind())
                .isEqualTo(ProviderChoice.Kind.OPENAI);
    }

    @Test
    void autoFallsBackToOfflineWithNoKeys() {
        ProviderChoice choice = ProviderChoice.resolve("AUTO", null, Map.of());

        assertThat(choice.kind()).isEqualTo(ProviderChoice.Kind.OFFLINE);
        assertThat(choice.reason()).isEqualTo("no OPENAI_API_KEY or ANTHROPIC_API_KEY is set");
    }

    @Test
    void anExplicitProviderTakesItsOwnKeyAndBaseUrlFromTheEnvironment() {
        ProviderChoice choice = ProviderChoice.resolve("anthropic", null,
                Map.of("ANTHROPIC_API_KEY", "k2", "ANTHROPIC_BASE_URL", "http://proxy:8/", "OPENAI_API_KEY", "k1"));

        assertThat(choice).isEqualTo(new ProviderChoice(ProviderChoice.Kind.ANTHROPIC, "http://proxy:8/", "k2", "--provider anthropic"));
    }

    @Test
    void anUnknownProviderOrABaseUrlForOfflineIsAUsageError() {
        assertThatThrownBy(() -> ProviderChoice.resolve("gemini", null, Map.of()))
                .isInstanceOf(UsageError.class).hasMessage("--provider must be one of auto, openai, anthropic, offline; got 'gemini'");
        assertThatThrownBy(() -> ProviderChoice.resolve("offline", "http://x", Map.of()))
                .isInstanceOf(UsageError.class).hasMessageContaining("--base-url has no use with --provider offline");
    }
}
