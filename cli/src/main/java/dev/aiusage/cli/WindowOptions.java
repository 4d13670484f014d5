package dev.aiusage.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --since}, {@code --until} and the {@code --tz} they (and time groups) are read in. */
final class WindowOptions {

    @Option(names = "--since", paramLabel = "WHEN", description = "Only usage from then on: " + Since.FORMS + ".")
    String since;

    @Option(names = "--until", paramLabel = "WHEN",
            description = "Only usage before then (same forms; a date or period counts whole, so --until 2025-01-24 "
                    + "includes that day).")
    String until;

    @Option(names = "--tz", paramLabel = "ZONE",
            description = "Time zone of days, weeks, months, hours and dates: a region such as Europe/Paris, UTC, or an "
                    + "offset such as +05:30. Default: the system's.")
    String tz;

    ZoneId zone() {
        return zone(tz);
    }

    /** A zone by id, ignoring case ({@code utc}, {@code europe/paris}), or an offset; null: the system's. */
    static ZoneId zone(String tz) {
        if (tz == null) {
            return ZoneId.systemDefault();
        }
        String wanted = tz.strip();
        for (String id : ZoneId.getAvailableZoneIds()) {
            if (id.equalsIgnoreCase(wanted)) {
                return ZoneId.of(id);
            }
        }
        try {
            return ZoneId.of(wanted.toUpperCase(Locale.ROOT)).normalized();
        } catch (DateTimeException e) {
            throw new UsageError("--tz '" + tz + "' is not a time zone; use a region such as America/Los_Angeles, UTC, "
                    + "or an offset such as +05:30");
        }
    }

    /** The window: {@code [from, to)}, either end null when open, and its zone. */
    record Window(Instant from, Instant to, ZoneId zone) {}

    Window bounds(Clock clock) {
        ZoneId zone = zone();
        Clock local = clock.withZone(zone);
        Instant from = since == null ? null : Since.start("--since", since, local);
        Instant to = until == null ? null : Since.end("--until", until, local);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new UsageError("--since " + since + " (" + from + ") is not before --until " + until + " (" + to
                    + "): the window is empty");
        }
        return new Window(from, to, zone);
    }
}
