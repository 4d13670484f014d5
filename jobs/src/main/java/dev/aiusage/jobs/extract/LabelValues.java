package dev.aiusage.jobs.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides which line holds the amount for each label line. OCR splits a receipt's label and amount
 * columns into separate text boxes, so the amount may sit on the label's line, just below it, just above
 * it, or, when a whole column of labels is followed by a whole column of amounts, at the same position
 * in the amount column.
 */
final class LabelValues {

    private enum Kind { FILLER, NUMERIC, LABELLED_AMOUNT, LABEL }

    // A colon, a currency mark or a tax code alone on a line sits between a label and its amount.
    private static final Pattern FILLER = Pattern.compile("^[\\s:()*]*(?:RM|MYR|\\$|SR|ZRL?|S|Z|T)?[\\s:()*]*$");
    private static final Pattern NUMERIC = Pattern.compile("^[\\d\\s.,%*/:+-]+$");

    private LabelValues() {
    }

    /** For each line, the index of the line that holds its amount, or -1. */
    static int[] assign(List<String> lines) {
        var kinds = lines.stream().map(LabelValues::kind).toList();
        var value = new int[lines.size()];
        Arrays.fill(value, -1);
        int i = 0;
        while (i < lines.size()) {
            switch (kinds.get(i)) {
                case LABELLED_AMOUNT -> {
                    value[i] = i;
                    i++;
                }
                case LABEL -> i = pairRun(lines, kinds, i, value);
                case FILLER, NUMERIC -> i++;
            }
        }
        return value;
    }

    private static int pairRun(List<String> lines, List<Kind> kinds, int start, int[] value) {
        var labels = new ArrayList<Integer>();
        int i = collect(kinds, start, Kind.LABEL, labels);
        var numbers = new ArrayList<Integer>();
        i = collect(kinds, i, Kind.NUMERIC, numbers);
        if (labels.size() >= 2 && numbers.size() >= labels.size()) {
            // A column of labels then a column of amounts: extra amounts at the top belong to lines above.
            int offset = numbers.size() - labels.size();
            for (int k = 0; k < labels.size(); k++) {
                value[labels.get(k)] = amountLine(lines, numbers.get(offset + k));
            }
            return i;
        }
        if (!numbers.isEmpty()) {
            value[labels.getLast()] = amountLine(lines, numbers.getFirst());
        }
        // Some tills print the amount first and its label under it; only an amount that no label above claims.
        int first = labels.getFirst();
        if (value[first] < 0 && first >= 2 && kinds.get(first - 1) == Kind.NUMERIC
                && kinds.get(first - 2) == Kind.NUMERIC) {
            value[first] = amountLine(lines, first - 1);
        }
        return i;
    }

    private static int collect(List<Kind> kinds, int from, Kind wanted, List<Integer> into) {
        int i = from;
        while (i < kinds.size() && (kinds.get(i) == wanted || kinds.get(i) == Kind.FILLER)) {
            if (kinds.get(i) == wanted) {
                into.add(i);
            }
            i++;
        }
        return i;
    }

    private static int amountLine(List<String> lines, int index) {
        return Amounts.only(lines.get(index)) ? index : -1;
    }

    private static Kind kind(String line) {
        if (FILLER.matcher(line).matches()) {
            return Kind.FILLER;
        }
        if (Amounts.only(line) || NUMERIC.matcher(line).matches()) {
            return Kind.NUMERIC;
        }
        return Amounts.has(line) ? Kind.LABELLED_AMOUNT : Kind.LABEL;
    }
}
