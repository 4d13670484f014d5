package dev.aiusage.jobs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the 85 real SROIE receipts beside the repository (never copied into it). */
public final class SroieData {

    private SroieData() {}

    /** The sroie folder; the calling test is skipped, saying why, when it is absent. */
    public static Path folderOrSkip() {
        String property = System.getProperty("aiusage.sroie");
        Path module = Path.of("").toAbsolutePath();
        Path[] candidates = property != null
                ? new Path[] {Path.of(property)}
                : new Path[] {module.resolve("../../shared/receipts/sroie"), module.resolve("../shared/receipts/sroie")};
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate.resolve("ocr"))) {
                return candidate.normalize();
            }
        }
        String reason = "SROIE receipts not found at ../shared/receipts/sroie (or -Daiusage.sroie=DIR); "
                + "skipping the test that needs them";
        System.err.println("SKIPPED: " + reason); // Maven's console counts skips but shows no reasons
        assumeTrue(false, reason);
        throw new AssertionError("unreachable");
    }
}
