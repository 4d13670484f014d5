package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.UsageReport;
import dev.aiusage.ledger.UsageTotals;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as CSV (RFC 4180) for spreadsheets: one line per group (or one for everything when
 * ungrouped), every figure exact, no total line (a spreadsheet sums the column), empty cost where
 * nothing has a price.
 */
final class ReportCsv {

    private static final List<String> MEASURES = List.of("calls", "attempts", "errors", "input_tokens",
            "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "output_tokens", "reasoning_tokens",
            "audio_input_tokens", "audio_output_tokens", "cost_usd", "estimated_cost_usd", "estimated_attempts",
            "unpriced_attempts", "unpriced_tokens", "latency_p50_ms", "latency_p95_ms");

    private ReportCsv() {}

    static void print(UsageReport report, PrintWriter out) {
        List<String> header = new ArrayList<>(report.query().groupBy().stream().map(GroupKey::label).toList());
        header.addAll(MEASURES);
        out.print(line(header));
        List<UsageTotals> rows = report.query().groupBy().isEmpty() ? List.of(report.total()) : report.rows();
        for (UsageTotals row : rows) {
            List<String> cells = new ArrayList<>(row.group());
            var t = row.tokens();
            for (long n : new long[] {row.calls(), row.attempts(), row.errors(), t.input(), t.cacheRead(),
                t.cacheWrite5m(), t.cacheWrite1h(), t.output(), t.reasoning(), t.audioInput(), t.audioOutput()}) {
                cells.add(Long.toString(n));
            }
            cells.add(row.allUnpriced() ? "" : row.cost().toPlainUsd());
            cells.add(row.allUnpriced() ? "" : row.estimatedCost().toPlainUsd());
            cells.add(Long.toString(row.estimatedAttempts()));
            cells.add(Long.toString(row.unpricedAttempts()));
            cells.add(Long.toString(row.unpricedTokens()));
            cells.add(row.latency().known() ? Long.toString(row.latency().p50Millis()) : "");
            cells.add(row.latency().known() ? Long.toString(row.latency().p95Millis()) : "");
            out.print(line(cells));
        }
    }

    private static String line(List<String> cells) {
        StringBuilder text = new StringBuilder();
        for (String cell : cells) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            boolean quote = cell.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                    || !cell.equals(cell.strip());
            text.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        return text.append("\r\n").toString();
    }
}
