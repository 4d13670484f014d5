package dev.aiusage.scope;

/** How one item of a partial-failure batch ended: its value, or the failure that was counted. */
public sealed interface ItemOutcome<T> {

    record Succeeded<T>(T value) implements ItemOutcome<T> {}

    record Failed<T>(Throwable error) implements ItemOutcome<T> {}
}
