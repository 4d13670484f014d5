package dev.aiusage.jobs;

import dev.aiusage.jobs.receipt.Receipt;
import dev.aiusage.jobs.extract.ReceiptExtractor;
import dev.aiusage.jobs.receipt.ReceiptFields;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.jobs.receipt.UnreadableReceiptException;
import dev.aiusage.scope.BatchPolicy;
import dev.aiusage.scope.BatchScope;
import dev.aiusage.scope.ItemOutcome;
import dev.aiusage.scope.Scope;
import dev.aiusage.scope.ScopeBuilder;
import dev.aiusage.scope.Tracker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the receipt job: receipts in batches, each batch a partial-failure scope, each receipt in its
 * own scope on a virtual thread. A semaphore bounds the receipts in flight across batches, so the
 * next batch starts filling free slots while the last receipts of the previous one finish. Receipts
 * are listed as batches start and read as they are admitted, so the job holds only its open batches.
 *
 * <pre>{@code
 * JobOutcome outcome = new ReceiptJob(config, tracker, extractor).run(ReceiptFiles.find(paths));
 * }</pre>
 */
public final class ReceiptJob {


    private final JobConfig config;
    private final Tracker tracker;
    private final ReceiptExtractor extractor;
    private final JobOptions options;
    private final ReceiptReader reader;
    private final Set<Thread> receiptThreads = ConcurrentHashMap.newKeySet();
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private volatile JobProgress progress = new JobProgress(0);

    public ReceiptJob(JobConfig config, Tracker tracker, ReceiptExtractor extractor) {
        this(config, tracker, extractor, JobOptions.defaults());
    }

    public ReceiptJob(JobConfig config, Tracker tracker, ReceiptExtractor extractor, JobOptions options) {
        this.config = config;
        this.tracker = tracker;
        this.extractor = extractor;
        this.options = options;
        this.reader = new ReceiptReader(config.maxReceiptBytes());
        options.control().onCancel(() -> receiptThreads.forEach(Thread::interrupt));
    }

    /** The live counts of the run in progress (for a progress line). */
    public JobProgress.Snapshot progress() {
        return progress.snapshot();
    }

    public JobOutcome run(ReceiptFiles inputs) {
        try {
            return runAll(inputs);
        } finally {
            options.control().runOver();
        }
    }

    private JobOutcome runAll(ReceiptFiles inputs) {
        Instant start = tracker.clock().instant();
        JobProgress counts = new JobProgress(inputs.count());
        progress = counts;
        Path resultsFile;
        try (JobLock lock = JobLock.acquire(config.jobId(), config.outputDir());
                JobLock ledgerLock = options.ledger() == null ? null
                        : JobLock.acquireInLedger(config.jobId(), options.ledger().path());
                ResultWriter results = new ResultWriter(config.outputDir())) {
            resultsFile = results.file();
            SavedResults saved = new SavedResults(tracker);
            DoneReceipts done = doneEarlier(inputs, results, saved, counts);
            Admission admission = new Admission(config.concurrency(), options.control(), options.budget(), counts);
            ScopeBuilder job = tracker.scope("receipt-job").job(config.jobId());
            config.attributes().forEach(job::attribute);
            try (DurableResults durable = new DurableResults(e -> fatal.compareAndSet(null, e))) {
                job.attribute("model", config.model())
                        .run(() -> runBatches(inputs.iterator(), new Run(done, results, saved, durable, admission, counts)));
            }
            results.compact();
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        int batches = Math.ceilDiv(counts.snapshot().total(), config.batchSize());
        return new JobOutcome(config.jobId(), counts, batches, Duration.between(start, tracker.clock().instant()), resultsFile,
                options.control().stopReason());
    }

    /** What earlier runs finished: the results file, and the result lines only the ledger got before a crash. */
    private DoneReceipts doneEarlier(ReceiptFiles inputs, ResultWriter results, SavedResults saved, JobProgress counts) {
        DoneReceipts done = DoneReceipts.load(results.file());
        // The ledger holds results, not vectors: an extractor that writes more is left to do its receipts again.
        if (options.ledger() == null || extractor.writesMoreThanResults()) {
            return done;
        }
        int recovered = saved.recover(options.ledger(), config.jobId(), done, results, inputs::covers, this::currentHash);
        counts.recovered.set(recovered);
        return recovered == 0 ? done : DoneReceipts.load(results.file());
    }

    /** What every receipt of one run shares. */
    private record Run(DoneReceipts done, ResultWriter results, SavedResults saved, DurableResults durable,
            Admission admission, JobProgress counts) {}

    private boolean admitting(Admission admission) {
        return fatal.get() == null && admission.open();
    }

    /** Takes the receipts a batch at a time, as slots free up: a batch's files are listed when it is about to start. */
    private void runBatches(Iterator<Path> receipts, Run run) {
        // Enough batches open to fill every slot, plus one, so a batch's last receipts never leave slots idle.
        Semaphore batchSlots = new Semaphore(Math.ceilDiv(config.concurrency(), config.batchSize()) + 1);
        Scope job = Scope.current();
        List<Thread> running = new ArrayList<>();
        for (int i = 1; ; i++) {
            batchSlots.acquireUninterruptibly();
            if (!receipts.hasNext()) {
                run.counts().allListed();
                break;
            }
            if (!admitting(run.admission())) {
                break; // checked once a slot is free, since the job may have been stopped while waiting for it
            }
            String batchId = config.jobId() + "/" + i;
            List<Path> files = take(receipts, config.batchSize());
            run.counts().listed(files.size());
            running.add(Thread.ofVirtual().name("aiusage-" + batchId).start(job.wrap(() -> {
                try {
                    runBatch(batchId, files, run);
                } finally {
                    batchSlots.release();
                }
            })));
        }
        joinAll(running);
    }

    private void runBatch(String batchId, List<Path> files, Run run) {
        tracker.scope("batch").batch(batchId).runBatch(BatchPolicy.tolerant(), batch -> {
            Scope scope = Scope.current();
            List<Thread> receipts = new ArrayList<>(files.size());
            for (Path file : files) {
                if (!admitting(run.admission()) || !run.admission().enter()) {
                    break;
                }
                receipts.add(Thread.ofVirtual().start(scope.wrap(() -> {
                    receiptThreads.add(Thread.currentThread());
                    if (options.control().cancelled()) {
                        Thread.currentThread().interrupt(); // cancelled before it was registered to be interrupted
                    }
                    try {
                        process(file, batch, run);
                    } catch (RuntimeException e) {
                        fatal.compareAndSet(null, e);
                    } catch (Error e) {
                        // Out of memory on one receipt stops the job (it is not done; a rerun redoes it).
                        fatal.compareAndSet(null, new IllegalStateException(e + " while processing " + file
                                + "; give the job more memory (AIUSAGE_JAVA_OPTS=-Xmx...) or lower --max-receipt-bytes", e));
                    } finally {
                        receiptThreads.remove(Thread.currentThread());
                        run.admission().leave();
                    }
                })));
            }
            joinAll(receipts);
        });
    }

    private void process(Path file, BatchScope batch, Run run) {
        String key = ReceiptReader.keyOf(file);
        JobProgress counts = run.counts();
        Receipt receipt;
        try {
            receipt = reader.read(file);
        } catch (UnreadableReceiptException e) {
            DoneReceipts.State state = e.contentHash() == null ? run.done().earlier(file)
                    : run.done().state(file, e.contentHash());
            if (!leftAsDone(state, counts)) {
                countRedone(state, counts);
                // Recorded as a failed item like any other, so reports count it among the job's receipts.
                batch.item(key, () -> itemScope(key, file).call(() -> {
                    throw e;
                }));
                save(ReceiptResult.Failed.of(key, file, e.contentHash(), e), run);
            }
            return;
        }
        DoneReceipts.State state = run.done().state(file, receipt.contentHash());
        // Only a receipt that needs the extractor asks the budget: one done earlier costs nothing.
        if (leftAsDone(state, counts) || !run.admission().start()) {
            return;
        }
        countRedone(state, counts);
        try {
            extractAndSave(key, file, receipt, batch, run);
        } finally {
            run.admission().finished();
        }
    }

    private void extractAndSave(String key, Path file, Receipt receipt, BatchScope batch, Run run) {
        JobProgress counts = run.counts();
        ItemOutcome<ReceiptFields> outcome = batch.item(key, () -> extract(key, file, receipt));
        ReceiptResult result = switch (outcome) {
            case ItemOutcome.Succeeded<ReceiptFields> s -> new ReceiptResult.Ok(key, file, receipt.contentHash(), s.value());
            case ItemOutcome.Failed<ReceiptFields> f -> ReceiptResult.Failed.of(key, file, receipt.contentHash(), f.error());
            case ItemOutcome.Cancelled<ReceiptFields> c -> null;
        };
        if (result == null) {
            counts.cancelled.incrementAndGet();
            return;
        }
        counts.extracted.incrementAndGet();
        save(result, run);
    }

    /**
     * The result line says "done": it is written only once the receipt's usage is durable, so a crash
     * can never leave a receipt done whose usage is missing. The line goes to the ledger first, after
     * that usage, so a crash between the commit and the line leaves it for the next run to recover.
     */
    private void save(ReceiptResult result, Run run) {
        String line = ResultWriter.toJson(result);
        run.saved().record(result, line);
        run.durable().whenDurable(tracker.flushAsync(), () -> {
            run.results().write(line);
            (result instanceof ReceiptResult.Ok ? run.counts().ok : run.counts().failed).incrementAndGet();
        });
    }

    /** The content hash of a receipt file as it is now, or null when it cannot be read at all. */
    private String currentHash(Path file) {
        try {
            return reader.read(file).contentHash();
        } catch (UnreadableReceiptException e) {
            return e.contentHash();
        }
    }

    /**
     * The scope a receipt runs in, under its batch: {@code item} names it uniquely (its file), so
     * reports count each receipt once by how it last ended, whatever runs it took.
     */
    private ScopeBuilder itemScope(String key, Path file) {
        return tracker.scope("receipt").attribute("receipt", key).attribute(SpendMeter.ITEM, file.toString());
    }

    private ReceiptFields extract(String key, Path file, Receipt receipt) {
        if (options.control().cancelled()) {
            throw new CancellationException("cancelled before it started: the job was stopped");
        }
        try {
            return itemScope(key, file).call(() -> extractor.extract(receipt));
        } catch (RuntimeException e) {
            if (options.control().cancelled()) {
                // Stopped on purpose: not a failure, and not done; a resumed run does it again.
                CancellationException cancelled = new CancellationException("cancelled: the job was stopped");
                cancelled.initCause(e);
                throw cancelled;
            }
            throw e;
        }
    }

    /** Whether an earlier run finished this receipt (as it is now) and this run leaves it be. */
    private boolean leftAsDone(DoneReceipts.State state, JobProgress counts) {
        return switch (state) {
            case NEW, CHANGED -> false;
            case DONE_FAILED -> {
                if (options.retryFailed()) {
                    yield false;
                }
                counts.failedEarlier.incrementAndGet();
                counts.alreadyDone.incrementAndGet();
                yield true;
            }
            case DONE_OK -> {
                counts.alreadyDone.incrementAndGet();
                yield true;
            }
        };
    }

    /** Counts a receipt an earlier run finished that this run does again, once it is sure to. */
    private static void countRedone(DoneReceipts.State state, JobProgress counts) {
        switch (state) {
            case CHANGED -> counts.changed.incrementAndGet();
            case DONE_FAILED -> counts.retried.incrementAndGet();
            case NEW, DONE_OK -> { }
        }
    }

    private static List<Path> take(Iterator<Path> receipts, int count) {
        List<Path> taken = new ArrayList<>(count);
        while (taken.size() < count && receipts.hasNext()) {
            taken.add(receipts.next());
        }
        return taken;
    }

    /** Waits for every thread; an interrupt does not abandon receipts in flight, it is kept for the caller. */
    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
