package dev.aiusage.cli;

import picocli.CommandLine.Option;

/** {@code --width}: how wide a table may be; shared by the table-printing commands. */
final class WidthOptions {

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Fit tables in COLUMNS. Default: $COLUMNS or 80 on a terminal; nothing is narrowed when the "
                    + "output is piped.")
    Integer width;

    /** The columns a table may use, or {@link Integer#MAX_VALUE} when output is not a terminal. */
    int width() {
        if (width != null) {
            if (width < 40 || width > 10_000) {
                throw new UsageError("--width must be 40 to 10000 columns, got " + width);
            }
            return width;
        }
        if (System.console() == null || !System.console().isTerminal()) {
            return Integer.MAX_VALUE;
        }
        String columns = System.getenv("COLUMNS");
        return columns != null && columns.matches("\\d{2,4}") ? Integer.parseInt(columns) : 80;
    }
}
