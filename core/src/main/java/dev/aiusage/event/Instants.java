package dev.aiusage.event;

import java.time.Instant;

/** The ledger stores times as epoch milliseconds; an instant beyond that range cannot be stored. */
final class Instants {

    private Instants() {}

    static void requireStorable(String name, Instant instant) {
        try {
            instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " " + instant + " is out of range", e);
        }
    }
}
