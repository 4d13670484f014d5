package dev.aiusage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.ledger.LedgerInfo;
import dev.aiusage.ledger.Spool;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aiusage ledger info}: what the ledger holds and how large it is. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {"Show the ledger's path, schema version, how many usage events and scope records it holds "
                + "(and from when to when), its size on disk, and usage waiting in its spool. Changes nothing: the spool "
                + "is counted, not imported (a ledger of an older aiusage is brought up to date, as by every command)."},
        footer = """

                Exit codes:
                  0  done
                  2  usage error: bad option, or no ledger at the path (nothing is created)
                  3  the ledger could not be read""")
final class LedgerInfoCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Format { TEXT, JSON }

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions ledgerOptions;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        LedgerInfo info = LedgerInfo.of(ledgerOptions.resolve());
        PrintWriter out = spec.commandLine().getOut();
        out.println(format == Format.JSON ? json(info) : text(info));
        out.flush();
        return ExitCode.OK;
    }

    private static String text(LedgerInfo info) {
        Spool spool = Spool.beside(info.path());
        StringBuilder text = new StringBuilder();
        text.append("ledger:          ").append(info.path()).append('\n');
        text.append("schema version:  ").append(info.schemaVersion()).append('\n');
        text.append("usage events:    ").append(Numbers.count(info.events()));
        if (info.firstEvent() != null) {
            text.append(", from ").append(info.firstEvent()).append(" to ").append(info.lastEvent());
        }
        text.append('\n');
        text.append("scope records:   ").append(Numbers.count(info.scopes())).append('\n');
        text.append("size on disk:    ").append(Numbers.count(info.totalBytes())).append(" bytes (database ")
                .append(Numbers.count(info.databaseBytes())).append(", write-ahead log ")
                .append(Numbers.count(info.walBytes())).append(')');
        if (info.spoolEntries() > 0) {
            text.append("\nspool:           ").append(Numbers.count(info.spoolEntries())).append(" entries waiting in ")
                    .append(spool.file()).append(" (added when the ledger is next opened by run or report)");
        }
        if (info.rejectedSpoolLines() > 0) {
            text.append("\nrejected:        ").append(Numbers.count(info.rejectedSpoolLines()))
                    .append(" spool lines that could not be read, kept in ").append(spool.rejectedFile());
        }
        return text.toString();
    }

    private static String json(LedgerInfo info) {
        Spool spool = Spool.beside(info.path());
        ObjectNode root = JSON.createObjectNode();
        root.put("ledger", info.path().toString());
        root.put("schemaVersion", info.schemaVersion());
        root.put("events", info.events());
        root.put("scopes", info.scopes());
        root.put("firstEvent", iso(info.firstEvent()));
        root.put("lastEvent", iso(info.lastEvent()));
        root.put("databaseBytes", info.databaseBytes());
        root.put("walBytes", info.walBytes());
        root.put("totalBytes", info.totalBytes());
        root.put("spoolFile", spool.file().toString());
        root.put("spoolEntries", info.spoolEntries());
        root.put("rejectedFile", spool.rejectedFile().toString());
        root.put("rejectedSpoolLines", info.rejectedSpoolLines());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
