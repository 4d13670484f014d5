package dev.aiusage.jobs.extract;

import java.util.List;
import java.util.regex.Pattern;

/** Finds the merchant's address: the lines under the name from the first street-like line to the contact details. */
final class AddressRule {

    // Receipt words that end the address block even without a phone or tax number.
    private static final Pattern STOP = Pattern.compile(
            "\\b(?:INVOICE|RECEIPT|DATE|CASHIER|TABLE|BILL|COMPANY|CO\\.?\\s*REG|BR\\s*NO)\\b");
    private static final int MAX_SKIPPED = 5;
    private static final int MAX_LINES = 6;

    private AddressRule() {
    }

    /** The address lines below the merchant's last line, or null when none look like an address. */
    static LineSpan find(List<String> lines, int afterLine) {
        int start = -1;
        // Registration, tax and phone numbers and the date are often printed between the name and the address.
        for (int i = afterLine + 1; i < lines.size() && i <= afterLine + MAX_SKIPPED; i++) {
            var line = lines.get(i);
            if (ReceiptHead.isRegistration(line)) {
                continue;
            }
            if (STOP.matcher(line).find()) {
                return null;
            }
            if (ReceiptHead.isAddressStart(line)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        int last = start;
        while (last + 1 < lines.size() && last + 1 - start < MAX_LINES
                && !ends(lines.get(last + 1)) && !ReceiptHead.isRegistration(lines.get(last + 1))) {
            last++;
        }
        return new LineSpan(start, last);
    }

    private static boolean ends(String line) {
        return ReceiptHead.isContact(line) || STOP.matcher(line).find() || DateRule.in(line) != null;
    }
}
