package dev.aiusage.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    /** A clock that only moves when the throttle sleeps, so each wait is exact. */
    private long now = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();

    private Throttle throttle(int rpm, long tpm) {
        return new Throttle(rpm, tpm, () -> now, duration -> {
            sleeps.add(duration);
            now += duration.toNanos();
        });
    }

    @Test
    void requestsPerMinuteAreSpreadEvenly() throws InterruptedException {
        Throttle throttle = throttle(600, 0);

        for (int call = 0; call < 4; call++) {
            throttle.acquire(1);
        }

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @Test
    void aBigCallHoldsBackTheNextOneByItsTokens() throws InterruptedException {
        Throttle throttle = throttle(0, 60_000);

        throttle.acquire(3_000);
        throttle.acquire(10);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aPauseAfterA429HoldsEveryoneBack() throws InterruptedException {
        Throttle throttle = throttle(0, 0);
        throttle.acquire(1);

        throttle.pause(Duration.ofSeconds(2));
        throttle.acquire(1);
        throttle.acquire(1);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void noLimitsNeverWait() throws InterruptedException {
        Throttle throttle = throttle(0, 0);
        for (int call = 0; call < 100; call++) {
            throttle.acquire(1_000_000);
        }
        assertThat(sleeps).isEmpty();
    }
}
