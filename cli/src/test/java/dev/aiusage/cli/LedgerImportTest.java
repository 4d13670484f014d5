package dev.aiusage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.ledger.EntryCodec;
import dev.aiusage.ledger.Ledger;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerImportTest {

    @TempDir
    Path dir;

    private Path ledger() {
        return dir.resolve("target.db");
    }

    private static String line() {
        return EntryCodec.encode(UsageEvent.builder("openai", ApiKind.CHAT).requestModel("gpt-4o-mini")
                .tokens(TokenBuckets.of(10, 1)).build());
    }

    private Cli importFile(Path file) {
        return Cli.run("ledger", "import", "--ledger", ledger().toString(), file.toString());
    }

    private Path existingLedgerWithOneEvent() throws Exception {
        try (Ledger l = Ledger.open(ledger())) {
            l.append(List.of((UsageEvent) EntryCodec.decode(line())));
        }
        return ledger();
    }

    private long events() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + ledger());
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM usage_event")) {
            return rs.getLong(1);
        }
    }

    @Test
    void aMalformedLineIsNamedByFileAndLineAndNothingIsImported() throws Exception {
        existingLedgerWithOneEvent();
        Path file = Files.writeString(dir.resolve("bad.jsonl"), line() + "\n" + line() + "\n"
                + line().replace("\"attempt\":1", "\"attempt\":\"one\"") + "\n" + line() + "\n");

        Cli cli = importFile(file);

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains(file + ":3: field 'attempt' must be a whole number").contains("nothing was imported");
        assertThat(cli.err().lines()).hasSize(1);
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void aMalformedLineLeavesAMissingLedgerUncreated() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.jsonl"), line() + "\n{\"kind\": \"usage\"}\n");

        Cli cli = importFile(file);

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("bad.jsonl:2: field 'tokens' must be an object");
        assertThat(ledger()).doesNotExist();
    }

    @Test
    void anEmptyFileImportsNothingAndCreatesNoLedger() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");

        Cli cli = importFile(file);

        assertThat(cli.exitCode()).isEqualTo(0);
        assertThat(cli.out()).contains("no entries in").contains("nothing imported");
        assertThat(ledger()).doesNotExist();
    }

    @Test
    void aTruncatedLastLineIsRefused() throws Exception {
        existingLedgerWithOneEvent();
        String whole = line();
        Path file = Files.writeString(dir.resolve("torn.jsonl"), line() + "\n" + whole.substring(0, whole.length() / 2));

        Cli cli = importFile(file);

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("torn.jsonl:2: not JSON");
        assertThat(events()).isEqualTo(1);
    }

    @Test
    void aHugeLineIsRefusedWithoutReadingItWhole() throws Exception {
        Path file = dir.resolve("huge.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 17; i++) {
                out.write(chunk);
            }
        }

        Cli cli = importFile(file);

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("huge.jsonl:1: the line is longer than 16 MiB");
        assertThat(ledger()).doesNotExist();
    }

    @Test
    void aFileThatIsNotJsonLinesIsRefusedAtItsFirstLine() throws Exception {
        Path csv = Files.writeString(dir.resolve("usage.csv"), "event_id,call_id\r\n1,2\r\n");
        Path binary = Files.write(dir.resolve("usage.bin"), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '\n'});

        Cli fromCsv = importFile(csv);
        Cli fromBinary = importFile(binary);

        assertThat(fromCsv.exitCode()).isEqualTo(2);
        assertThat(fromCsv.err()).contains("usage.csv:1: not JSON: Unrecognized token 'event_id'");
        assertThat(fromBinary.exitCode()).isEqualTo(2);
        assertThat(fromBinary.err()).contains("usage.bin:1: not UTF-8 text");
        assertThat(ledger()).doesNotExist();
    }

    @Test
    void aLedgerOfANewerSchemaIsRefusedAndLeftUnchanged() throws Exception {
        existingLedgerWithOneEvent();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + ledger())) {
            c.createStatement().execute("PRAGMA user_version = 99");
        }
        byte[] before = Files.readAllBytes(ledger());
        Path file = Files.writeString(dir.resolve("ok.jsonl"), line() + "\n");

        Cli cli = importFile(file);

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("newer aiusage");
        assertThat(Files.readAllBytes(ledger())).isEqualTo(before);
    }

    @Test
    void aMissingFileIsAUsageError() {
        Cli cli = importFile(dir.resolve("absent.jsonl"));

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("absent.jsonl does not exist");
        assertThat(ledger()).doesNotExist();
    }

    @Test
    void crlfLinesAndBlankLinesAreAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("windows.jsonl"), line() + "\r\n\r\n" + line() + "\r\n");

        Cli cli = importFile(file);

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(0);
        assertThat(events()).isEqualTo(2);
    }
}
