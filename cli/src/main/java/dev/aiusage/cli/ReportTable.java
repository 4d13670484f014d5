package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.UsageTotals;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The report as an aligned table that fits an 80-column terminal, with a total row and notes. */
final class ReportTable {

    private static final int MAX_GROUP_WIDTH = 24;
    private static final String[] MEASURES = {"CALLS", "INPUT", "CACHED", "OUTPUT", "REASONING", "COST"};

    private final List<GroupKey> keys;
    private final List<UsageTotals> rows;
    private final UsageTotals total;

    ReportTable(List<GroupKey> keys, List<UsageTotals> rows, UsageTotals total) {
        this.keys = keys;
        this.rows = rows;
        this.total = total;
    }

    void print(PrintWriter out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(header());
        rows.forEach(row -> lines.add(cells(row.group(), row)));
        if (!keys.isEmpty() && rows.size() != 1) {
            lines.add(cells(totalLabel(), total));
        }
        int[] widths = widths(lines);
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean number = i >= Math.max(keys.size(), 1);
                String cell = line[i];
                text.append(number ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length()));
                text.append(i < line.length - 1 ? "  " : "");
            }
            out.println(text.toString().stripTrailing());
        }
        String notes = RunSummary.costNote(total);
        if (!notes.isEmpty()) {
            out.println("cost" + notes);
        }
        if (total.attempts() == 0) {
            out.println("(no usage matches)");
        }
    }

    private String[] header() {
        List<String> cells = new ArrayList<>();
        if (keys.isEmpty()) {
            cells.add("");
        }
        keys.forEach(key -> cells.add(key == GroupKey.DAY ? "DAY (UTC)" : key.label().toUpperCase(java.util.Locale.ROOT)));
        cells.addAll(List.of(MEASURES));
        return cells.toArray(String[]::new);
    }

    private List<String> totalLabel() {
        List<String> label = new ArrayList<>();
        label.add("TOTAL");
        while (label.size() < keys.size()) {
            label.add("");
        }
        return label;
    }

    private String[] cells(List<String> group, UsageTotals t) {
        List<String> cells = new ArrayList<>();
        if (keys.isEmpty()) {
            cells.add("TOTAL");
        }
        group.forEach(value -> cells.add(abbreviate(value == null ? "" : value)));
        cells.add(Numbers.count(t.calls()));
        cells.add(Numbers.count(t.tokens().input() + t.tokens().audioInput()));
        cells.add(Numbers.count(t.tokens().cacheRead() + t.tokens().cacheWrite5m() + t.tokens().cacheWrite1h()));
        cells.add(Numbers.count(t.tokens().output() + t.tokens().audioOutput()));
        cells.add(Numbers.count(t.tokens().reasoning()));
        cells.add(t.cost().format());
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

    private static String abbreviate(String value) {
        return value.length() <= MAX_GROUP_WIDTH ? value : value.substring(0, MAX_GROUP_WIDTH - 1) + "…";
    }
}
