package dev.aiusage.jobs;

import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import dev.aiusage.record.Recorder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes every entry on to the recorder, and counts as it goes what this run has spent: the figure
 * budgets and the progress line need without asking the ledger. Unpriced calls are counted apart.
 */
public final class SpendMeter implements Recorder {

    private final Recorder delegate;
    private final AtomicLong spentNanos = new AtomicLong();
    private final AtomicLong unpricedAttempts = new AtomicLong();

    public SpendMeter(Recorder delegate) {
        this.delegate = delegate;
    }

    @Override
    public void record(LedgerEntry entry) {
        if (entry instanceof UsageEvent event) {
            event.cost().amountIfPriced().ifPresentOrElse(
                    cost -> spentNanos.addAndGet(cost.nanos()),
                    unpricedAttempts::incrementAndGet);
        }
        delegate.record(entry);
    }

    /** What this run's calls cost so far (priced calls only). */
    public Money spent() {
        return new Money(spentNanos.get());
    }

    public long unpricedAttempts() {
        return unpricedAttempts.get();
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public long failedCount() {
        return delegate.failedCount();
    }

    @Override
    public long spooledCount() {
        return delegate.spooledCount();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
