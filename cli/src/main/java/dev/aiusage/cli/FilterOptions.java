package dev.aiusage.cli;

import dev.aiusage.event.CallStatus;
import dev.aiusage.ledger.UsageQuery;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which usage a command looks at, and the time zone its days are in; shared by {@code report} and {@code check}. */
final class FilterOptions {

    @Option(names = "--job", paramLabel = "ID", description = "Only this job.")
    String job;

    @Option(names = "--batch", paramLabel = "ID", description = "Only this batch.")
    String batch;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model (as reported, or as requested).")
    String model;

    @Option(names = "--operation", paramLabel = "NAME", description = "Only this operation (the scope's name).")
    String operation;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider, e.g. openai.")
    String provider;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only attempts that ended so: ok, error, incomplete.")
    String status;

    @Mixin
    WindowOptions window;

    /** The filters as a query in the chosen zone; {@code clock} says when "now" is. */
    UsageQuery query(Clock clock) {
        WindowOptions.Window bounds = window.bounds(clock);
        return UsageQuery.all().forJob(job).forBatch(batch).forModel(model).forOperation(operation)
                .forProvider(provider).withStatus(status()).between(bounds.from(), bounds.to()).inZone(bounds.zone());
    }

    /** The filters that are set, for a report's header: {@code job demo, since 7d}. */
    String describe() {
        StringBuilder text = new StringBuilder();
        append(text, "job", job);
        append(text, "batch", batch);
        append(text, "model", model);
        append(text, "operation", operation);
        append(text, "provider", provider);
        append(text, "status", status);
        append(text, "since", window.since);
        append(text, "until", window.until);
        return text.isEmpty() ? "all usage" : text.toString();
    }

    private static void append(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
        }
    }

    private CallStatus status() {
        if (status == null) {
            return null;
        }
        try {
            return CallStatus.fromCode(status.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageError("--status '" + status + "' is not a status; valid: " + Arrays.stream(CallStatus.values())
                    .map(CallStatus::code).collect(Collectors.joining(", ")));
        }
    }
}
