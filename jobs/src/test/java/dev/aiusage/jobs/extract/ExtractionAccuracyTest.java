package dev.aiusage.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiusage.jobs.extract.FieldAccuracy.Field;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Measures the offline extractor on the SROIE receipts in /work/shared (never copied into the repository),
 * once with the OCR text lines and once with the text of the box files, whose lines come in a different order.
 */
class ExtractionAccuracyTest {

    private static final double TOTAL_FLOOR = 0.85;
    private static final double DATE_FLOOR = 0.90;
    private static final double MERCHANT_FLOOR = 0.60;
    private static final int BOX_COORDINATES = 8;

    private static Path sroie;
    private static List<String> receipts;

    private final OfflineExtractor extractor = new OfflineExtractor();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void findReceipts() throws IOException {
        sroie = locate();
        if (sroie == null) {
            return;
        }
        try (Stream<Path> files = Files.list(sroie.resolve("truth"))) {
            receipts = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .sorted()
                    .toList();
        }
        assertThat(receipts).as("receipts under %s/truth", sroie).isNotEmpty();
    }

    @BeforeEach
    void requireReceipts() {
        String reason = "SROIE receipts not found in " + candidates() + "; set -Daiusage.sroie=<folder with ocr/, boxes/"
                + " and truth/> or put them in ../shared/receipts/sroie next to the repository";
        if (sroie == null) {
            System.err.println("SKIPPED: " + reason); // Maven's console counts skips but shows no reasons
        }
        Assumptions.assumeTrue(sroie != null, reason);
    }

    @Test
    void ocrLinesMeetTheAccuracyFloors() {
        assertFloors(measure("ocr lines", name -> lines(sroie.resolve("ocr").resolve(name + ".txt"))));
    }

    @Test
    void boxTextMeetsTheAccuracyFloors() {
        assertFloors(measure("box text", name -> boxLines(sroie.resolve("boxes").resolve(name + ".csv"))));
    }

    /** The text of one SROIE box line: everything after the eighth comma, since the text may hold commas. */
    static String boxText(String csvLine) {
        int at = -1;
        for (int commas = 0; commas < BOX_COORDINATES; commas++) {
            at = csvLine.indexOf(',', at + 1);
            if (at < 0) {
                return "";
            }
        }
        return csvLine.substring(at + 1);
    }

    private FieldAccuracy measure(String title, Function<String, List<String>> source) {
        var accuracy = new FieldAccuracy(receipts.size());
        for (var name : receipts) {
            var truth = truth(name);
            var fields = extractor.extract(source.apply(name));
            accuracy.record(name, Field.MERCHANT, truth.path("company").asText(null), fields.merchant());
            accuracy.record(name, Field.DATE, truth.path("date").asText(null), fields.date());
            accuracy.record(name, Field.TOTAL, truth.path("total").asText(null), fields.total());
            accuracy.record(name, Field.ADDRESS, truth.path("address").asText(null), fields.address());
        }
        System.out.print(accuracy.table("Offline extraction, SROIE " + title));
        if (Boolean.getBoolean("aiusage.showMisses")) {
            accuracy.misses().forEach(miss -> System.out.println("  miss " + miss));
        }
        return accuracy;
    }

    private static void assertFloors(FieldAccuracy accuracy) {
        var softly = new SoftAssertions();
        softly.assertThat(accuracy.rate(Field.TOTAL)).as("total accuracy").isGreaterThanOrEqualTo(TOTAL_FLOOR);
        softly.assertThat(accuracy.rate(Field.DATE)).as("date accuracy").isGreaterThanOrEqualTo(DATE_FLOOR);
        softly.assertThat(accuracy.rate(Field.MERCHANT)).as("merchant accuracy").isGreaterThanOrEqualTo(MERCHANT_FLOOR);
        softly.assertAll();
    }

    private JsonNode truth(String name) {
        try {
            return json.readTree(sroie.resolve("truth").resolve(name + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read truth for receipt " + name, e);
        }
    }

    private static List<String> boxLines(Path csv) {
        return lines(csv).stream().map(ExtractionAccuracyTest::boxText).toList();
    }

    private static List<String> lines(Path file) {
        try {
            // ISO-8859-1 reads any byte, so a stray non-UTF-8 byte cannot fail the measurement.
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read receipt " + file, e);
        }
    }

    private static Path locate() {
        return candidates().stream().filter(Files::isDirectory).findFirst().orElse(null);
    }

    private static List<Path> candidates() {
        var module = Path.of("").toAbsolutePath();
        var configured = System.getProperty("aiusage.sroie");
        if (configured != null && !configured.isBlank()) {
            return List.of(Path.of(configured).toAbsolutePath());
        }
        return List.of(
                module.resolve("../../shared/receipts/sroie").normalize(),
                module.resolve("../shared/receipts/sroie").normalize());
    }
}
