package dev.aiusage.scope;

import java.util.concurrent.CancellationException;

/**
 * How one item of a partial-failure batch ended: its value, the failure that was counted, or a
 * cancellation (the batch was asked to stop), which is neither a success nor a failure.
 */
public sealed interface ItemOutcome<T> {

    record Succeeded<T>(T value) implements ItemOutcome<T> {}

    record Failed<T>(Throwable error) implements ItemOutcome<T> {}

    record Cancelled<T>(CancellationException cause) implements ItemOutcome<T> {}
}
