package dev.aiusage.jobs.extract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the date of sale, preferring one on or under a DATE label, and reads numeric dates day first. */
final class DateRule {

    private static final String MONTH =
            "(JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
                    + "|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)";
    private static final Pattern YEAR_FIRST = Pattern.compile(
            "(?<!\\d)(\\d{4})\\s?([/.-])\\s?(\\d{1,2})\\s?\\2\\s?(\\d{1,2})(?!\\d)");
    private static final Pattern DAY_FIRST = Pattern.compile(
            "(?<![\\d.])(\\d{1,2})\\s?([/.-])\\s?(\\d{1,2})\\s?\\2\\s?(\\d{4}|\\d{2})(?!\\d)");
    private static final Pattern DAY_MONTH_NAME = Pattern.compile(
            "(?<![A-Z\\d])(\\d{1,2})(?:ST|ND|RD|TH)?[\\s/.-]*" + MONTH + "(?![A-Z])[\\s/.,-]*(\\d{4}|\\d{2})(?!\\d)");
    private static final Pattern MONTH_NAME_DAY = Pattern.compile(
            "(?<![A-Z])" + MONTH + "(?![A-Z])\\s*(\\d{1,2})(?:ST|ND|RD|TH)?,?\\s*(\\d{4})(?!\\d)");
    // Eight bare digits are often ids, so they only count when nothing else on the receipt is a date.
    private static final Pattern COMPACT = Pattern.compile("(?<!\\d)(\\d{8})(?!\\d)");
    private static final Pattern LABEL = Pattern.compile("\\bDATE\\b|\\bTARIKH\\b");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final int FIRST_YEAR = 1990;
    private static final int LAST_YEAR = 2099;

    private DateRule() {
    }

    static String find(List<String> lines) {
        LocalDate first = null;
        for (int i = 0; i < lines.size(); i++) {
            var date = in(lines.get(i));
            if (date == null) {
                continue;
            }
            if (LABEL.matcher(lines.get(i)).find() || (i > 0 && LABEL.matcher(lines.get(i - 1)).find())) {
                return date.toString();
            }
            if (first == null) {
                first = date;
            }
        }
        if (first == null) {
            first = lines.stream().map(DateRule::compact).filter(Objects::nonNull).findFirst().orElse(null);
        }
        return first == null ? null : first.toString();
    }

    static LocalDate in(String line) {
        var m = YEAR_FIRST.matcher(line);
        while (m.find()) {
            var date = date(m.group(1), m.group(3), m.group(4));
            if (date != null) {
                return date;
            }
        }
        m = DAY_FIRST.matcher(line);
        while (m.find()) {
            var date = date(m.group(4), m.group(3), m.group(1));
            // Malaysian tills print day first; month first only when day first cannot be a date.
            date = date != null ? date : date(m.group(4), m.group(1), m.group(3));
            if (date != null) {
                return date;
            }
        }
        m = DAY_MONTH_NAME.matcher(line);
        while (m.find()) {
            var date = named(m, 3, 2, 1);
            if (date != null) {
                return date;
            }
        }
        m = MONTH_NAME_DAY.matcher(line);
        while (m.find()) {
            var date = named(m, 3, 1, 2);
            if (date != null) {
                return date;
            }
        }
        return null;
    }

    private static LocalDate compact(String line) {
        var m = COMPACT.matcher(line);
        while (m.find()) {
            var s = m.group(1);
            var date = date(s.substring(0, 4), s.substring(4, 6), s.substring(6));
            date = date != null ? date : date(s.substring(4), s.substring(2, 4), s.substring(0, 2));
            if (date != null) {
                return date;
            }
        }
        return null;
    }

    private static LocalDate named(Matcher m, int year, int month, int day) {
        var index = MONTHS.indexOf(m.group(month).substring(0, 3));
        return index < 0 ? null : date(m.group(year), String.valueOf(index + 1), m.group(day));
    }

    private static LocalDate date(String year, String month, String day) {
        int y = Integer.parseInt(year);
        y = year.length() == 2 ? 2000 + y : y;
        if (y < FIRST_YEAR || y > LAST_YEAR) {
            return null;
        }
        try {
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
