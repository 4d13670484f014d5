package dev.aiusage.jobs.extract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the business name at the top of the receipt. A legal name (SDN BHD, S/B, ...) beats a brand
 * line above it, because shops print their brand first and the company that issues the receipt below.
 */
final class MerchantRule {

    private static final Pattern LEGAL = Pattern.compile(
            "\\b(?:SDN\\W{0,3}BHD|S/B|BHD|BERHAD|PLT|LLP|LTD|LIMITED|PTE|INC)\\W*$");
    // A line that starts like this is the tail of a name wrapped from the line above.
    private static final Pattern TAIL = Pattern.compile(
            "^\\W*(?:\\(M\\)|SDN\\b|BHD\\b|S/B\\b|BERHAD\\b|ENTERPRISES?\\b|TRADING\\b|&)");
    private static final Pattern WRAPS = Pattern.compile("[&-]$");
    private static final int MAX_NAME_LINES = 3;

    private MerchantRule() {
    }

    /** The lines of the name, or null; a registration number printed after it is not part of it. */
    static LineSpan find(List<String> lines) {
        int end = headEnd(lines);
        for (int i = 0; i < end; i++) {
            var line = lines.get(i);
            if (!ReceiptHead.isNoise(line) && LEGAL.matcher(ReceiptHead.withoutRegistration(line)).find()) {
                return legalName(lines, i);
            }
        }
        for (int i = 0; i < end; i++) {
            if (!ReceiptHead.isNoise(lines.get(i))) {
                return plainName(lines, i, end);
            }
        }
        return null;
    }

    /** The head ends where the address or contact details begin; the name is above them. */
    private static int headEnd(List<String> lines) {
        int limit = Math.min(lines.size(), ReceiptHead.SIZE);
        for (int i = 0; i < limit; i++) {
            var line = lines.get(i);
            if (!ReceiptHead.isNoise(line) && (ReceiptHead.isAddressStart(line) || ReceiptHead.isContact(line))) {
                return i;
            }
        }
        return limit;
    }

    private static LineSpan legalName(List<String> lines, int at) {
        var name = ReceiptHead.withoutRegistration(lines.get(at));
        int first = at;
        while (first > 0 && at - first < MAX_NAME_LINES - 1 && ReceiptHead.isNameLike(lines.get(first - 1))
                && (TAIL.matcher(name).find() || unbalanced(name) || WRAPS.matcher(lines.get(first - 1)).find())) {
            first--;
            name = lines.get(first) + " " + name;
        }
        return new LineSpan(first, at);
    }

    private static LineSpan plainName(List<String> lines, int at, int end) {
        var name = ReceiptHead.withoutRegistration(lines.get(at));
        int last = at;
        while (last + 1 < end && last - at < MAX_NAME_LINES - 1 && ReceiptHead.isNameLike(lines.get(last + 1))
                && (WRAPS.matcher(name).find() || TAIL.matcher(lines.get(last + 1)).find())) {
            last++;
            name = name + " " + lines.get(last);
        }
        // Name lines that run straight into the registration number all belong to the name.
        int next = last + 1;
        while (next < end && next - at < MAX_NAME_LINES && ReceiptHead.isNameLike(lines.get(next))) {
            next++;
        }
        if (next > last + 1 && next < lines.size() && ReceiptHead.isRegistration(lines.get(next))) {
            last = next - 1;
        }
        return new LineSpan(at, last);
    }

    private static boolean unbalanced(String text) {
        return text.chars().filter(c -> c == ')').count() > text.chars().filter(c -> c == '(').count();
    }
}
