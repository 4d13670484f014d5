package dev.aiusage.jobs.extract;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the currency from a printed ISO code or an unambiguous mark. A bare "$" or "¥" is left unknown:
 * Malaysian, Singaporean and US tills all print "$", and "¥" is both yen and yuan.
 */
final class CurrencyRule {

    private static final Map<String, String> MARKS = Map.of(
            "RM", "MYR", "US$", "USD", "S$", "SGD", "A$", "AUD", "HK$", "HKD", "NT$", "TWD", "€", "EUR", "£", "GBP",
            "₹", "INR");
    private static final Pattern MARK = Pattern.compile(
            "(?<![A-Z])(US\\$|S\\$|A\\$|HK\\$|NT\\$|RM)(?=[\\s\\d.:)]|$)|[€£₹]");
    private static final Pattern CODE = Pattern.compile(
            "(?<![A-Z])(MYR|SGD|USD|EUR|GBP|AUD|IDR|THB|PHP|VND|HKD|CNY|JPY|INR|BND|TWD|KRW)(?![A-Z])");

    private CurrencyRule() {
    }

    static String find(List<String> lines) {
        for (var line : lines) {
            var code = CODE.matcher(line);
            if (code.find()) {
                return code.group(1);
            }
        }
        for (var line : lines) {
            var mark = MARK.matcher(line);
            if (mark.find()) {
                return MARKS.get(mark.group(1) != null ? mark.group(1) : mark.group());
            }
        }
        return null;
    }
}
