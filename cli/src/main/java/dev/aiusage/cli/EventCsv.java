package dev.aiusage.cli;

import dev.aiusage.event.Attribution;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.event.UsageEvent;
import dev.aiusage.pricing.Money;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;

/**
 * Usage events as CSV (RFC 4180: CRLF line ends, a field with a comma, quote or line break quoted, quotes
 * doubled), one row per event in flat columns, each attribute in a column {@code attr:NAME}. Money is an
 * exact decimal string in USD, empty when unpriced.
 */
final class EventCsv {

    private static final List<String> COLUMNS = List.of("event_id", "call_id", "attempt", "started_at", "ended_at",
            "latency_ms", "provider", "api", "service_tier", "request_model", "response_model", "price_key",
            "input_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "output_tokens",
            "reasoning_tokens", "audio_input_tokens", "audio_output_tokens", "cost_usd", "cost_nanos", "cost_source",
            "status", "http_status", "error_type", "request_id", "scope_id", "job_id", "batch_id", "operation");

    private final List<String> attributeKeys;

    EventCsv(SortedSet<String> attributeKeys) {
        this.attributeKeys = List.copyOf(attributeKeys);
    }

    String header() {
        List<String> header = new ArrayList<>(COLUMNS);
        attributeKeys.forEach(key -> header.add("attr:" + key));
        return line(header);
    }

    String row(UsageEvent e) {
        TokenBuckets t = e.tokens();
        Attribution a = e.attribution();
        Money cost = e.cost().priced() ? e.cost().amount() : null;
        List<Object> cells = new ArrayList<>();
        Collections.addAll(cells, e.eventId(), e.callId(), e.attempt(), e.startedAt(), e.endedAt(),
                e.latency().toMillis(), e.provider(), e.api().code(), e.serviceTier().code(), e.requestModel(),
                e.responseModel(), e.cost().priceKey(), t.input(), t.cacheRead(), t.cacheWrite5m(), t.cacheWrite1h(),
                t.output(), t.reasoning(), t.audioInput(), t.audioOutput(), cost == null ? null : cost.toPlainUsd(),
                cost == null ? null : cost.nanos(), e.cost().source().code(), e.status().code(), e.httpStatus(),
                e.errorType(), e.requestId(), a.scopeId(), a.jobId(), a.batchId(), a.operation());
        attributeKeys.forEach(key -> cells.add(a.attributes().get(key)));
        return line(cells);
    }

    private static String line(List<?> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
