package dev.aiusage.cli;

import dev.aiusage.ledger.UsageReport;
import dev.aiusage.ledger.UsageTotals;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report as a Markdown table (for a pull request or a wiki), the same columns and notes as the terminal table. */
final class ReportMarkdown {

    private ReportMarkdown() {}

    static void print(UsageReport report, PrintWriter out) {
        List<ReportColumns.Column> columns = ReportColumns.shownFor(report.total());
        var keys = report.query().groupBy();
        List<String> header = new ArrayList<>(keys.isEmpty() ? List.of("")
                : keys.stream().map(k -> k.label().toUpperCase(Locale.ROOT)).toList());
        columns.forEach(c -> header.add(c.header()));
        List<List<String>> rows = new ArrayList<>();
        if (!keys.isEmpty()) {
            report.rows().forEach(row -> rows.add(cells(row.group(), columns, row)));
        }
        List<String> total = new ArrayList<>(List.of("TOTAL"));
        while (total.size() < Math.max(keys.size(), 1)) {
            total.add("");
        }
        rows.add(cells(total, columns, report.total()));
        out.print(Markdown.table(header, Math.max(keys.size(), 1), rows));
        List<String> notes = ReportNotes.of(report);
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(note -> out.println("- " + Markdown.escape(note)));
        }
    }

    private static List<String> cells(List<String> label, List<ReportColumns.Column> columns, UsageTotals totals) {
        List<String> cells = new ArrayList<>(label);
        columns.forEach(c -> cells.add(c.cell().apply(totals)));
        return cells;
    }
}
