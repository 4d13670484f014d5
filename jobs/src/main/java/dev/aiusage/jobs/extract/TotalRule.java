package dev.aiusage.jobs.extract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Finds the amount paid: the best-ranked total keyword, else the largest amount that was not tendered. */
final class TotalRule {

    /** How much a keyword says about the amount beside it; later constants win. */
    private enum Rank { TOTAL, INCLUSIVE, DUE, ROUNDED }

    private record Candidate(Rank rank, BigDecimal value) {
    }

    // Counts, subtotals, pre-tax sums, the tax itself and loyalty lines say TOTAL without being the amount paid.
    private static final Pattern NOT_A_TOTAL = Pattern.compile(
            "^\\W*TOT(?:AL)?\\W*(?:QTY|QUANTITY|QUANTUTY|QNTY|ITEM|LTEM)|SUB\\W*TOTAL"
                    + "|\\bEXCL|\\bEXC\\b|EXCLUDING|BEFORE|SAVING|POINT|DISCOUNT|\\bDISC\\b"
                    + "|TAX\\W*TOTAL|TOTAL\\W*(?:GST|TAX)\\b|\\bCOUNT\\b");
    private static final Pattern ROUNDED = Pattern.compile(
            "TOTAL.*\\bROUND|ROUND\\w*\\W+TOTAL|AFTER\\W*ROUND|\\bATF\\W*RND|TTL.*\\bRND");
    private static final Pattern ROUNDING_LINE = Pattern.compile("^\\W*ROUNDING\\W*(?:RM)?\\W*$");
    private static final Pattern DUE = Pattern.compile(
            "GRAND\\W*TOTAL|\\bNETT?\\W*TOTAL|^\\W*NETT?\\W*$|AMOUNT\\W*DUE|AMT\\W*DUE|TOTAL\\W*DUE"
                    + "|PAYABLE|TO\\W*BE\\W*PAID|TOTAL\\W*AMOUNT|TOTAL\\W*AMT|BALANCE\\W*DUE");
    private static final Pattern INCLUSIVE = Pattern.compile("\\bINCL|INCLUSIVE|INCLUDING|INCLUDES");
    private static final Pattern TOTAL = Pattern.compile("\\bTOTAL\\b|\\bTTL\\b|^\\W*TOTAL");
    private static final Pattern TENDERED = Pattern.compile(
            "CASH|TENDER|PAYMENT|PAID|RECEIVED|CHANGE|BALANCE|CREDIT|VISA|MASTER|CARD|DEBIT|REFUND");
    private static final Pattern CHANGE = Pattern.compile("CHANGE|BALANCE");
    private static final BigDecimal ROUNDING_NOISE = BigDecimal.ONE;
    private static final int REPEATED = 3;

    private TotalRule() {
    }

    static String find(List<String> lines) {
        var valueLine = LabelValues.assign(lines);
        var candidates = new ArrayList<Candidate>();
        var tendered = new HashSet<Integer>();
        boolean changeGiven = false;
        for (int i = 0; i < lines.size(); i++) {
            var label = Amounts.label(lines.get(i));
            if (label.isEmpty()) {
                continue;
            }
            changeGiven |= CHANGE.matcher(label).find();
            int at = valueLine[i];
            if (at < 0) {
                continue;
            }
            var rank = rank(label);
            var value = Amounts.in(lines.get(at)).getLast();
            if (rank == null) {
                if (TENDERED.matcher(label).find()) {
                    tendered.add(at);
                }
            } else if (value.signum() > 0 && !isRoundingAdjustment(label, value)) {
                candidates.add(new Candidate(rank, value));
            }
        }
        // Without change given, the cash handed over is the total, so it must stay in the running.
        var excluded = changeGiven ? tendered : Set.<Integer>of();
        var best = candidates.stream()
                .max((a, b) -> a.rank() != b.rank() ? a.rank().compareTo(b.rank()) : a.value().compareTo(b.value()));
        var total = best.isPresent() ? confirmed(best.get(), lines, excluded) : largestAmount(lines, excluded);
        return total == null ? null : total.toPlainString();
    }

    private static Rank rank(String label) {
        if (NOT_A_TOTAL.matcher(label).find()) {
            return null;
        }
        if (ROUNDED.matcher(label).find() || ROUNDING_LINE.matcher(label).find()) {
            return Rank.ROUNDED;
        }
        if (DUE.matcher(label).find()) {
            return Rank.DUE;
        }
        if (INCLUSIVE.matcher(label).find()) {
            return TOTAL.matcher(label).find() ? Rank.INCLUSIVE : null;
        }
        return TOTAL.matcher(label).find() ? Rank.TOTAL : null;
    }

    // "ROUNDING 0.02" is the adjustment; some tills print the rounded total on a line called ROUNDING too.
    private static boolean isRoundingAdjustment(String label, BigDecimal value) {
        return ROUNDING_LINE.matcher(label).find() && value.compareTo(ROUNDING_NOISE) < 0;
    }

    /**
     * A plain TOTAL also heads the tax summary, whose sums are smaller than the sale. When OCR has moved the
     * sale's own total away from its label, the sale still shows as a larger amount printed three times or
     * more (total, cash, item or rounding lines), so that amount wins.
     */
    private static BigDecimal confirmed(Candidate best, List<String> lines, Set<Integer> tendered) {
        if (best.rank() != Rank.TOTAL) {
            return best.value();
        }
        var counts = new HashMap<BigDecimal, Integer>();
        for (int i = 0; i < lines.size(); i++) {
            if (!tendered.contains(i)) {
                Amounts.in(lines.get(i)).forEach(v -> counts.merge(v.stripTrailingZeros(), 1, Integer::sum));
            }
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue() >= REPEATED && e.getKey().compareTo(best.value()) > 0)
                .map(Map.Entry::getKey)
                .max(BigDecimal::compareTo)
                .map(v -> v.setScale(2))
                .orElse(best.value());
    }

    private static BigDecimal largestAmount(List<String> lines, Set<Integer> tendered) {
        BigDecimal largest = null;
        for (int i = 0; i < lines.size(); i++) {
            if (tendered.contains(i)) {
                continue;
            }
            for (var value : Amounts.in(lines.get(i))) {
                if (largest == null || value.compareTo(largest) > 0) {
                    largest = value;
                }
            }
        }
        return largest;
    }
}
