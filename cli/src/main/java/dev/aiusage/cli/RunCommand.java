package dev.aiusage.cli;

import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import dev.aiusage.jobs.JobConfig;
import dev.aiusage.jobs.JobControl;
import dev.aiusage.jobs.JobOptions;
import dev.aiusage.jobs.JobOutcome;
import dev.aiusage.jobs.ReceiptJob;
import dev.aiusage.jobs.RunContext;
import dev.aiusage.jobs.SpendMeter;
import dev.aiusage.jobs.SpendingLimit;
import dev.aiusage.jobs.extract.OfflineReceiptExtractor;
import dev.aiusage.jobs.extract.ReceiptExtractor;
import dev.aiusage.jobs.llm.LlmReceiptExtractor;
import dev.aiusage.jobs.llm.ProviderSettings;
import dev.aiusage.jobs.receipt.ReceiptFiles;
import dev.aiusage.jobs.receipt.ReceiptReader;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.ledger.UsageTotals;
import dev.aiusage.pricing.Money;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiusage run}: the receipt job, every AI call recorded in the ledger. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Extract merchant, date, total, currency and address from receipts, recording the usage of "
                    + "every AI call in the ledger.",
            "Receipts: .txt files (one OCR line per line) and .csv SROIE box files (x1,y1,...,x4,y4,text); "
                    + "folders are searched recursively and other files are skipped with a note.",
            "Extractor (--provider): openai or anthropic call the model through the official SDK (structured "
                    + "output, one corrective retry on an invalid answer); offline uses local rules, no key, no network, "
                    + "and records the exact token count of the request a model would get, priced for --model and "
                    + "marked estimated. auto (the default) takes OpenAI when OPENAI_API_KEY, OPENAI_BASE_URL or "
                    + "--base-url is set, Anthropic when only ANTHROPIC_API_KEY is, else offline, and says which on stderr.",
            "Running the same --job again skips receipts it already finished, ok or failed (same file, same "
                    + "content); the exit code still reports earlier failures."},
        footer = ExitCode.RUN_FOOTER)
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Mixin
    PriceOptions priceOptions;

    @Option(names = "--job", paramLabel = "ID", description = "Job id; a new one is made and printed when omitted.")
    String jobId;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "aiusage-out",
            description = "Output folder; results go to DIR/JOB/results.jsonl. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "50",
            description = "Receipts per batch (each batch tolerates failing receipts). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Receipts processed at once, each on a virtual thread. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--provider", paramLabel = "auto|openai|anthropic|offline", defaultValue = "auto",
            description = "Who extracts the fields (see above). Default: ${DEFAULT-VALUE}.")
    String provider;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "An OpenAI-compatible server (or Anthropic's, with --provider anthropic), e.g. "
                    + "http://localhost:8080/v1. Default: OPENAI_BASE_URL / ANTHROPIC_BASE_URL, else the provider's API.")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model to call (offline: whose tokenizer and price the usage is counted for). "
                    + "Default: gpt-4o-mini, or claude-haiku-4-5 for Anthropic.")
    String model;

    @Option(names = "--embed", description = "Also embed each receipt's text (one embeddings call per receipt; "
            + "vectors go to DIR/JOB/embeddings.jsonl). Needs an OpenAI-compatible provider.")
    boolean embed;

    @Option(names = "--embed-model", paramLabel = "NAME", defaultValue = "text-embedding-3-small",
            description = "The embeddings model for --embed. Default: ${DEFAULT-VALUE}.")
    String embedModel;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long one model call may take before it fails (the SDK retries it). Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--max-receipt-bytes", paramLabel = "BYTES", defaultValue = "" + ReceiptReader.DEFAULT_MAX_BYTES,
            description = "A larger receipt file fails instead of being read. Default: ${DEFAULT-VALUE}.")
    long maxReceiptBytes;

    @Option(names = "--env", paramLabel = "NAME",
            description = {"The environment recorded with the job's usage (attribute env). Default: ci when a CI "
                    + "server's variables are set (CI, GITHUB_ACTIONS, GITLAB_CI, BUILDKITE, CIRCLECI, JENKINS_URL, "
                    + "TF_BUILD), else dev.",
                "The git commit and branch, and a CI run's id and URL, are recorded too (git.commit, git.branch, "
                        + "ci.provider, ci.run.id, ci.run.url), for 'report --by attr:git.commit'."})
    String env;

    @Option(names = "--max-rpm", paramLabel = "N",
            description = "At most N model requests a minute, across all receipts, spread evenly. Default: no limit "
                    + "(a 429 from the provider still slows the job down rather than failing receipts).")
    Integer maxRpm;

    @Option(names = "--max-tpm", paramLabel = "N",
            description = "At most N tokens a minute (each call's prompt counted before it is sent, plus room for the "
                    + "answer), across all receipts. Default: no limit.")
    Long maxTpm;

    @Option(names = "--retry-failed",
            description = "Also redo receipts an earlier run of this job finished as failed (by default they are kept).")
    boolean retryFailed;

    @Option(names = "--max-cost", paramLabel = "USD",
            description = {"Stop admitting receipts once what the job has spent (all its runs) plus the estimated cost of "
                    + "the receipts in flight would pass this many US dollars; the job ends resumable, exit code 4.",
                "The estimate is this run's average cost per receipt; the first receipt runs alone to get it. "
                        + "Every model called needs a price (--prices)."})
    String maxCost;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On Ctrl-C or SIGTERM, how long receipts in flight may take to finish before they are "
                    + "cancelled (and redone on resume). Default: ${DEFAULT-VALUE}.")
    long graceSeconds;

    @Option(names = "--progress", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "A progress line on stderr: auto shows one updating line on a terminal and nothing "
                    + "otherwise; always also prints a plain line every 10 s off a terminal. Default: ${DEFAULT-VALUE}.")
    ProgressLine.Mode progress;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Receipt files or folders of receipts.")
    List<Path> paths;

    /** Where the run context is detected from; tests put their own. */
    Map<String, String> environment = System.getenv();
    Path workingFolder = Path.of("");

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String job = jobId != null ? jobId : newJobId();
        RunContext context = RunContext.detect(environment, workingFolder.toAbsolutePath(), Optional.ofNullable(env));
        ProviderChoice choice = ProviderChoice.resolve(provider, baseUrl, environment);
        if (model != null && model.isBlank()) {
            throw new UsageError("--model must not be blank; leave it out for the default, " + choice.kind().defaultModel());
        }
        String chosenModel = model != null ? model : choice.kind().defaultModel();
        JobConfig config = new JobConfig(job, out.resolve(job), batchSize, concurrency, chosenModel, maxReceiptBytes,
                context.attributes());
        ProviderSettings settings = settings(choice, chosenModel, config);
        PriceCatalog catalog = priceOptions.catalog(); // a bad price file fails before any work
        Money limit = spendingLimit(catalog, chosenModel);
        if (graceSeconds < 0 || graceSeconds > 86_400) {
            throw new UsageError("--grace must be between 0 and 86400 seconds, got " + graceSeconds);
        }
        JobControl control = new JobControl(Duration.ofSeconds(graceSeconds));
        ReceiptFiles inputs = ReceiptFiles.find(paths);
        Path ledgerPath = ledgerOptions.resolve();
        createOutputFolder(config.outputDir());
        Ledger ledger = Ledger.open(ledgerPath);

        // Ctrl-C stays ours until the summary is out: a second one in the gap would otherwise get the JVM's
        // default exit and lose it.
        try (StopSignals signals = StopSignals.install(control, err, graceSeconds)) {
            JobOutcome outcome;
            UsageTotals totals;
            long unrecorded;
            long spooled;
            SpendingLimit budget;
            try (SpendMeter meter = new SpendMeter(Recorder.toLedger(ledger))) {
                Tracker tracker = Tracker.create(meter);
                budget = limit == null ? null : spendingLimit(limit, ledger, job, meter);
                try (ReceiptExtractor extractor = settings == null
                        ? new OfflineReceiptExtractor(tracker, catalog, chosenModel)
                        : LlmReceiptExtractor.create(settings, tracker, catalog, config.outputDir())) {
                    announce(err, config, inputs, extractor.describe() + " (" + choice.reason() + ")", ledger.path(), catalog);
                    err.println("aiusage: run context: " + context.describe());
                    ReceiptJob receiptJob = new ReceiptJob(config, tracker, extractor, new JobOptions(retryFailed, budget, control, ledger));
                    try (ProgressLine line = ProgressLine.start(progress, ProgressLine.stderrIsTerminal(), err,
                            receiptJob::progress, meter::spent)) {
                        outcome = receiptJob.run(inputs);
                    }
                }
                meter.flush();
                totals = ledger.totals(UsageQuery.all().forJob(job));
                unrecorded = meter.failedCount();
                spooled = meter.spooledCount();
            }
            new RunSummary(outcome, totals, ledger.path()).print(spec.commandLine().getOut());
            if (outcome.receipts() < inputs.count()) {
                err.println("aiusage: warning: " + (inputs.count() - outcome.receipts()) + " of the " + inputs.count()
                        + " receipts counted at the start were gone (moved or deleted) when the job reached their folder");
            }
            if (spooled > 0) {
                err.println("aiusage: warning: the ledger could not take " + spooled + " usage records; they are kept in "
                        + ledger.path() + ".spool and are added when the ledger is next opened (the usage line above "
                        + "leaves them out)");
            }
            if (unrecorded > 0) {
                err.println("aiusage: error: " + unrecorded + " usage records could not be stored in " + ledger.path()
                        + "; the figures above are incomplete");
                return ExitCode.ERROR;
            }
            return exitCode(outcome, budget, err);
        }
    }

    /** The budget, knowing what the job's earlier runs spent, in all and per receipt. */
    private static SpendingLimit spendingLimit(Money limit, Ledger ledger, String job, SpendMeter meter) {
        Money spent = ledger.totals(UsageQuery.all().forJob(job)).cost();
        long receipts = ledger.job(job).map(detail -> detail.summary().itemsOk() + detail.summary().itemsFailed()).orElse(0L);
        Money perReceipt = receipts == 0 || spent.nanos() == 0 ? null : new Money(Math.ceilDiv(spent.nanos(), receipts));
        return new SpendingLimit(limit, spent, perReceipt, meter);
    }

    static int exitCode(JobOutcome outcome, SpendingLimit budget, PrintWriter err) {
        if (outcome.stopped() == null || !outcome.unfinished()) {
            if (outcome.stopped() != null) {
                err.println("aiusage: the stop (" + outcome.stopped().name().toLowerCase(Locale.ROOT)
                        + ") came after the last receipt: the job is complete");
            }
            return outcome.hasFailures() ? ExitCode.FAILURES : ExitCode.OK;
        }
        String left = outcome.notStarted() + " receipts not started" + (outcome.cancelled() == 0 ? ""
                : ", " + outcome.cancelled() + " cancelled in flight");
        return switch (outcome.stopped()) {
            case BUDGET -> {
                err.println("aiusage: stopped at the spending limit: the job has spent " + budget.spent().format() + " of "
                        + budget.limit().format() + "; " + left + "; run the same command with a higher --max-cost to resume");
                yield ExitCode.BUDGET;
            }
            case INTERRUPT -> {
                err.println("aiusage: stopped by Ctrl-C; " + left + "; run the same command to resume");
                yield ExitCode.INTERRUPTED;
            }
            case TERMINATE -> {
                err.println("aiusage: stopped by SIGTERM; " + left + "; run the same command to resume");
                yield ExitCode.TERMINATED;
            }
        };
    }

    /**
     * The {@code --max-cost} limit, or null for none. It needs a price for every model the job calls:
     * an unpriced call's spending cannot be counted, so the limit would let through unlimited work.
     */
    private Money spendingLimit(PriceCatalog catalog, String chosenModel) {
        if (maxCost == null) {
            return null;
        }
        Money limit = Limits.usd("--max-cost", maxCost);
        for (String called : embed ? List.of(chosenModel, embedModel) : List.of(chosenModel)) {
            if (catalog.find(called).isEmpty()) {
                throw new UsageError("--max-cost cannot be kept: model " + called + " has no price in the catalog, so "
                        + "what it spends cannot be counted; give its price with --prices FILE, or leave out --max-cost");
            }
        }
        return limit;
    }

    /** The model provider's settings, or null for the offline extractor; checked before any work. */
    private ProviderSettings settings(ProviderChoice choice, String chosenModel, JobConfig config) {
        if (maxRpm != null && maxRpm < 1 || maxTpm != null && maxTpm < 1) {
            throw new UsageError("--max-rpm and --max-tpm must be 1 or more (leave them out for no limit)");
        }
        if (choice.kind() == ProviderChoice.Kind.OFFLINE) {
            if (embed) {
                throw new UsageError("--embed needs a model provider; the offline extractor makes no embeddings "
                        + "(set OPENAI_API_KEY or --base-url, or leave out --embed)");
            }
            return null;
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 3_600) {
            throw new UsageError("--timeout must be between 1 and 3600 seconds, got " + timeoutSeconds);
        }
        return new ProviderSettings(choice.kind().sdk(), choice.baseUrl(), choice.apiKey(), chosenModel, embed ? embedModel : null,
                config.concurrency(), Duration.ofSeconds(timeoutSeconds), maxRpm == null ? 0 : maxRpm,
                maxTpm == null ? 0 : maxTpm);
    }

    private void announce(PrintWriter err, JobConfig config, ReceiptFiles inputs, String extractor, Path ledger,
            PriceCatalog catalog) {
        err.printf("aiusage: job %s: receipts %d, batches of %d, %d at a time%n",
                config.jobId(), inputs.count(), config.batchSize(), config.concurrency());
        err.println("aiusage: extractor: " + extractor);
        err.println("aiusage: ledger: " + ledger);
        if (catalog.layers().size() > 1) {
            err.println("aiusage: prices: " + String.join(" + ", catalog.layers()));
        }
        if (inputs.skipped().count() > 0) {
            err.printf("aiusage: skipped entries that are not receipts (.txt, .csv) or could not be read: %d, e.g. %s%n",
                    inputs.skipped().count(), inputs.skipped().examples().getFirst());
        }
        if (catalog.find(config.model()).isEmpty()) {
            err.println("aiusage: warning: model " + config.model() + " has no price in the catalog; "
                    + "its usage is recorded with tokens but no cost (unpriced)");
        }
    }

    /** Fails before the ledger is touched, rather than after the job has announced itself. */
    private static void createOutputFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StorageException("cannot create the output folder " + folder + ": " + IoErrors.reason(e), e);
        }
    }

    private static String newJobId() {
        return "job-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }
}
