package dev.aiusage.jobs.extract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Money amounts as printed on one normalised receipt line. */
final class Amounts {

    // Two decimals only: receipts print money that way, which keeps quantities ("1.000"), weights
    // ("4.5KG"), rates ("6.00%") and dotted dates ("10.03.2018") out. ".50" is how some tills print cents.
    private static final Pattern AMOUNT = Pattern.compile(
            "(?<![\\w.,])(?:RM|MYR|\\$)?\\s?(-)?\\s?((?:\\d{1,3}(?:,\\d{3})+|\\d{0,7})\\.\\d{2})(?![\\d%]|\\.\\d)");

    // Tax codes and currency marks that tills print beside an amount without making it a label.
    private static final Pattern AMOUNT_NOISE = Pattern.compile(
            "\\b(?:RM|MYR|SR|SRS|SRM|ZR|ZRL|S|Z|T|E)\\b|[\\s:*=()\\[\\]$#-]");

    private Amounts() {
    }

    static List<BigDecimal> in(String line) {
        var found = new ArrayList<BigDecimal>();
        var m = AMOUNT.matcher(line);
        while (m.find()) {
            var digits = m.group(2).replace(",", "");
            var value = new BigDecimal(digits.startsWith(".") ? "0" + digits : digits);
            found.add(m.group(1) == null ? value : value.negate());
        }
        return found;
    }

    static boolean has(String line) {
        return AMOUNT.matcher(line).find();
    }

    /** The line with its amounts and currency marks removed, so keywords can be matched alone. */
    static String label(String line) {
        var text = AMOUNT.matcher(line).replaceAll(" ");
        return text.replaceAll("\\b(?:RM|MYR)\\b", " ").replaceAll("\\s+", " ").trim();
    }

    /** True when the line holds amounts and nothing a reader would take for a label. */
    static boolean only(String line) {
        if (!has(line)) {
            return false;
        }
        return AMOUNT_NOISE.matcher(AMOUNT.matcher(line).replaceAll(" ")).replaceAll("").isEmpty();
    }
}
