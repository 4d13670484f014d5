package dev.aiusage.jobs;

import dev.aiusage.jobs.receipt.ReceiptReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A receipt job's settings, validated here so a bad value fails before any work starts.
 *
 * @param jobId       names the run; running the same id again skips receipts already done
 * @param outputDir   the job's own folder, which receives {@code results.jsonl}
 * @param batchSize   receipts per batch (each batch is one partial-failure scope)
 * @param concurrency receipts in flight at once, across batches
 * @param model       the model whose tokenizer and price the usage is counted for
 * @param maxReceiptBytes a larger receipt file fails instead of being read
 * @param attributes  recorded on the job's scope, and so on all its usage: where it ran ({@link RunContext})
 */
public record JobConfig(String jobId, Path outputDir, int batchSize, int concurrency, String model, long maxReceiptBytes,
        Map<String, String> attributes) {

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    public static final int MAX_CONCURRENCY = 10_000;

    public JobConfig {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(outputDir, "outputDir");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("job id '" + jobId + "' must be 1-128 ASCII letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit (it names a folder)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        ReceiptReader.requireValidLimit(maxReceiptBytes);
        attributes = Map.copyOf(attributes);
    }

    /** A job with no attributes of its own. */
    public JobConfig(String jobId, Path outputDir, int batchSize, int concurrency, String model, long maxReceiptBytes) {
        this(jobId, outputDir, batchSize, concurrency, model, maxReceiptBytes, Map.of());
    }
}
