package dev.aiusage.jobs.extract;

import java.util.regex.Pattern;

/** What the lines at the top of a receipt are: name, registration number, address, contact, or heading. */
final class ReceiptHead {

    static final int SIZE = 8;

    private static final Pattern REGISTRATION = Pattern.compile(
            "^[(<\\[]?\\s*(?:(?:CO|COMPANY|BR|ROC)\\W*(?:REG\\w*)?\\W*(?:NO)?\\W*)?"
                    + "[A-Z]{0,3}\\s*\\d[\\d\\s]{3,}\\s*-?\\s*[A-Z]?\\s*[)>\\]]?\\W*$");
    // Case-insensitive because it also trims the name as printed, not only the upper-cased copy.
    private static final Pattern TRAILING_REGISTRATION = Pattern.compile(
            "\\s*[(<\\[]\\s*(?:CO\\W*REG\\w*\\W*(?:NO)?\\W*)?[A-Z]{0,3}\\s*\\d[\\d\\s]{3,}-?\\s*[A-Z]?\\s*[)>\\]]\\W*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile(
            "^\\W*(?:SIMPLIFIED\\s+|FULL\\s+|OFFICIAL\\s+)?(?:TAX\\s+|CASH\\s+|SALES\\s+)?"
                    + "(?:INVOICE|RECEIPT|BILL|CASH SALES?)\\W*$|^\\W*(?:WELCOME|COPY|DUPLICATE|REPRINT)\\b");
    private static final Pattern ADDRESS_START = Pattern.compile(
            "\\b(?:JALAN|JLN|JL|LORONG|LRG|LOT|TAMAN|TMN|LEVEL|UNIT|BLOK|BLK|NO|KAWASAN|PERSIARAN|LEBUH"
                    + "|BANGUNAN|WISMA|MENARA|KOMPLEKS|PLAZA|TOWER|KAMPUNG|KG|SEKSYEN|MUKIM|STREET|ROAD)\\b"
                    + "|^\\d+[A-Z]?\\s*[-,/&]");
    private static final Pattern CONTACT = Pattern.compile(
            "\\b(?:TEL|TELEPHONE|PHONE|FAX|H/P|HP|GST|SST|REG|ROC|EMAIL|E-MAIL|WWW|HTTP)\\b|@|\\.COM\\b"
                    + "|^[+(]?\\d[\\d\\s()+-]{6,}\\.?$");
    private static final Pattern FOOTER = Pattern.compile(
            "\\bTHANK|\\bGOODS\\b|\\bSOLD\\b|\\bPLEASE\\b|\\bRETURN|\\bCOME AGAIN");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private ReceiptHead() {
    }

    /** Numbers, registration numbers and headings carry no name; tills print them above or below it. */
    static boolean isNoise(String line) {
        return LETTER.matcher(line).results().limit(3).count() < 3
                || REGISTRATION.matcher(line).find()
                || HEADING.matcher(line).find();
    }

    static boolean isAddressStart(String line) {
        return ADDRESS_START.matcher(line).find() && !isContact(line);
    }

    static boolean isContact(String line) {
        return CONTACT.matcher(line).find();
    }

    static boolean isRegistration(String line) {
        return REGISTRATION.matcher(line).find();
    }

    /** A line that could continue a business name: words only, no address, contact or closing words. */
    static boolean isNameLike(String line) {
        return !isNoise(line) && !isAddressStart(line) && !isContact(line)
                && !FOOTER.matcher(line).find() && line.chars().noneMatch(Character::isDigit);
    }

    static String withoutRegistration(String line) {
        return TRAILING_REGISTRATION.matcher(line).replaceFirst("").trim();
    }
}
