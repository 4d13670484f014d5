package dev.aiusage.jobs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.function.Consumer;

/**
 * Writes a receipt's result line once its usage is durable, without the receipt waiting for the
 * ledger's commit: the receipt's slot goes to the next receipt at once, and the line follows the
 * commit. A crash before the line is written leaves the receipt not done, so it is redone.
 */
final class DurableResults implements AutoCloseable {

    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private final Phaser pending = new Phaser(1);
    private final Consumer<RuntimeException> onFailure;

    DurableResults(Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
    }

    /** Runs {@code write} when {@code durable} completes. */
    void whenDurable(CompletableFuture<Void> durable, Runnable write) {
        pending.register();
        durable.whenCompleteAsync((ignored, never) -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            } finally {
                pending.arriveAndDeregister();
            }
        }, writers);
    }

    /** Returns once every line handed over has been written. */
    @Override
    public void close() {
        pending.arriveAndAwaitAdvance();
        writers.close();
    }
}
