package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.UsageTotals;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The report as an aligned table that fits an 80-column terminal: numbers right-aligned and never cut,
 * token columns that are zero everywhere left out, long labels shortened with an ellipsis.
 */
final class ReportTable {

    private static final int MIN_LABEL_WIDTH = 8;
    private static final String GAP = "  ";

    private record Measure(String header, boolean optional, Function<UsageTotals, String> value) {}

    private static final List<Measure> MEASURES = List.of(
            new Measure("CALLS", false, t -> Numbers.count(t.calls())),
            new Measure("INPUT", false, t -> Numbers.count(t.tokens().input() + t.tokens().audioInput())),
            new Measure("CACHED", true, t -> Numbers.count(
                    t.tokens().cacheRead() + t.tokens().cacheWrite5m() + t.tokens().cacheWrite1h())),
            new Measure("OUTPUT", false, t -> Numbers.count(t.tokens().output() + t.tokens().audioOutput())),
            new Measure("REASONING", true, t -> Numbers.count(t.tokens().reasoning())),
            new Measure("COST", false, ReportTable::cost));

    private final List<GroupKey> keys;
    private final List<UsageTotals> rows;
    private final UsageTotals total;
    private final List<Measure> measures;

    private final int width;

    /** {@code width}: the terminal's columns, or {@link Integer#MAX_VALUE} to cut nothing. */
    ReportTable(List<GroupKey> keys, List<UsageTotals> rows, UsageTotals total, int width) {
        this.width = width;
        this.keys = keys;
        this.rows = rows;
        this.total = total;
        this.measures = MEASURES.stream()
                .filter(m -> !m.optional() || !m.value().apply(total).equals("0"))
                .toList();
    }

    void print(PrintWriter out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(header());
        if (!keys.isEmpty()) {
            rows.forEach(row -> lines.add(cells(row.group(), row)));
        }
        if (keys.isEmpty() || rows.size() != 1) {
            List<String> label = new ArrayList<>(List.of("TOTAL"));
            while (label.size() < keys.size()) {
                label.add("");
            }
            lines.add(cells(label, total));
        }
        int labelColumns = Math.max(keys.size(), 1);
        int[] widths = fitted(widths(lines), labelColumns, keys.indexOf(GroupKey.DAY), width);
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                String cell = abbreviate(line[i], widths[i]);
                String pad = " ".repeat(widths[i] - cell.length());
                text.append(i < labelColumns ? cell + pad : pad + cell).append(i < line.length - 1 ? GAP : "");
            }
            out.println(text.toString().stripTrailing());
        }
        notes(out);
    }

    private void notes(PrintWriter out) {
        if (total.attempts() == 0) {
            out.println("(no usage matches)");
        }
        long priced = total.attempts() - total.unpricedAttempts();
        if (total.estimatedAttempts() > 0) {
            out.println(total.estimatedAttempts() == priced
                    ? "estimated: all of the cost, from token counts (no provider reported usage)"
                    : "estimated: " + total.estimatedCost().format() + " of the cost, from token counts");
        }
        if (total.unpricedAttempts() > 0) {
            out.println("unpriced calls: " + Numbers.count(total.unpricedAttempts()) + ", tokens: "
                    + Numbers.count(total.unpricedTokens()) + " (models with no known price; COST leaves them out, "
                    + "marked *)");
        }
    }

    private String[] header() {
        List<String> cells = new ArrayList<>();
        if (keys.isEmpty()) {
            cells.add("");
        }
        keys.forEach(key -> cells.add(key == GroupKey.DAY ? "DAY (UTC)" : key.label().toUpperCase(Locale.ROOT)));
        measures.forEach(m -> cells.add(m.header()));
        return cells.toArray(String[]::new);
    }

    private String[] cells(List<String> group, UsageTotals totals) {
        List<String> cells = new ArrayList<>();
        group.forEach(value -> cells.add(value == null ? "" : value));
        measures.forEach(m -> cells.add(m.value().apply(totals)));
        return cells.toArray(String[]::new);
    }

    private static int[] widths(List<String[]> lines) {
        int[] widths = new int[lines.getFirst().length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        return widths;
    }

    /** Narrows the widest label columns until the table fits the terminal; numbers and days are never cut. */
    private static int[] fitted(int[] widths, int labelColumns, int dayColumn, int terminalWidth) {
        int total = GAP.length() * (widths.length - 1);
        for (int width : widths) {
            total += width;
        }
        while (total > terminalWidth) {
            int widest = -1;
            for (int i = 0; i < labelColumns; i++) {
                if (i != dayColumn && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0 || widths[widest] <= MIN_LABEL_WIDTH) {
                break;
            }
            widths[widest]--;
            total--;
        }
        return widths;
    }

    /** A group whose usage is all unpriced has no cost, not $0; a partly unpriced one is marked. */
    private static String cost(UsageTotals totals) {
        if (totals.allUnpriced()) {
            return "unpriced";
        }
        return totals.cost().format() + (totals.unpricedAttempts() > 0 ? "*" : "");
    }

    private static String abbreviate(String value, int width) {
        return value.length() <= width ? value : value.substring(0, width - 1) + "…";
    }
}
