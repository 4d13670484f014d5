package dev.aiusage.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered UUIDs (version 7, RFC 9562), unique without coordination and, within this process,
 * strictly increasing: the 12 bits after the millisecond timestamp count ids made in the same
 * millisecond (RFC 9562, section 6.2, method 1), so sorting by id sorts by creation.
 */
public final class EventIds {

    private static final int COUNTER_BITS = 12;
    /** The last (millisecond << 12 | counter) handed out. */
    private static final AtomicLong LAST = new AtomicLong();

    private EventIds() {}

    public static UUID next(long epochMillis) {
        long stamp = LAST.updateAndGet(last -> Math.max(epochMillis << COUNTER_BITS, last + 1));
        long high = ((stamp >>> COUNTER_BITS) << 16) | 0x7000L | (stamp & 0x0FFFL);
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
