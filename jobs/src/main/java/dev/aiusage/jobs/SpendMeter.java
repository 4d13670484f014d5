package dev.aiusage.jobs;

import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import dev.aiusage.record.Recorder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes every entry on to the recorder, and counts as it goes what this run has spent, in all and per
 * item (receipt): the figures budgets and the progress line need without asking the ledger. Unpriced
 * calls are counted apart.
 */
public final class SpendMeter implements Recorder {

    /** The scope attribute that names the item (receipt) a call was made for. */
    static final String ITEM = "item";

    private final Recorder delegate;
    private final AtomicLong spentNanos = new AtomicLong();
    private final AtomicLong unpricedAttempts = new AtomicLong();
    private final Map<String, Long> itemNanos = new ConcurrentHashMap<>();
    private final AtomicLong mostPerItem = new AtomicLong();

    public SpendMeter(Recorder delegate) {
        this.delegate = delegate;
    }

    @Override
    public void record(LedgerEntry entry) {
        if (entry instanceof UsageEvent event) {
            event.cost().amountIfPriced().ifPresentOrElse(
                    cost -> count(cost.nanos(), event.attribution().attributes().get(ITEM)),
                    unpricedAttempts::incrementAndGet);
        }
        delegate.record(entry);
    }

    private void count(long nanos, String item) {
        spentNanos.addAndGet(nanos);
        if (item != null) {
            long itemTotal = itemNanos.merge(item, nanos, Long::sum);
            mostPerItem.accumulateAndGet(itemTotal, Math::max);
        }
    }

    /** The most one item (receipt) has cost in this run: a budget's cautious estimate for the next. */
    public Money mostPerItem() {
        return new Money(mostPerItem.get());
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
    public CompletableFuture<Void> flushAsync() {
        return delegate.flushAsync();
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
