package dev.aiusage.jobs;

import dev.aiusage.pricing.Money;
import java.util.Objects;

/**
 * A job's spending limit. A receipt is admitted only while what the job spent (in earlier runs and in
 * this one) plus the estimated cost of the receipts in flight, this one included, stays within it. The
 * estimate is the dearest receipt of this run so far, or before one has finished, the average of earlier
 * runs; a job's very first receipt runs alone, so the first estimate is a real figure.
 */
public final class SpendingLimit {

    private final Money limit;
    private final Money spentBefore;
    private final SpendMeter meter;
    private final Money earlierPerReceipt;

    /**
     * @param earlierPerReceipt what a receipt cost in earlier runs of the job (their spending over their
     *                          receipts), or null when none ran: it stands in for this run's estimate
     *                          until a receipt of this run has finished
     */
    public SpendingLimit(Money limit, Money spentBefore, Money earlierPerReceipt, SpendMeter meter) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.spentBefore = Objects.requireNonNull(spentBefore, "spentBefore");
        this.earlierPerReceipt = earlierPerReceipt;
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
        long perReceipt;
        if (finished > 0) {
            // Cautious: the dearest receipt so far, so receipts a little dearer than average do not pass the limit.
            perReceipt = Math.max(Math.ceilDiv(meter.spent().nanos(), finished), meter.mostPerItem().nanos());
        } else if (earlierPerReceipt != null) {
            perReceipt = earlierPerReceipt.nanos();
        } else {
            return inFlight == 0 ? Decision.ADMIT : Decision.WAIT;
        }
        if (spent + perReceipt * (inFlight + 1L) <= limit.nanos()) {
            return Decision.ADMIT;
        }
        // Receipts in flight may come in cheaper than the estimate: wait for them before giving up.
        return inFlight > 0 ? Decision.WAIT : Decision.STOP;
    }
}
