package dev.aiusage.jobs;

import dev.aiusage.pricing.Money;
import java.util.Objects;

/**
 * A job's spending limit. A receipt is admitted only while what the job spent (in earlier runs and in
 * this one) plus the estimated cost of the receipts in flight, this one included, stays within it. The
 * estimate is this run's average cost per finished receipt; until one has finished, receipts go one at
 * a time, so the first estimate is a real figure.
 */
public final class SpendingLimit {

    private final Money limit;
    private final Money spentBefore;
    private final SpendMeter meter;

    public SpendingLimit(Money limit, Money spentBefore, SpendMeter meter) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.spentBefore = Objects.requireNonNull(spentBefore, "spentBefore");
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    public Money limit() {
        return limit;
    }

    public Money spent() {
        return spentBefore.plus(meter.spent());
    }

    enum Decision { ADMIT, WAIT, STOP }

    /** Whether one more receipt may start, with {@code inFlight} running and {@code finished} done in this run. */
    Decision decide(int inFlight, int finished) {
        long spent = spent().nanos();
        if (spent >= limit.nanos()) {
            return Decision.STOP;
        }
        if (finished == 0) {
            return inFlight == 0 ? Decision.ADMIT : Decision.WAIT;
        }
        long perReceipt = Math.ceilDiv(meter.spent().nanos(), finished);
        if (spent + perReceipt * (inFlight + 1L) <= limit.nanos()) {
            return Decision.ADMIT;
        }
        // Receipts in flight may come in cheaper than the estimate: wait for them before giving up.
        return inFlight > 0 ? Decision.WAIT : Decision.STOP;
    }
}
