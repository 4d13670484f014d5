package dev.aiusage.provider;

import dev.aiusage.event.Attribution;
import dev.aiusage.event.EventIds;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One logical SDK call: the id its attempts share, the scope it was made in (captured on the caller's
 * thread, since the SDK may send it from its own threads), and its attempt count.
 */
final class CallContext {

    private final UUID callId;
    private final Attribution attribution;
    private final AtomicInteger attempts = new AtomicInteger();

    CallContext(Attribution attribution, long epochMillis) {
        this.callId = EventIds.next(epochMillis);
        this.attribution = attribution;
    }

    UUID callId() {
        return callId;
    }

    Attribution attribution() {
        return attribution;
    }

    int nextAttempt() {
        return attempts.incrementAndGet();
    }
}
