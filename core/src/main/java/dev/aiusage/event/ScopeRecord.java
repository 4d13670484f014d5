package dev.aiusage.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a scope did, written once when it ends, on success and on failure alike.
 *
 * @param batch the partial-failure summary when the scope ran a batch of items, else {@code null}
 */
public record ScopeRecord(
        String scopeId,
        String parentId,
        String parentOperation,
        String operation,
        String jobId,
        String batchId,
        Map<String, String> attributes,
        Instant startedAt,
        Instant endedAt,
        Outcome outcome,
        String errorType,
        String errorMessage,
        BatchSummary batch) implements LedgerEntry {

    public enum Outcome {
        OK,
        ERROR;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ScopeRecord {
        Objects.requireNonNull(scopeId, "scopeId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
        attributes = Map.copyOf(attributes);
        if (scopeId.isBlank() || operation.isBlank()) {
            throw new IllegalArgumentException("a scope record needs a scope id and an operation");
        }
        Instants.requireStorable("startedAt", startedAt);
        Instants.requireStorable("endedAt", endedAt);
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("scope ends (" + endedAt + ") before it starts (" + startedAt + ")");
        }
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }
}
