package dev.aiusage.jobs.extract;

import dev.aiusage.jobs.receipt.ReceiptFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads receipt fields from OCR text lines with local rules only: no network, no model. Stateless and
 * safe to share between threads; never throws, a field it cannot read is {@code null}.
 *
 * <pre>{@code
 * var fields = new OfflineExtractor().extract(List.of("KEDAI ABC SDN BHD", "DATE: 18/01/2018", "TOTAL RM 26.60"));
 * fields.total(); // "26.60"
 * }</pre>
 */
public final class OfflineExtractor {

    // Receipts are short; the caps bound the regex work an adversarial or corrupt input can cause.
    private static final int MAX_LINES = 2_000;
    private static final int MAX_LINE_LENGTH = 300;
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}\\p{Cs}\\uFFFD]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    public ReceiptFields extract(List<String> lines) {
        var printed = clean(lines);
        if (printed.isEmpty()) {
            return ReceiptFields.EMPTY;
        }
        // Rules match upper-cased text; merchant and address are reported as printed.
        var text = printed.stream().map(line -> line.toUpperCase(Locale.ROOT)).toList();
        var name = guarded(() -> MerchantRule.find(text));
        var address = name == null ? null : guarded(() -> AddressRule.find(text, name.last()));
        return new ReceiptFields(
                name == null ? null : ReceiptHead.withoutRegistration(name.join(printed)),
                guarded(() -> DateRule.find(text)),
                guarded(() -> TotalRule.find(text)),
                guarded(() -> CurrencyRule.find(text)),
                address == null ? null : address.join(printed));
    }

    private static List<String> clean(List<String> lines) {
        var printed = new ArrayList<String>();
        if (lines == null) {
            return printed;
        }
        for (var raw : lines) {
            if (raw == null) {
                continue;
            }
            // A caller may hand over a whole text block as one element.
            for (var it = raw.lines().iterator(); it.hasNext() && printed.size() < MAX_LINES; ) {
                var line = it.next();
                line = line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) : line;
                line = SPACES.matcher(UNPRINTABLE.matcher(line).replaceAll(" ")).replaceAll(" ").strip();
                if (!line.isEmpty()) {
                    printed.add(line);
                }
            }
            if (printed.size() == MAX_LINES) {
                break;
            }
        }
        return printed;
    }

    // A rule that trips over an input it was not written for costs that one field, not the whole receipt.
    private static <T> T guarded(Supplier<T> rule) {
        try {
            return rule.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
