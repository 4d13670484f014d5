package dev.aiusage.record;

import java.util.concurrent.CompletableFuture;

import dev.aiusage.event.LedgerEntry;
import dev.aiusage.ledger.Ledger;

/**
 * Takes usage events and scope records from business code and makes them durable. Recording never
 * throws into the caller; a failure to store is logged and counted, never silent.
 *
 * <pre>{@code
 * try (Recorder recorder = Recorder.toLedger(Ledger.open(path))) {
 *     recorder.record(event);
 *     recorder.flush();   // everything recorded so far is now in the ledger
 * }
 * }</pre>
 */
public interface Recorder extends AutoCloseable {

    /** Queues the entry for the ledger and returns at once (or when the queue has room again). */
    void record(LedgerEntry entry);

    /**
     * Returns when everything recorded before this call is durable, in the ledger or its spool (or has
     * been counted as failed). A caller that must not claim work done before its usage is safe calls it.
     */
    void flush();

    /**
     * Completes when everything recorded before this call is durable, as {@link #flush()} returns, without
     * holding the caller's thread meanwhile. Never completes exceptionally.
     */
    default CompletableFuture<Void> flushAsync() {
        flush();
        return CompletableFuture.completedFuture(null);
    }

    /** Entries that could not be stored anywhere; a caller reports these rather than claim a complete ledger. */
    long failedCount();

    /** Entries kept in the spool beside the ledger because it could not take them; imported on its next open. */
    long spooledCount();

    /** Drains the queue, stores what remains and closes the ledger. */
    @Override
    void close();

    /** A recorder that owns {@code ledger}: one writer thread stores entries in batched transactions. */
    static Recorder toLedger(Ledger ledger) {
        return LedgerRecorder.start(ledger);
    }
}
