package dev.aiusage.cli;

import java.util.Locale;

/** Counts as people read them: {@code 12,345}. */
final class Numbers {

    private Numbers() {}

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
