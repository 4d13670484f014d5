package dev.aiusage.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    @Test
    void usesEachModelsOwnEncoding() {
        assertThat(TokenCounter.forModel("gpt-4o-mini").encodingName()).isEqualTo("o200k_base");
        assertThat(TokenCounter.forModel("gpt-4o-2024-08-06").encodingName()).isEqualTo("o200k_base");
        assertThat(TokenCounter.forModel("gpt-4").encodingName()).isEqualTo("cl100k_base");
        assertThat(TokenCounter.forModel("gpt-4o-mini").exact()).isTrue();
    }

    @Test
    void saysWhenTheTokenizerIsOnlyAnApproximation() {
        TokenCounter claude = TokenCounter.forModel("claude-sonnet-4-5");

        assertThat(claude.exact()).isFalse();
        assertThat(claude.count("hello world")).isPositive();
    }

    @Test
    void countsTokensOfText() {
        // "hello world" is two tokens in o200k_base; an empty text is none.
        assertThat(TokenCounter.forModel("gpt-4o").count("hello world")).isEqualTo(2);
        assertThat(TokenCounter.forModel("gpt-4o").count("")).isZero();
    }

    @Test
    void chatAddsFramingTokensPerMessageAndForTheReply() {
        TokenCounter counter = TokenCounter.forModel("gpt-4o");
        int content = counter.count("system") + counter.count("Be brief.") + counter.count("user") + counter.count("hello world");

        int chat = counter.countChat(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "hello world")));

        assertThat(chat).isEqualTo(content + 2 * 3 + 3);
    }
}
