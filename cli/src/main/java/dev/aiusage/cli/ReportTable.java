package dev.aiusage.cli;

import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.UsageReport;
import dev.aiusage.ledger.UsageTotals;
import dev.aiusage.pricing.Money;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report as an aligned table that fits the terminal: numbers right-aligned and never cut, a cost
 * bar per row when grouped by time. When it is too wide it narrows in steps: the bar, long labels
 * (to 12 characters, with an ellipsis), the least needed columns (named in a note), labels to 8.
 */
final class ReportTable {

    private static final String GAP = "  ";
    private static final int COMFORTABLE_LABEL = 12;
    private static final int MIN_LABEL = 8;
    private static final int MAX_BAR = 20;
    private static final int MIN_BAR = 5;
    private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    private final UsageReport report;
    private final List<GroupKey> keys;
    private final int width;

    /** {@code width}: the terminal's columns, or {@link Integer#MAX_VALUE} to narrow nothing. */
    ReportTable(UsageReport report, int width) {
        this.report = report;
        this.keys = report.query().groupBy();
        this.width = width;
    }

    void print(PrintWriter out) {
        List<ReportColumns.Column> columns = new ArrayList<>(ReportColumns.shownFor(report.total()));
        int labels = Math.max(keys.size(), 1);
        List<UsageTotals> lines = new ArrayList<>();
        if (!keys.isEmpty()) {
            lines.addAll(report.rows());
        }
        boolean totalLine = keys.isEmpty() || report.rows().size() != 1;
        if (totalLine) {
            lines.add(report.total());
        }
        int[] labelWidths = labelWidths(lines, totalLine);
        List<String> leftOut = new ArrayList<>();
        narrowLabels(labelWidths, columns, lines, COMFORTABLE_LABEL);
        while (tableWidth(labelWidths, columns, lines) > width) {
            ReportColumns.Column least = columns.stream().filter(c -> c.keep() != Integer.MAX_VALUE)
                    .min(Comparator.comparingInt(ReportColumns.Column::keep)).orElse(null);
            if (least == null) {
                break;
            }
            columns.remove(least);
            leftOut.add(least.header());
        }
        narrowLabels(labelWidths, columns, lines, MIN_LABEL);
        int used = tableWidth(labelWidths, columns, lines);
        int bar = !keys.isEmpty() && keys.stream().anyMatch(GroupKey::isTime)
                ? Math.min(MAX_BAR, width - used - GAP.length()) : 0;
        Money top = report.rows().stream().map(UsageTotals::cost).max(Money::compareTo).orElse(Money.ZERO);

        int[] numberWidths = columns.stream().mapToInt(c -> numberWidth(c, lines)).toArray();
        out.println(line(header(), columns.stream().map(ReportColumns.Column::header).toList(), labelWidths,
                numberWidths, ""));
        for (int i = 0; i < lines.size(); i++) {
            UsageTotals row = lines.get(i);
            boolean isTotal = totalLine && i == lines.size() - 1;
            List<String> label = isTotal ? totalLabel(labels) : row.group();
            String barCells = bar >= MIN_BAR && !isTotal ? bar(row, top, bar) : "";
            out.println(line(label, columns.stream().map(c -> c.cell().apply(row)).toList(), labelWidths, numberWidths,
                    barCells));
        }
        List<String> notes = new ArrayList<>(ReportNotes.of(report));
        if (!leftOut.isEmpty()) {
            notes.add("left out to fit " + width + " columns: " + String.join(", ", leftOut)
                    + " (see --width, or --format csv or json)");
        }
        notes.forEach(note -> wrap(note, out));
    }

    /** Prints a note in lines of at most {@code width} characters, continued lines indented. */
    private void wrap(String note, PrintWriter out) {
        StringBuilder line = new StringBuilder();
        for (String word : note.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.println(line);
                line.setLength(0);
                line.append("  ");
            }
            line.append(line.isEmpty() || line.toString().isBlank() ? "" : " ").append(word);
        }
        out.println(line);
    }

    private List<String> header() {
        if (keys.isEmpty()) {
            return List.of("");
        }
        return keys.stream().map(k -> k.label().toUpperCase(Locale.ROOT)).toList();
    }

    private List<String> totalLabel(int labels) {
        List<String> label = new ArrayList<>(List.of("TOTAL"));
        while (label.size() < labels) {
            label.add("");
        }
        return label;
    }

    private int[] labelWidths(List<UsageTotals> lines, boolean totalLine) {
        int[] widths = new int[Math.max(keys.size(), 1)];
        List<String> header = header();
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
        }
        if (totalLine) {
            widths[0] = Math.max(widths[0], "TOTAL".length());
        }
        for (UsageTotals row : keys.isEmpty() ? List.<UsageTotals>of() : report.rows()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.group().get(i).length());
            }
        }
        return widths;
    }

    /** Narrows the widest label (never a date) by one until the table fits or every label is at {@code floor}. */
    private void narrowLabels(int[] labelWidths, List<ReportColumns.Column> columns, List<UsageTotals> lines,
            int floor) {
        while (tableWidth(labelWidths, columns, lines) > width) {
            int widest = -1;
            for (int i = 0; i < keys.size(); i++) {
                if (!keys.get(i).isTime() && labelWidths[i] > floor && (widest < 0 || labelWidths[i] > labelWidths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return;
            }
            labelWidths[widest]--;
        }
    }

    private int tableWidth(int[] labelWidths, List<ReportColumns.Column> columns, List<UsageTotals> lines) {
        int total = 0;
        for (int w : labelWidths) {
            total += w + GAP.length();
        }
        for (ReportColumns.Column column : columns) {
            total += numberWidth(column, lines) + GAP.length();
        }
        return total - GAP.length();
    }

    private int numberWidth(ReportColumns.Column column, List<UsageTotals> lines) {
        int widest = Math.max(column.header().length(), column.cell().apply(report.total()).length());
        for (UsageTotals row : lines) {
            widest = Math.max(widest, column.cell().apply(row).length());
        }
        return widest;
    }

    private static String line(List<String> labels, List<String> numbers, int[] labelWidths, int[] numberWidths,
            String bar) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < labelWidths.length; i++) {
            String cell = abbreviate(labels.get(i), labelWidths[i]);
            text.append(cell).append(" ".repeat(labelWidths[i] - cell.length())).append(GAP);
        }
        for (int i = 0; i < numberWidths.length; i++) {
            String cell = numbers.get(i);
            text.append(" ".repeat(numberWidths[i] - cell.length())).append(cell).append(GAP);
        }
        return (text + bar).stripTrailing();
    }

    /** A bar as long as the row's share of the largest row's cost, in eighths of a character. */
    private static String bar(UsageTotals row, Money top, int width) {
        if (top.nanos() <= 0 || row.cost().nanos() <= 0) {
            return "";
        }
        int eighths = Math.max(1, BigDecimal.valueOf(row.cost().nanos()).multiply(BigDecimal.valueOf(width * 8L))
                .divide(BigDecimal.valueOf(top.nanos()), 0, RoundingMode.HALF_UP).intValueExact());
        return "█".repeat(eighths / 8) + EIGHTHS[eighths % 8];
    }

    private static String abbreviate(String value, int width) {
        return value.length() <= width ? value : value.substring(0, width - 1) + "…";
    }
}
