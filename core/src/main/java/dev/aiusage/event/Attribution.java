package dev.aiusage.event;

import java.util.Map;
import java.util.Objects;

/**
 * Who spent it: the scope an attempt ran in, with its job, batch, operation and attributes.
 *
 * <p>An attempt made outside any scope is attributed to {@link #UNSCOPED}, a visible bucket, so it is
 * never dropped.
 */
public record Attribution(String scopeId, String operation, String jobId, String batchId, Map<String, String> attributes) {

    public static final String UNSCOPED_OPERATION = "(unscoped)";
    public static final Attribution UNSCOPED = new Attribution(null, UNSCOPED_OPERATION, null, null, Map.of());

    public Attribution {
        Objects.requireNonNull(operation, "operation");
        attributes = Map.copyOf(attributes);
    }
}
