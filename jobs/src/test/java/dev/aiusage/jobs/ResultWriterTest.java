package dev.aiusage.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiusage.jobs.receipt.ReceiptFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {

    @TempDir
    Path dir;

    @Test
    void resultsWithOneLinePerReceiptAreLeftAsTheyAre() throws Exception {
        try (ResultWriter writer = new ResultWriter(dir)) {
            writer.write(ok("a", "Alpha"));
            writer.write(ok("b", "Beta"));
            Files.writeString(dir.resolve("results.jsonl.compacting"), "{\"file\":\"/left/by/a/crash.txt\"}\n");
            Object before = fileKey(writer.file());

            writer.compact();

            assertThat(fileKey(writer.file())).as("not rewritten").isEqualTo(before);
            assertThat(merchants(writer.file())).containsExactly("Alpha", "Beta");
        }
        assertThat(dir.resolve("results.jsonl.compacting")).doesNotExist();
    }

    @Test
    void aReceiptDoneAgainKeepsOnlyItsLastLineWhereItWasWritten() throws Exception {
        try (ResultWriter writer = new ResultWriter(dir)) {
            writer.write(ok("a", "First try"));
            writer.write(ok("b", "Beta"));
            writer.write(ok("a", "Second try"));

            writer.compact();

            assertThat(merchants(writer.file())).containsExactly("Beta", "Second try");
        }
    }

    @Test
    void anUnpairedSurrogateInAnAnswerIsReplacedRatherThanFailingTheFile() throws Exception {
        try (ResultWriter writer = new ResultWriter(dir)) {
            writer.write(ok("a", "BAD \ud800 NAME"));
            writer.write(ok("b", "Beta \ud83d\ude00"));

            writer.compact();

            assertThat(merchants(writer.file())).containsExactly("BAD \ufffd NAME", "Beta \ud83d\ude00");
        }
    }

    @Test
    void unreadableLinesAreDroppedByTheRewrite() throws Exception {
        Path results = dir.resolve(ResultWriter.FILE_NAME);
        try (ResultWriter writer = new ResultWriter(dir)) {
            writer.write(ok("a", "Alpha"));
        }
        Files.writeString(results, Files.readString(results) + "not json\n{\"file\":null}\n{\"receipt\":\"b\",\"fi");
        try (ResultWriter writer = new ResultWriter(dir)) {
            writer.write(ok("b", "Beta"));

            writer.compact();
        }

        assertThat(Files.readAllLines(results)).hasSize(2);
        assertThat(merchants(results)).containsExactly("Alpha", "Beta");
    }

    private ReceiptResult ok(String name, String merchant) {
        return new ReceiptResult.Ok(name, dir.resolve(name + ".txt"), "sha-" + name,
                new ReceiptFields(merchant, "2024-01-01", "1.00", "MYR", null));
    }

    private static List<String> merchants(Path results) {
        List<String> merchants = new ArrayList<>();
        ResultLines.read(results, (line, node) -> merchants.add(node.path("merchant").asText()));
        return merchants;
    }

    private static Object fileKey(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
