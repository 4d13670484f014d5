package dev.aiusage.jobs.receipt;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The receipt file formats the job reads, chosen by file extension. */
public enum ReceiptFormat {
    /** OCR text: one text box per line. */
    OCR_TEXT("txt"),
    /** SROIE box file: {@code x1,y1,x2,y2,x3,y3,x4,y4,text} per line. */
    BOX_CSV("csv");

    private final String extension;

    ReceiptFormat(String extension) {
        this.extension = extension;
    }

    public static Optional<ReceiptFormat> of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ReceiptFormat format : values()) {
            if (name.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public static String extensions() {
        return ".txt (OCR lines), .csv (SROIE box files)";
    }
}
