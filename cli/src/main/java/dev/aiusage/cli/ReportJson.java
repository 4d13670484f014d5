package dev.aiusage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiusage.ledger.EntryCodec;
import dev.aiusage.ledger.GroupKey;
import dev.aiusage.ledger.UsageQuery;
import dev.aiusage.ledger.UsageTotals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The report as JSON, a stable shape for scripts:
 * {@code {"ledger", "filters": {"job", "since"}, "groupBy": [..], "rows": [{"group": {KEY: VALUE}, ..totals}],
 * "total": {..totals}}}; money is an exact decimal string in USD plus the integer nano-dollars.
 */
final class ReportJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {}

    static String render(Path ledger, UsageQuery query, List<UsageTotals> rows, UsageTotals total) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ledger", ledger.toString());
        ObjectNode filters = root.putObject("filters");
        filters.put("job", query.jobId());
        filters.put("since", query.since() == null ? null : query.since().toString());
        var groupBy = root.putArray("groupBy");
        query.groupBy().forEach(key -> groupBy.add(key.label()));
        var rowArray = root.putArray("rows");
        for (UsageTotals row : rows) {
            ObjectNode node = rowArray.addObject();
            ObjectNode group = node.putObject("group");
            for (int i = 0; i < query.groupBy().size(); i++) {
                GroupKey key = query.groupBy().get(i);
                group.put(key.label(), row.group().get(i));
            }
            totals(node, row);
        }
        totals(root.putObject("total"), total);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static void totals(ObjectNode node, UsageTotals t) {
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
    }
}
