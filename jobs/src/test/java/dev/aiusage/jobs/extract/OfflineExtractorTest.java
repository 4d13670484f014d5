package dev.aiusage.jobs.extract;

import dev.aiusage.jobs.receipt.ReceiptFields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OfflineExtractorTest {

    private final OfflineExtractor extractor = new OfflineExtractor();

    // ---- total

    @Test
    void prefersRoundedTotalOverSubtotal() {
        var fields = extract("SUBTOTAL", "26.62", "TOTAL (INCL GST)", "26.62", "ROUNDING ADJ", "-0.02",
                "TOTAL ROUNDED", "26.60", "CASH", "30.00", "CHANGE", "3.40");

        assertThat(fields.total()).isEqualTo("26.60");
    }

    @Test
    void takesARoundingLineThatCarriesTheRoundedTotal() {
        var fields = extract("TOTAL SALES (INCLUSIVE GST) RM", "45.34", "ROUNDING ADJUSTMENT RM", ".01",
                "ROUNDING RM", "45.35", "CREDIT RM", "45.35");

        assertThat(fields.total()).isEqualTo("45.35");
    }

    @Test
    void ignoresQuantityAndPreTaxTotals() {
        var fields = extract("*TOTAL QTY: 4.00", "TOTAL AMOUNT EXCLUDING GST 3.02", "TOTAL 3.20");

        assertThat(fields.total()).isEqualTo("3.20");
    }

    @Test
    void readsTheAmountPrintedBelowItsLabel() {
        var fields = extract("GRAND TOTAL", ":", "RM", "92.80", "CASH RECEIVED", "100.00");

        assertThat(fields.total()).isEqualTo("92.80");
    }

    @Test
    void readsAnAmountPrintedAboveItsLabel() {
        var fields = extract("ITEM 120.90", "DISCOUNT -20.00", "ROUNDING :", "0.00", "100.90",
                "TOTAL SALES (INCLUSIVE OF GST) :", "CASH :", "101.00", "CHANGE :", "0.10");

        assertThat(fields.total()).isEqualTo("100.90");
    }

    @Test
    void pairsAColumnOfLabelsWithTheColumnOfAmountsUnderIt() {
        var fields = extract("SUB-TOTAL (EX)", "TOTAL TAX", "ROUNDING", "TOTAL", "CASH", "CHANGE",
                "16.98", "1.02", "0.00", "18.00", "20.00", "2.00");

        assertThat(fields.total()).isEqualTo("18.00");
    }

    @Test
    void prefersARepeatedLargerAmountOverATaxSummaryTotal() {
        var fields = extract("TOTAL:", "3.45", "HOES SET", "46.64", "TOTAL QTY: 5", "60.95", "57.50", "60.95",
                "60.95", "0.00");

        assertThat(fields.total()).isEqualTo("60.95");
    }

    @Test
    void fallsBackToTheLargestAmountThatWasNotTendered() {
        var fields = extract("NASI LEMAK 8.50", "TEH TARIK 2.30", "10.80", "CASH 50.00", "CHANGE 39.20");

        assertThat(fields.total()).isEqualTo("10.80");
    }

    @Test
    void keepsTheCashAsTotalWhenNoChangeIsGiven() {
        var fields = extract("DPT.05 RM 149.00", "DPT.04 RM 21.00", "CASH RM 170.00");

        assertThat(fields.total()).isEqualTo("170.00");
    }

    @Test
    void dropsCurrencyAndThousandsSeparatorsFromTheTotal() {
        var fields = extract("GRAND TOTAL RM 1,234.50");

        assertThat(fields.total()).isEqualTo("1234.50");
    }

    // ---- date

    @Test
    void parsesDayFirstDates() {
        assertThat(extract("DATE: 05/03/2018 14:03").date()).isEqualTo("2018-03-05");
        assertThat(extract("24-01-18 10:43AM").date()).isEqualTo("2018-01-24");
        assertThat(extract("DATE : 9/3/2018 20:54:50").date()).isEqualTo("2018-03-09");
    }

    @Test
    void parsesMonthNamesAndYearFirstDates() {
        assertThat(extract("28 MAR 18 18:32:36").date()).isEqualTo("2018-03-28");
        assertThat(extract("Jan 18, 2018").date()).isEqualTo("2018-01-18");
        assertThat(extract("[SALES] 2018-01-05 22:55:25").date()).isEqualTo("2018-01-05");
    }

    @Test
    void readsMonthFirstOnlyWhenDayFirstIsImpossible() {
        assertThat(extract("12/25/2018").date()).isEqualTo("2018-12-25");
        assertThat(extract("DATE: 31/02/2018").date()).isNull();
    }

    @Test
    void prefersTheDateOnADateLine() {
        assertThat(extract("PROMOTION ENDS 31/12/2018", "DATE: 18/01/2018").date()).isEqualTo("2018-01-18");
        assertThat(extract("PROMOTION ENDS 31/12/2018", "DATE:", "18/01/2018").date()).isEqualTo("2018-01-18");
    }

    @Test
    void readsEightDigitDatesOnlyWhenNothingElseIsADate() {
        assertThat(extract("00440010036", "25032018", "13:11:54").date()).isEqualTo("2018-03-25");
        assertThat(extract("RECEIPT 20170101", "DATE 02/03/2018").date()).isEqualTo("2018-03-02");
    }

    // ---- merchant and address

    @Test
    void skipsNumbersRegistrationNumbersAndHeadings() {
        var fields = extract("1950", "TAX INVOICE", "(65351-M)", "KEDAI RUNCIT AH SENG", "NO 3, JALAN BESAR");

        assertThat(fields.merchant()).isEqualTo("KEDAI RUNCIT AH SENG");
    }

    @Test
    void prefersTheLegalNameOverABrandLineAboveIt() {
        var fields = extract("KIKU JAPANESE RESTAURANT", "TK DIVISION KITCHEN SDN BHD", "1202152-P",
                "19-1, JALAN MALINJA 2");

        assertThat(fields.merchant()).isEqualTo("TK DIVISION KITCHEN SDN BHD");
    }

    @Test
    void joinsANameWrappedOverSeveralLines() {
        var fields = extract("LIM BROTHERS HARDWARE", "ENTERPRISE (KLANG", "UTARA) SDN BHD", "123456-X",
                "NO. 7, JALAN KLANG");

        assertThat(fields.merchant()).isEqualTo("LIM BROTHERS HARDWARE ENTERPRISE (KLANG UTARA) SDN BHD");
    }

    @Test
    void joinsANameThatEndsInAnAmpersand() {
        var fields = extract("HOME MASTER HARDWARE &", "ELECTRICAL", "NO.113G, JALAN SETIA");

        assertThat(fields.merchant()).isEqualTo("HOME MASTER HARDWARE & ELECTRICAL");
    }

    @Test
    void dropsARegistrationNumberPrintedAfterTheName() {
        var fields = extract("99 Speed Mart S/B (519537-X)", "LOT P.T. 2811, JALAN ANGSA,");

        assertThat(fields.merchant()).isEqualTo("99 Speed Mart S/B");
    }

    @Test
    void readsTheAddressBetweenTheNameAndTheContactDetails() {
        var fields = extract("LIGHTROOM GALLERY SDN BHD", "GST NO. : 000584089600", "No: 28, Jalan Astana 1C,",
                "BANDAR BUKIT RAJA, 41050", "KLANG SELANGOR", "ROC NO. : (1072825-A)", "TEL:03-3362 4395");

        assertThat(fields.address()).isEqualTo("No: 28, Jalan Astana 1C, BANDAR BUKIT RAJA, 41050 KLANG SELANGOR");
    }

    // ---- currency

    @Test
    void mapsRinggitToMyr() {
        assertThat(extract("TOTAL RM 12.00").currency()).isEqualTo("MYR");
        assertThat(extract("AMOUNT(RM)", "TOTAL 12.00").currency()).isEqualTo("MYR");
    }

    @Test
    void readsAPrintedIsoCode() {
        assertThat(extract("TOTAL SGD 12.00").currency()).isEqualTo("SGD");
    }

    @Test
    void leavesABareDollarSignUnknown() {
        var fields = extract("NETT TOTAL: $8.20");

        assertThat(fields.currency()).isNull();
        assertThat(fields.total()).isEqualTo("8.20");
    }

    // ---- hostile input

    @Test
    void returnsNullsForEmptyInput() {
        assertThat(extractor.extract(List.of())).isEqualTo(ReceiptFields.EMPTY);
        assertThat(extractor.extract(List.of("", "   ", "\t"))).isEqualTo(ReceiptFields.EMPTY);
        assertThat(extractor.extract(null)).isEqualTo(ReceiptFields.EMPTY);
        assertThat(extractor.extract(Arrays.asList(null, "TOTAL 5.00")).total()).isEqualTo("5.00");
    }

    @Test
    void splitsAnElementThatHoldsSeveralLines() {
        var fields = extractor.extract(List.of("KEDAI ABC\r\nDATE: 01/02/2018\nTOTAL\n12.50"));

        assertThat(fields.merchant()).isEqualTo("KEDAI ABC");
        assertThat(fields.total()).isEqualTo("12.50");
    }

    @Test
    void survivesBinaryGarbage() {
        var random = new Random(42);
        for (int receipt = 0; receipt < 200; receipt++) {
            var lines = new ArrayList<String>();
            for (int line = 0; line < 40; line++) {
                var chars = new char[random.nextInt(120)];
                for (int c = 0; c < chars.length; c++) {
                    chars[c] = (char) random.nextInt(Character.MAX_VALUE + 1);
                }
                lines.add(new String(chars));
            }

            var fields = extractor.extract(lines);

            assertThat(fields).isNotNull();
        }
    }

    @Test
    void survivesAHugeLine() {
        var huge = "1.00 (RM) 12/12/2018 TOTAL ".repeat(200_000) + "9".repeat(1_000_000);

        var fields = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> extractor.extract(List.of("KEDAI ABC", huge, "TOTAL 12.50")));

        assertThat(fields.merchant()).isEqualTo("KEDAI ABC");
        assertThat(fields.total()).isEqualTo("12.50");
    }

    @Test
    void givesTheSameAnswerFromManyVirtualThreadsAtOnce() throws Exception {
        var receipt = List.of("GERBANG ALAF RESTAURANTS SDN BHD", "(65351-M)", "LEVEL 6, BANGUNAN TH",
                "ORD #50 -REG #19- 18/01/2018 10:27:03", "TOTAL ROUNDED", "26.60", "CASH TENDERED", "100.00");
        var expected = extractor.extract(receipt);
        var results = new ArrayList<Future<ReceiptFields>>();

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1_000; i++) {
                results.add(threads.submit((Callable<ReceiptFields>) () -> extractor.extract(receipt)));
            }
        }

        assertThat(expected.total()).isEqualTo("26.60");
        for (var result : results) {
            assertThat(result.get()).isEqualTo(expected);
        }
    }

    private ReceiptFields extract(String... lines) {
        return extractor.extract(List.of(lines));
    }
}
