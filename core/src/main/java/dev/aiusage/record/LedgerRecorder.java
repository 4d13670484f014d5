package dev.aiusage.record;

import dev.aiusage.event.LedgerEntry;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.Spool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callers enqueue; one platform thread drains the queue into the ledger in batched transactions.
 * sqlite-jdbc does native work that would pin a virtual thread, so it never runs on the callers'.
 */
final class LedgerRecorder implements Recorder {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecorder.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int MAX_BATCH = 4_096;

    /** A marker in the queue: complete the future once everything before it is handled. */
    private record FlushRequest(CompletableFuture<Void> done) {}

    private static final Object STOP = new Object();
    private static final long LEDGER_REST_NANOS = 30_000_000_000L;

    private final Ledger ledger;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set by the writer when it leaves its loop: from then on the queue has no reader. */
    private volatile boolean stopped;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final AtomicBoolean spoolLogged = new AtomicBoolean();
    private final AtomicLong spooled = new AtomicLong();
    private final Spool spool;
    /** Only the writer thread touches it. */
    private long ledgerFailedAt = System.nanoTime() - LEDGER_REST_NANOS;
    private final Thread writer;
    private final Thread shutdownHook;

    private LedgerRecorder(Ledger ledger) {
        this.ledger = ledger;
        this.spool = Spool.beside(ledger.path());
        this.writer = Thread.ofPlatform().name("aiusage-ledger-writer").daemon().unstarted(this::drain);
        this.shutdownHook = Thread.ofPlatform().name("aiusage-ledger-flush").unstarted(this::close);
    }

    static LedgerRecorder start(Ledger ledger) {
        LedgerRecorder recorder = new LedgerRecorder(ledger);
        recorder.writer.start();
        Runtime.getRuntime().addShutdownHook(recorder.shutdownHook);
        return recorder;
    }

    @Override
    public void record(LedgerEntry entry) {
        if (closed.get()) {
            // Late work (a callback after shutdown) still spent tokens: straight to the spool.
            spoolOrFail(List.of(entry));
            return;
        }
        // An interrupted caller still spent the tokens: keep the entry, restore the interrupt.
        enqueueUninterruptibly(entry);
        if (stopped) {
            drainLeftovers(); // we raced close(): the writer may have gone before it saw our entry
        }
    }

    @Override
    public void flush() {
        flushAsync().join();
    }

    @Override
    public CompletableFuture<Void> flushAsync() {
        if (stopped) {
            // Only once the writer has stopped: earlier, draining here could take its STOP marker.
            drainLeftovers();
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueueUninterruptibly(new FlushRequest(done));
        if (stopped) {
            drainLeftovers();
        }
        return done;
    }

    @Override
    public long failedCount() {
        return failed.get();
    }

    @Override
    public long spooledCount() {
        return spooled.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        enqueueUninterruptibly(STOP);
        joinUninterruptibly(writer);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // we are the shutdown hook, or the JVM is already exiting: nothing to remove
        }
        ledger.close();
    }

    private void drain() {
        List<Object> taken = new ArrayList<>(MAX_BATCH);
        List<LedgerEntry> entries = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        while (!stop) {
            taken.clear();
            entries.clear();
            try {
                taken.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, so nothing queued is abandoned
            }
            queue.drainTo(taken, MAX_BATCH - 1);
            List<CompletableFuture<Void>> flushes = new ArrayList<>();
            for (Object item : taken) {
                switch (item) {
                    case LedgerEntry entry -> entries.add(entry);
                    case FlushRequest flush -> flushes.add(flush.done());
                    default -> stop = true; // STOP
                }
            }
            store(entries);
            flushes.forEach(done -> done.complete(null));
        }
        // Whoever enqueues after this flag is set drains the queue itself (see record and flush);
        // whatever was enqueued before it is drained here.
        stopped = true;
        drainLeftovers();
    }

    /** Stores what reached the queue after the writer stopped, in the spool, and answers its flushes. */
    private void drainLeftovers() {
        List<LedgerEntry> entries = new ArrayList<>();
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        Object item;
        while ((item = queue.poll()) != null) {
            switch (item) {
                case LedgerEntry entry -> entries.add(entry);
                case FlushRequest flush -> flushes.add(flush.done());
                default -> { } // STOP
            }
        }
        if (!entries.isEmpty()) {
            spoolOrFail(entries);
        }
        flushes.forEach(done -> done.complete(null));
    }

    /**
     * The ledger first; when it cannot take them, the spool beside it; only then are entries lost.
     * After a failure the ledger rests a while, so a locked ledger does not make every batch wait out
     * the busy timeout (and the callers behind a full queue with it).
     */
    private void store(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (System.nanoTime() - ledgerFailedAt >= LEDGER_REST_NANOS) {
            try {
                ledger.append(entries);
                return;
            } catch (Exception e) {
                ledgerFailedAt = System.nanoTime();
                if (spoolLogged.compareAndSet(false, true)) {
                    LOG.warn("cannot write to ledger {} ({}); keeping usage in {} until the ledger is next opened",
                            ledger.path(), e.getMessage(), spool.file());
                }
            }
        }
        spoolOrFail(entries);
    }

    private void spoolOrFail(List<LedgerEntry> entries) {
        try {
            spool.append(entries);
            spooled.addAndGet(entries.size());
        } catch (Exception e) {
            fail(entries, e);
        }
    }

    private void fail(List<LedgerEntry> entries, Throwable cause) {
        long total = failed.addAndGet(entries.size());
        if (failureLogged.compareAndSet(false, true)) {
            LOG.error("cannot store usage in ledger {} nor its spool: {} ({} entries lost so far)",
                    ledger.path(), cause.getMessage(), total);
        }
    }

    private void enqueueUninterruptibly(Object item) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(item);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
