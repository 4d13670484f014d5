package dev.aiusage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void tenCentsPlusTwentyCentsIsExactlyThirtyCents() {
        Money sum = Money.ofUsd("0.10").plus(Money.ofUsd("0.20"));

        assertThat(sum).isEqualTo(Money.ofUsd("0.30"));
        assertThat(sum.toUsd()).isEqualByComparingTo(new BigDecimal("0.3"));
        assertThat(sum.format()).isEqualTo("$0.30");
    }

    @Test
    void formatsSmallAmountsWithoutLosingDigits() {
        assertThat(new Money(543_000).format()).isEqualTo("$0.000543");
        assertThat(new Money(1).format()).isEqualTo("$0.000000001");
        assertThat(Money.ZERO.format()).isEqualTo("$0.00");
        assertThat(new Money(-1_500_000_000L).format()).isEqualTo("-$1.50");
    }

    @Test
    void rejectsAmountsFinerThanANanoDollarInsteadOfRounding() {
        assertThatThrownBy(() -> Money.ofUsd("0.0000000001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 9 decimals");
    }

    @Test
    void additionOverflowFailsLoudly() {
        assertThatThrownBy(() -> new Money(Long.MAX_VALUE).plus(new Money(1)))
                .isInstanceOf(ArithmeticException.class);
    }
}
