package dev.aiusage.testkit;

/** One server-sent event: an optional event name and its data line. */
public record SseEvent(String name, String data) {

    static SseEvent data(String data) {
        return new SseEvent(null, data);
    }

    String wire() {
        return (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
    }
}
