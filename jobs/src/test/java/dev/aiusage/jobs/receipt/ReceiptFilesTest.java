package dev.aiusage.jobs.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.AiusageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptFilesTest {

    @TempDir
    Path dir;

    @Test
    void findsReceiptsRecursivelyInOrderAndNotesOtherFiles() throws Exception {
        Files.createDirectories(dir.resolve("b/.hidden"));
        Files.writeString(dir.resolve("b/2.csv"), "x");
        Files.writeString(dir.resolve("a.txt"), "x");
        Files.writeString(dir.resolve("b/.hidden/3.txt"), "x");
        Files.writeString(dir.resolve("notes.md"), "x");

        ReceiptFiles found = ReceiptFiles.find(List.of(dir));

        assertThat(found.stream()).extracting(p -> dir.toRealPath().relativize(p).toString()).containsExactly("a.txt", "b/2.csv");
        assertThat(found.count()).isEqualTo(2);
        assertThat(found.skipped().examples()).singleElement().asString().endsWith("notes.md");
    }

    @Test
    void aFileNamedTwiceIsProcessedOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "x");

        assertThat(ReceiptFiles.find(List.of(file, dir)).stream()).hasSize(1);
    }

    @Test
    void foldersAreListedAsTheReceiptsAreTakenNotUpFront() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/1.txt"), "x");
        Files.writeString(dir.resolve("b/2.txt"), "x");
        ReceiptFiles found = ReceiptFiles.find(List.of(dir));
        Iterator<Path> receipts = found.iterator();

        assertThat(receipts.next().getFileName()).hasToString("1.txt");
        Files.writeString(dir.resolve("b/3.txt"), "x"); // after the first receipt was taken, before b was reached

        assertThat(receipts).toIterable().extracting(p -> p.getFileName().toString()).containsExactly("2.txt", "3.txt");
        assertThat(found.count()).as("counted when the arguments were checked").isEqualTo(2);
    }

    @Test
    void aFolderInsideANamedFolderIsSearchedOnce() throws Exception {
        Files.createDirectories(dir.resolve("sub/.hidden"));
        Files.writeString(dir.resolve("sub/1.txt"), "x");
        Path hidden = Files.writeString(dir.resolve("sub/.hidden/2.txt"), "x");

        ReceiptFiles found = ReceiptFiles.find(List.of(dir.resolve("sub"), dir, dir, hidden));

        assertThat(found.stream()).extracting(p -> dir.toRealPath().relativize(p).toString())
                .as("the hidden file is not searched, so naming it counts").containsExactly("sub/1.txt", "sub/.hidden/2.txt");
        assertThat(found.count()).isEqualTo(2);
    }

    @Test
    void aReceiptReachedThroughALinkThatASearchFindsAnywayIsListedOnce() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(a.resolve("sub"));
        Files.writeString(a.resolve("sub/x.txt"), "x");
        Files.createSymbolicLink(a.resolve("linksub"), a.resolve("sub"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path y = Files.writeString(b.resolve("y.txt"), "x");
        Files.createSymbolicLink(a.resolve("link-to-b"), b);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("z.txt"), "x");
        Files.createSymbolicLink(a.resolve("link-outside"), outside);

        ReceiptFiles found = ReceiptFiles.find(List.of(a, y));

        assertThat(found.stream()).extracting(p -> dir.toRealPath().relativize(p).toString())
                .as("a link whose target no named search reaches is followed")
                .containsExactly("a/link-outside/z.txt", "a/sub/x.txt", "b/y.txt");
        assertThat(found.count()).isEqualTo(3);
    }

    @Test
    void aNamedLinkToAFileTheFolderSearchSkipsIsKept() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a"));
        Files.writeString(folder.resolve("r.txt"), "x");
        Path notes = Files.writeString(folder.resolve("notes.dat"), "x");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("c")).resolve("r.txt"), notes);

        ReceiptFiles found = ReceiptFiles.find(List.of(folder, link));

        assertThat(found.stream()).extracting(p -> p.getFileName().toString()).containsExactly("r.txt", "notes.dat");
        assertThat(found.count()).isEqualTo(2);
    }

    @Test
    void skippedEntriesAreCountedWithOnlyAFewKeptAsExamples() throws Exception {
        Files.writeString(dir.resolve("r.txt"), "x");
        for (int i = 0; i < 50; i++) {
            Files.writeString(dir.resolve("note-" + i + ".md"), "x");
        }

        ReceiptFiles.Skipped skipped = ReceiptFiles.find(List.of(dir)).skipped();

        assertThat(skipped.count()).isEqualTo(50);
        assertThat(skipped.examples()).hasSizeLessThan(10).allMatch(example -> example.endsWith(".md"));
    }

    @Test
    void followsASymbolicLinkToAFolderAndSurvivesALinkLoop() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("r.txt"), "x");
        Files.createSymbolicLink(real.resolve("loop"), real);
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        ReceiptFiles found = ReceiptFiles.find(List.of(link));

        assertThat(found.stream()).extracting(p -> p.getFileName().toString()).containsExactly("r.txt");
        assertThat(found.skipped().examples()).singleElement().asString().contains("loop");
    }

    @Test
    void aNamedPipeIsRefusedInsteadOfHangingTheRun() throws Exception {
        Path pipe = dir.resolve("pipe.txt");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");

        assertThatThrownBy(() -> ReceiptFiles.find(List.of(pipe))).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> ReceiptFiles.find(List.of(dir))).hasMessageContaining("skipped 1 other entries");
    }

    @Test
    void aMissingPathIsAnError() {
        assertThatThrownBy(() -> ReceiptFiles.find(List.of(dir.resolve("nope"))))
                .isInstanceOf(AiusageException.class)
                .hasMessageContaining("no such file or folder");
    }

    @Test
    void aFolderWithoutReceiptsIsAnError() throws Exception {
        Files.writeString(dir.resolve("readme.md"), "x");

        assertThatThrownBy(() -> ReceiptFiles.find(List.of(dir)))
                .hasMessageContaining("no receipt files")
                .hasMessageContaining("skipped 1 other entries");
    }
}
