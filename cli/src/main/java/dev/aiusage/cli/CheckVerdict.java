package dev.aiusage.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of {@code check}: every figure compared, whether it held, and one verdict line naming
 * what did not.
 *
 * @param scope which usage was checked, e.g. {@code job demo, since 7d}
 */
record CheckVerdict(String scope, List<Line> lines) {

    /** One comparison; {@code problem} says in a few words what failed (shown in the verdict line). */
    record Line(String check, String value, String limit, boolean ok, String problem) {

        static Line ok(String check, String value, String limit) {
            return new Line(check, value, limit, true, null);
        }

        static Line failed(String check, String value, String limit, String problem) {
            return new Line(check, value, limit, false, problem);
        }
    }

    CheckVerdict {
        lines = List.copyOf(lines);
    }

    boolean passed() {
        return lines.stream().allMatch(Line::ok);
    }

    String verdict() {
        if (passed()) {
            return "PASS: " + lines.size() + (lines.size() == 1 ? " check" : " checks") + " held (" + scope + ")";
        }
        return "FAIL: " + lines.stream().filter(l -> !l.ok()).map(Line::problem).collect(Collectors.joining("; "))
                + " (" + scope + ")";
    }

    void printText(PrintWriter out) {
        out.println(verdict());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("  CHECK", "VALUE", "LIMIT", "RESULT"));
        lines.forEach(l -> rows.add(List.of("  " + l.check(), l.value(), l.limit(), l.ok() ? "ok" : "FAIL")));
        Columns.print(rows, 99, out);
    }

    /** A Markdown table for a pull-request comment or a GitHub step summary. */
    String markdown() {
        List<List<String>> rows = lines.stream()
                .map(l -> List.of(l.check(), l.value(), l.limit(), l.ok() ? "✅ ok" : "❌ FAIL"))
                .toList();
        return "### aiusage check: " + (passed() ? "✅ PASS" : "❌ FAIL") + "\n\n" + Markdown.escape(verdict()) + "\n\n"
                + Markdown.table(List.of("check", "value", "limit", "result"), 1, rows);
    }
}
