package dev.aiusage.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsAreVersion7AndIncreaseEvenWithinOneMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventIds.next(1_737_778_080_000L));
        }

        assertThat(ids).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
        List<String> texts = ids.stream().map(UUID::toString).toList();
        assertThat(texts).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsCarryTheirMillisecond() {
        long now = System.currentTimeMillis();

        UUID id = EventIds.next(now);

        assertThat(id.getMostSignificantBits() >>> 16).isGreaterThanOrEqualTo(now);
    }
}
