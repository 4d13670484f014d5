package dev.aiusage.cli;

import java.util.List;

/** GitHub-flavoured Markdown tables, with cells that cannot break out of their column. */
final class Markdown {

    private Markdown() {}

    /** A table: the header row, the alignment row ({@code numbers} right-aligned from that column on), the rows. */
    static String table(List<String> header, int numbersFrom, List<List<String>> rows) {
        StringBuilder text = new StringBuilder(row(header));
        StringBuilder align = new StringBuilder("|");
        for (int i = 0; i < header.size(); i++) {
            align.append(i >= numbersFrom ? "---:|" : "---|");
        }
        text.append(align).append('\n');
        rows.forEach(cells -> text.append(row(cells)));
        return text.toString();
    }

    private static String row(List<String> cells) {
        StringBuilder text = new StringBuilder("|");
        for (String cell : cells) {
            text.append(' ').append(escape(cell)).append(" |");
        }
        return text.append('\n').toString();
    }

    static String escape(String cell) {
        return cell.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;");
    }
}
