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
        return new Throttle(rpm, tpm, 64, () -> now, duration -> {
            sleeps.add(duration);
            now += duration.toNanos();
        });
    }

    @Test
    void requestsPerMinuteAreSpreadEvenly() throws InterruptedException {
        Throttle throttle = throttle(600, 0);

        for (int call = 0; call < 4; call++) {
            throttle.acquire(1).release(false);
        }

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @Test
    void aBigCallHoldsBackTheNextOneByItsTokens() throws InterruptedException {
        Throttle throttle = throttle(0, 60_000);

        throttle.acquire(3_000).release(false);
        throttle.acquire(10).release(false);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aPauseAfterA429HoldsEveryoneBack() throws InterruptedException {
        Throttle throttle = throttle(0, 0);
        throttle.acquire(1).release(false);

        throttle.pause(Duration.ofSeconds(2));
        throttle.acquire(1).release(false);
        throttle.acquire(1).release(false);

        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void noLimitsNeverWait() throws InterruptedException {
        Throttle throttle = throttle(0, 0);
        for (int call = 0; call < 100; call++) {
            throttle.acquire(1_000_000).release(false);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void a429HalvesTheCallsLetOutAtOnceAndEachSuccessGivesOneBack() throws InterruptedException {
        Throttle throttle = new Throttle(0, 0, 8, () -> now, duration -> now += duration.toNanos());

        throttle.acquire(1).release(true);
        assertThat(throttle.allowedCalls()).isEqualTo(4);
        throttle.acquire(1).release(true);
        assertThat(throttle.allowedCalls()).as("at most one halving a second").isEqualTo(4);
        now += Duration.ofSeconds(1).toNanos();
        throttle.acquire(1).release(true);
        assertThat(throttle.allowedCalls()).isEqualTo(2);

        for (int call = 0; call < 10; call++) {
            throttle.acquire(1).release(false);
        }
        assertThat(throttle.allowedCalls()).isEqualTo(8);
    }

    @Test
    void callsBeyondTheCapWaitUntilOneEnds() throws InterruptedException {
        Throttle throttle = new Throttle(0, 0, 1, System::nanoTime, Thread::sleep);
        Throttle.Permit first = throttle.acquire(1);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        Thread second = Thread.ofVirtual().start(() -> {
            try {
                throttle.acquire(1).release(false);
                started.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        while (second.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // parked in acquire, behind the one call allowed
        }
        assertThat(started.getCount()).isEqualTo(1);
        first.release(false);
        started.await();
        second.join();
        assertThat(started.getCount()).isZero();
    }
}
