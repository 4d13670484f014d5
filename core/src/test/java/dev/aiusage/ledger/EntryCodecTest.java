package dev.aiusage.ledger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiusage.event.ApiKind;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryCodecTest {

    private static final String GOOD = EntryCodec.encode(UsageEvent.builder("openai", ApiKind.CHAT)
            .requestModel("gpt-4o-mini").tokens(TokenBuckets.of(10, 2)).httpStatus(200).build());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"input\":10|\"input\":\"lots\"",
        "\"input\":10|\"input\":true",
        "\"input\":10|\"input\":1.9",
        "\"input\":10|\"input\":18446744073709551617",
        "\"input\":10|\"input\":-1",
        "\"attempt\":1|\"attempt\":4294967297",
        "\"httpStatus\":200|\"httpStatus\":1099511627776",
        "\"httpStatus\":200|\"httpStatus\":\"500\"",
        "\"provider\":\"openai\"|\"provider\":7",
        "\"attributes\":{}|\"attributes\":[1,2]",
        "\"kind\":\"usage\"|\"kind\":\"mystery\"",
    })
    void aWrongValueIsRejectedNotCoerced(String field, String replacement) {
        String hostile = GOOD.replace(field, replacement);

        assertThatThrownBy(() -> EntryCodec.decode(hostile)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"x", "[]", "null", "{\"kind\":\"usage\"}"})
    void notAnEntryIsRejected(String line) {
        assertThatThrownBy(() -> EntryCodec.decode(line)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void trailingGarbageOrASecondObjectIsRejected() {
        assertThatThrownBy(() -> EntryCodec.decode(GOOD + GOOD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryCodec.decode(GOOD + " x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryCodec.decode(GOOD.replace("\"tokens\":{", "\"tokens\":[").replace("},\"costNanos\"", "],\"costNanos\"")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
