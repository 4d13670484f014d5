package dev.aiusage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.ledger.EntryCodec;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.ledger.UsageReport;
import dev.aiusage.ledger.UsageTotals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The report as JSON, a stable shape for scripts (documented in the README):
 * {@code {"ledger", "filters": {..}, "groupBy": [..], "rows": [{"group": {KEY: VALUE}, ..totals}],
 * "total": {..totals}, "unpricedModels": [..]}}; money is an exact decimal string in USD plus the
 * integer nano-dollars, and {@code null} where nothing has a price.
 */
final class ReportJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {}

    static String render(Path ledger, UsageReport report) {
        UsageQuery query = report.query();
        ObjectNode root = JSON.createObjectNode();
        root.put("ledger", ledger.toString());
        ObjectNode filters = root.putObject("filters");
        filters.put("job", query.jobId());
        filters.put("batch", query.batchId());
        filters.put("model", query.model());
        filters.put("operation", query.operation());
        filters.put("provider", query.provider());
        filters.put("status", query.status() == null ? null : query.status().code());
        filters.put("since", text(query.since()));
        filters.put("until", text(query.until()));
        filters.put("tz", query.zone().getId());
        var groupBy = root.putArray("groupBy");
        query.groupBy().forEach(key -> groupBy.add(key.label()));
        var rowArray = root.putArray("rows");
        for (UsageTotals row : report.rows()) {
            ObjectNode node = rowArray.addObject();
            ObjectNode group = node.putObject("group");
            for (int i = 0; i < query.groupBy().size(); i++) {
                group.put(query.groupBy().get(i).label(), row.group().get(i));
            }
            totals(node, row);
        }
        totals(root.putObject("total"), report.total());
        var unpriced = root.putArray("unpricedModels");
        report.unpriced().forEach(m -> unpriced.addObject().put("model", m.model()).put("attempts", m.attempts())
                .put("tokens", m.tokens()));
        return write(root);
    }

    static String write(ObjectNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static void totals(ObjectNode node, UsageTotals t) {
        node.put("calls", t.calls());
        node.put("attempts", t.attempts());
        node.put("errors", t.errors());
        ObjectNode tokens = node.putObject("tokens");
        EntryCodec.writeTokens(tokens, t.tokens());
        tokens.put("totalInput", t.tokens().totalInput());
        tokens.put("totalOutput", t.tokens().totalOutput());
        if (t.allUnpriced()) {
            node.putNull("cost"); // nothing here has a price: unknown, not $0
            node.putNull("costNanos");
            node.putNull("estimatedCost");
        } else {
            node.put("cost", t.cost().toPlainUsd());
            node.put("costNanos", t.cost().nanos());
            node.put("estimatedCost", t.estimatedCost().toPlainUsd());
        }
        node.put("estimatedAttempts", t.estimatedAttempts());
        node.put("unpricedAttempts", t.unpricedAttempts());
        node.put("unpricedTokens", t.unpricedTokens());
        ObjectNode latency = node.putObject("latency");
        if (t.latency().known()) {
            latency.put("p50Ms", t.latency().p50Millis());
            latency.put("p95Ms", t.latency().p95Millis());
        } else {
            latency.putNull("p50Ms");
            latency.putNull("p95Ms");
        }
    }
}
