package dev.aiusage.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.JobDetail;
import dev.aiusage.ledger.JobSummary;
import dev.aiusage.ledger.Ledger;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.ledger.UsageReport;
import dev.aiusage.ledger.UsageTotals;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aiusage report job ID}: one job by batch and operation, with samples of what failed. */
@Command(name = "job", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Shows one job: when it ran, its items ok and failed, its usage by batch and operation, "
                + "and samples of its failures (the first few each batch kept)."},
        footer = ReportCommand.EXIT_CODES)
final class ReportJobCommand implements Callable<Integer> {

    enum Format { TABLE, JSON }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The job's id (see 'aiusage report jobs').")
    String jobId;

    @Mixin
    LedgerOptions ledgerOptions;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of the start and end times. Default: the system's.")
    String tz;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Mixin
    WidthOptions widthOptions;

    @Override
    public Integer call() {
        ZoneId zone = WindowOptions.zone(tz);
        JobDetail detail;
        UsageReport usage;
        try (Ledger ledger = Ledger.openExisting(ledgerOptions.resolve())) {
            detail = ledger.job(jobId).orElseThrow(() -> new UsageError("no job '" + jobId + "' in " + ledger.path()
                    + "; 'aiusage report jobs' lists the jobs there"));
            usage = ledger.usageReport(UsageQuery.all().forJob(jobId).inZone(zone)
                    .groupedBy(List.of(GroupKey.BATCH, GroupKey.OPERATION)));
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case TABLE -> table(detail, usage, zone, out);
            case JSON -> out.println(json(detail, usage));
        }
        out.flush();
        return ExitCode.OK;
    }

    private void table(JobDetail detail, UsageReport usage, ZoneId zone, PrintWriter out) {
        JobSummary job = detail.summary();
        out.printf("job %s: %s to %s (%s)%n", job.jobId(), ReportJobsCommand.time(job.start(), zone),
                ReportJobsCommand.time(job.end(), zone), zone.getId());
        out.printf("items: %s ok, %s failed in %s %s; calls %s, cost %s%n", Numbers.count(job.itemsOk()),
                Numbers.count(job.itemsFailed()), Numbers.count(detail.batches().size()),
                detail.batches().size() == 1 ? "batch" : "batches", Numbers.count(job.calls()),
                ReportJobsCommand.cost(job));
        out.println();
        new ReportTable(usage, widthOptions.width()).print(out);
        if (!detail.failures().isEmpty()) {
            out.println();
            out.println("failures (first " + detail.failures().size() + "):");
            for (JobDetail.Failure failure : detail.failures()) {
                out.printf("  %s  %s  %s: %s%n", failure.batchId(), failure.itemKey() == null ? "(scope)" : failure.itemKey(),
                        failure.errorType(), failure.message());
            }
        }
    }

    private static String json(JobDetail detail, UsageReport usage) {
        ObjectNode root = ReportJson.JSON.createObjectNode();
        ReportJobsCommand.json(root.putObject("job"), detail.summary());
        var batches = root.putArray("batches");
        detail.batches().forEach(b -> batches.addObject().put("batch", b.batchId()).put("start", b.start().toString())
                .put("end", b.end().toString()).put("itemsOk", b.itemsOk()).put("itemsFailed", b.itemsFailed()));
        var rows = root.putArray("usage");
        for (UsageTotals row : usage.rows()) {
            ObjectNode node = rows.addObject();
            node.putObject("group").put("batch", row.group().get(0)).put("operation", row.group().get(1));
            ReportJson.totals(node, row);
        }
        var failures = root.putArray("failures");
        detail.failures().forEach(f -> failures.addObject().put("batch", f.batchId()).put("item", f.itemKey())
                .put("errorType", f.errorType()).put("message", f.message()));
        return ReportJson.write(root);
    }
}
