package dev.aiusage.jobs.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptReaderTest {

    @TempDir
    Path dir;

    private final ReceiptReader reader = new ReceiptReader(ReceiptReader.DEFAULT_MAX_BYTES);

    @Test
    void aReceiptReplacedByAPipeAfterItWasListedFailsInsteadOfWaitingForAWriter() throws Exception {
        Path pipe = dir.resolve("r.txt");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");

        assertThatThrownBy(() -> reader.read(pipe)).isInstanceOf(UnreadableReceiptException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void readsOcrLinesSkippingBlankOnesAndCarriageReturns() throws Exception {
        Path file = Files.writeString(dir.resolve("r1.txt"), "\uFEFFSHOP SDN BHD\r\n\r\n  TOTAL 5.00  \r\n");

        Receipt receipt = reader.read(file);

        assertThat(receipt.key()).isEqualTo("r1");
        assertThat(receipt.lines()).containsExactly("SHOP SDN BHD", "TOTAL 5.00");
        assertThat(receipt.contentHash()).hasSize(64);
    }

    @Test
    void readsTheTextOfBoxLinesIncludingItsCommas() throws Exception {
        Path file = Files.writeString(dir.resolve("r2.csv"),
                "72,25,326,25,326,64,72,64,TAN WOON YANN\n50,82,440,82,440,121,50,121,NO.53, JALAN SS 2/6,\n");

        assertThat(reader.read(file).lines()).containsExactly("TAN WOON YANN", "NO.53, JALAN SS 2/6,");
    }

    @Test
    void aMalformedBoxLineFailsTheReceiptNamingTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), "1,2,3,4,5,6,7,8,OK\nthis is not a box line\n");

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(UnreadableReceiptException.class)
                .hasMessageContaining("bad.csv")
                .hasMessageContaining("line 2");
    }

    @Test
    void anEmptyFileIsAnEmptyReceipt() throws Exception {
        Path file = Files.writeString(dir.resolve("empty.txt"), "  \n\n");

        assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("empty receipt");
    }

    @Test
    void aBinaryFileIsRefused() throws Exception {
        Path file = Files.write(dir.resolve("photo.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});

        assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("binary file");
    }

    @Test
    void aFileOverTheSizeLimitIsNotRead() throws Exception {
        Path file = Files.writeString(dir.resolve("huge.txt"), "A".repeat(2_000));

        assertThatThrownBy(() -> new ReceiptReader(1_000).read(file))
                .hasMessageContaining("larger than the receipt size limit of 1000 bytes");
    }

    @Test
    void latin1TextIsReadRatherThanRejected() throws Exception {
        Path file = Files.write(dir.resolve("cafe.txt"), "CAF\u00C9 DU MONDE\nTOTAL 4.50\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(reader.read(file).lines()).first().isEqualTo("CAF\u00C9 DU MONDE");
    }

    @Test
    void aFolderOrMissingFileFailsClearly() {
        assertThatThrownBy(() -> reader.read(dir.resolve("gone.txt"))).hasMessageContaining("gone.txt");
        assertThatThrownBy(() -> reader.read(dir.resolve("notes.md"))).hasMessageContaining("not a receipt file");
    }
}
