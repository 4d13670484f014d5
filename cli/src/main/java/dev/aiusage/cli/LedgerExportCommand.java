package dev.aiusage.cli;

import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import dev.aiusage.event.LedgerEntry;
import dev.aiusage.event.ScopeRecord;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.EntryCodec;
import dev.aiusage.ledger.EntryFilter;
import dev.aiusage.ledger.LedgerExport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage ledger export}: the ledger's entries as JSON lines (to import elsewhere) or CSV. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {"Write the ledger's entries to stdout (or --out FILE).",
            "jsonl: every usage event, then every scope record, one JSON object a line, with every field the ledger "
                    + "holds (attribution, attributes, batch ok/failed counts); 'aiusage ledger import' reads it back. "
                    + "Non-ASCII characters are written as \\u escapes, so the file is plain ASCII.",
            "csv: one row per usage event (no scope records), flat columns, one column attr:NAME per attribute, "
                    + "cost as an exact decimal in USD (empty when unpriced); RFC 4180 quoting, UTF-8.",
            "Filters: events by the time they started; scope records that were running in the window."},
        footer = """

                Exit codes:
                  0  done
                  2  usage error: bad option, an existing --out file, or no ledger at the
                     path (nothing is created)
                  3  the ledger could not be read, or the output could not be written""")
final class LedgerExportCommand implements Callable<Integer> {

    enum Format { JSONL, CSV }

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl or csv. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--job", paramLabel = "ID", description = "Only entries of this job.")
    String job;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only entries from then on: " + Since.FORMS + ".")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only entries before then (same forms as --since).")
    String until;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write to this new file (UTF-8) instead of stdout; it must not exist yet.")
    Path out;

    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() {
        EntryFilter filter = filter();
        if (out != null && Files.exists(out)) {
            throw new UsageError("--out " + out + " already exists; remove it or name a new file");
        }
        Counts counts;
        try (LedgerExport export = LedgerExport.open(ledgerOptions.resolve())) {
            counts = out == null ? toStdout(export, filter) : toFile(export, filter);
        }
        spec.commandLine().getErr().printf("aiusage: exported %s usage events%s%s%n", Numbers.count(counts.events),
                format == Format.JSONL ? " and " + Numbers.count(counts.scopes) + " scope records" : "",
                out == null ? "" : " to " + out);
        return ExitCode.OK;
    }

    private EntryFilter filter() {
        Instant from = since == null ? null : time("--since", since);
        Instant to = until == null ? null : time("--until", until);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new UsageError("--since " + since + " is not before --until " + until + "; nothing would match");
        }
        return new EntryFilter(job, from, to);
    }

    private Instant time(String option, String text) {
        try {
            return Since.parse(text, clock);
        } catch (UsageError e) {
            throw new UsageError(e.getMessage().replaceFirst("^--since", option));
        }
    }

    private Counts toStdout(LedgerExport export, EntryFilter filter) {
        var stdout = spec.commandLine().getOut();
        Counts counts = write(export, filter, stdout);
        stdout.flush();
        if (stdout.checkError()) {
            throw new StorageException("cannot write the export to stdout", null);
        }
        return counts;
    }

    /** Through a temporary file, so a failure never leaves half an export under the name asked for. */
    private Counts toFile(LedgerExport export, EntryFilter filter) {
        Path target = out.toAbsolutePath().normalize();
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Counts counts;
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                counts = write(export, filter, writer);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return counts;
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new StorageException("cannot write " + out + ": " + IoErrors.reason(cause), cause);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the failure to report, if any, is the one above
            }
        }
    }

    private Counts write(LedgerExport export, EntryFilter filter, Writer writer) {
        Counts counts = new Counts();
        if (format == Format.CSV) {
            EventCsv csv = new EventCsv(export.eventAttributeKeys(filter));
            append(writer, csv.header());
            export.events(filter, event -> {
                append(writer, csv.row(event));
                counts.events++;
            });
        } else {
            export.entries(filter, entry -> {
                append(writer, ascii(EntryCodec.encode(entry)) + "\n");
                counts.add(entry);
            });
        }
        return counts;
    }

    private static void append(Writer writer, String text) {
        try {
            writer.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON with every non-ASCII character escaped: unharmed by a terminal or locale that is not UTF-8. */
    static String ascii(String json) {
        StringBuilder escaped = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c > 0x7e) {
                if (escaped == null) {
                    escaped = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                escaped.append(String.format("\\u%04x", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? json : escaped.toString();
    }

    private static final class Counts {
        long events;
        long scopes;

        void add(LedgerEntry entry) {
            switch (entry) {
                case UsageEvent event -> events++;
                case ScopeRecord scope -> scopes++;
            }
        }
    }
}
