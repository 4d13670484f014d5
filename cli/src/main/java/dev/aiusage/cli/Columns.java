package dev.aiusage.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows of cells aligned in columns: text left-aligned, numbers (from a given column on) right-aligned. */
final class Columns {

    private Columns() {}

    static void print(List<List<String>> rows, int numbersFrom, PrintWriter out) {
        int[] widths = new int[rows.getFirst().size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String pad = " ".repeat(widths[i] - row.get(i).length());
                line.append(i >= numbersFrom ? pad + row.get(i) : row.get(i) + pad).append("  ");
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
