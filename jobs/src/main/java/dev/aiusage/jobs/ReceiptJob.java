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
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the receipt job: receipts in batches, each batch a partial-failure scope, each receipt in its
 * own scope on a virtual thread. A semaphore bounds the receipts in flight across batches, so the
 * next batch starts filling free slots while the last receipts of the previous one finish.
 *
 * <pre>{@code
 * JobOutcome outcome = new ReceiptJob(config, tracker, extractor).run(ReceiptFiles.find(paths));
 * }</pre>
 */
public final class ReceiptJob {

    /** Two batches overlap at most: enough to keep every slot busy at batch boundaries. */
    private static final int BATCHES_IN_FLIGHT = 2;

    private final JobConfig config;
    private final Tracker tracker;
    private final ReceiptExtractor extractor;
    private final ReceiptReader reader;
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger alreadyDone = new AtomicInteger();
    private final AtomicInteger failedEarlier = new AtomicInteger();
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();

    public ReceiptJob(JobConfig config, Tracker tracker, ReceiptExtractor extractor) {
        this.config = config;
        this.tracker = tracker;
        this.extractor = extractor;
        this.reader = new ReceiptReader(config.maxReceiptBytes());
    }

    public JobOutcome run(ReceiptFiles inputs) {
        Instant start = tracker.clock().instant();
        List<List<Path>> batches = partition(inputs.files(), config.batchSize());
        Path resultsFile;
        try (JobLock lock = JobLock.acquire(config.jobId(), config.outputDir());
                ResultWriter results = new ResultWriter(config.outputDir())) {
            resultsFile = results.file();
            DoneReceipts done = DoneReceipts.load(results.file());
            ScopeBuilder job = tracker.scope("receipt-job").job(config.jobId());
            config.attributes().forEach(job::attribute);
            job.attribute("model", config.model()).run(() -> runBatches(batches, done, results));
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        return new JobOutcome(config.jobId(), ok.get(), failed.get(), alreadyDone.get(), failedEarlier.get(),
                batches.size(),
                Duration.between(start, tracker.clock().instant()), resultsFile);
    }

    private void runBatches(List<List<Path>> batches, DoneReceipts done, ResultWriter results) {
        Semaphore slots = new Semaphore(config.concurrency());
        Semaphore batchSlots = new Semaphore(BATCHES_IN_FLIGHT);
        Scope job = Scope.current();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < batches.size() && fatal.get() == null; i++) {
            String batchId = config.jobId() + "/" + (i + 1);
            List<Path> files = batches.get(i);
            batchSlots.acquireUninterruptibly();
            running.add(Thread.ofVirtual().name("aiusage-" + batchId).start(job.wrap(() -> {
                try {
                    runBatch(batchId, files, slots, done, results);
                } finally {
                    batchSlots.release();
                }
            })));
        }
        joinAll(running);
    }

    private void runBatch(String batchId, List<Path> files, Semaphore slots, DoneReceipts done, ResultWriter results) {
        tracker.scope("batch").batch(batchId).runBatch(BatchPolicy.tolerant(), batch -> {
            Scope scope = Scope.current();
            List<Thread> receipts = new ArrayList<>(files.size());
            for (Path file : files) {
                if (fatal.get() != null) {
                    break;
                }
                slots.acquireUninterruptibly();
                receipts.add(Thread.ofVirtual().start(scope.wrap(() -> {
                    try {
                        process(file, batch, done, results);
                    } catch (RuntimeException e) {
                        fatal.compareAndSet(null, e);
                    } catch (Error e) {
                        // Out of memory on one receipt stops the job (it is not done; a rerun redoes it).
                        fatal.compareAndSet(null, new IllegalStateException(e + " while processing " + file
                                + "; give the job more memory (AIUSAGE_JAVA_OPTS=-Xmx...) or lower --max-receipt-bytes", e));
                    } finally {
                        slots.release();
                    }
                })));
            }
            joinAll(receipts);
        });
    }

    private void process(Path file, BatchScope batch, DoneReceipts done, ResultWriter results) {
        String key = ReceiptReader.keyOf(file);
        Receipt receipt;
        try {
            receipt = reader.read(file);
        } catch (UnreadableReceiptException e) {
            if (e.contentHash() == null || !done.contains(file, e.contentHash())) {
                batch.failed(key, e);
                failed.incrementAndGet();
                results.write(ReceiptResult.Failed.of(key, file, e.contentHash(), e));
            } else {
                skipDone(done, file, e.contentHash());
            }
            return;
        }
        if (done.contains(file, receipt.contentHash())) {
            skipDone(done, file, receipt.contentHash());
            return;
        }
        ItemOutcome<ReceiptFields> outcome = batch.item(key, () -> tracker.scope("receipt")
                .attribute("receipt", key)
                .call(() -> extractor.extract(receipt)));
        // The result line says "done": only once the receipt's usage is durable, so a crash can
        // never leave a receipt done whose usage is missing (it is redone instead).
        tracker.flush();
        switch (outcome) {
            case ItemOutcome.Succeeded<ReceiptFields> s -> {
                ok.incrementAndGet();
                results.write(new ReceiptResult.Ok(key, file, receipt.contentHash(), s.value()));
            }
            case ItemOutcome.Failed<ReceiptFields> f -> {
                failed.incrementAndGet();
                results.write(ReceiptResult.Failed.of(key, file, receipt.contentHash(), f.error()));
            }
        }
    }

    private void skipDone(DoneReceipts done, Path file, String contentHash) {
        alreadyDone.incrementAndGet();
        if (done.failed(file, contentHash)) {
            failedEarlier.incrementAndGet();
        }
    }

    private static <T> List<List<T>> partition(List<T> items, int size) {
        List<List<T>> parts = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            parts.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return parts;
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
