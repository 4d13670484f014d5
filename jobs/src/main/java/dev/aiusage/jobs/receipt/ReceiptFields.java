package dev.aiusage.jobs.receipt;

/**
 * The fields extracted from one receipt; any of them may be {@code null} when the receipt does not
 * show it.
 *
 * @param merchant the business that issued the receipt, as printed
 * @param date     the date of sale as ISO-8601 {@code YYYY-MM-DD}
 * @param total    the amount paid as a plain decimal string, without currency ({@code "26.60"})
 * @param currency an ISO-4217 code when the receipt prints one or a symbol that implies it ({@code "MYR"})
 * @param address  the merchant's address, its lines joined by single spaces
 */
public record ReceiptFields(String merchant, String date, String total, String currency, String address) {

    public static final ReceiptFields EMPTY = new ReceiptFields(null, null, null, null, null);
}
