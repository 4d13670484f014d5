package dev.aiusage.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.ledger.JobSummary;
import dev.aiusage.ledger.Ledger;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage report jobs}: every job, when it ran, its items ok and failed, its calls and cost. */
@Command(name = "jobs", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Lists the jobs in the ledger, oldest first: start and end (in --tz), items (receipts) their "
                + "batches finished ok and failed, calls and cost (* when part of it has no price)."},
        footer = ReportCommand.EXIT_CODES)
final class ReportJobsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    enum Format { TABLE, JSON }

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Mixin
    WindowOptions window;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() {
        WindowOptions.Window bounds = window.bounds(clock);
        List<JobSummary> jobs;
        try (Ledger ledger = Ledger.openExisting(ledgerOptions.resolve())) {
            jobs = ledger.jobs(bounds.from(), bounds.to());
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case TABLE -> table(jobs, bounds.zone(), out);
            case JSON -> {
                ObjectNode root = ReportJson.JSON.createObjectNode();
                var array = root.putArray("jobs");
                jobs.forEach(job -> json(array.addObject(), job));
                out.println(ReportJson.write(root));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void table(List<JobSummary> jobs, ZoneId zone, PrintWriter out) {
        if (jobs.isEmpty()) {
            out.println("(no jobs)");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("JOB", "START", "END", "OK", "FAILED", "CALLS", "COST"));
        for (JobSummary job : jobs) {
            rows.add(List.of(job.jobId(), time(job.start(), zone), time(job.end(), zone), Numbers.count(job.itemsOk()),
                    Numbers.count(job.itemsFailed()), Numbers.count(job.calls()), cost(job)));
        }
        Columns.print(rows, 3, out);
        out.println("times in " + zone.getId() + " (--tz); OK and FAILED count the items (receipts) of the job's batches");
    }

    static String time(Instant instant, ZoneId zone) {
        return instant.atZone(zone).format(TIME);
    }

    static String cost(JobSummary job) {
        if (job.attempts() > 0 && job.unpricedAttempts() == job.attempts()) {
            return "unpriced";
        }
        return Numbers.usd(job.cost()) + (job.unpricedAttempts() > 0 ? "*" : "");
    }

    static void json(ObjectNode node, JobSummary job) {
        node.put("job", job.jobId());
        node.put("start", job.start().toString());
        node.put("end", job.end().toString());
        node.put("itemsOk", job.itemsOk());
        node.put("itemsFailed", job.itemsFailed());
        node.put("calls", job.calls());
        node.put("attempts", job.attempts());
        node.put("errors", job.errors());
        boolean unpriced = job.attempts() > 0 && job.unpricedAttempts() == job.attempts();
        node.put("cost", unpriced ? null : job.cost().toPlainUsd());
        node.put("unpricedAttempts", job.unpricedAttempts());
    }
}
