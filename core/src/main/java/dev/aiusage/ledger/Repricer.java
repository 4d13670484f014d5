package dev.aiusage.ledger;

import dev.aiusage.event.Cost;
import dev.aiusage.event.CostSource;
import dev.aiusage.event.ServiceTier;
import dev.aiusage.event.TokenBuckets;
import dev.aiusage.pricing.Money;
import dev.aiusage.pricing.PriceCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recomputes the cost of computed and estimated events with a catalog, in one transaction. Costs the
 * provider reported are facts, not ours to change, so they are never touched; nor is a cost the
 * catalog has no price for any more (kept, and named in the summary), so a partial catalog cannot
 * silently wipe out costs.
 */
final class Repricer {

    private static final String SELECT = """
            SELECT rowid, request_model, response_model, input_tokens, cache_read_tokens, cache_write_5m_tokens,
                   cache_write_1h_tokens, output_tokens, reasoning_tokens, audio_input_tokens, audio_output_tokens,
                   cost_nanos, cost_source, service_tier, price_key
            FROM usage_event
            WHERE cost_source IN ('computed', 'estimated')""";

    private Repricer() {}

    static RepriceSummary reprice(Connection connection, PriceCatalog catalog, Instant since, String model,
            boolean dryRun) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> params = new ArrayList<>();
        if (since != null) {
            sql.append(" AND started_at >= ?");
            params.add(since.toEpochMilli());
        }
        if (model != null) {
            sql.append(" AND lower(COALESCE(response_model, request_model)) = lower(?)");
            params.add(model);
        }
        // A write transaction from the start: a read that later upgrades to a write fails at once
        // (SQLITE_BUSY_SNAPSHOT) when another process writes meanwhile, instead of waiting its turn.
        try (var begin = connection.createStatement()) {
            begin.execute("BEGIN IMMEDIATE");
        }
        try (PreparedStatement select = connection.prepareStatement(sql.toString());
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE usage_event SET cost_nanos = ?, price_key = ? WHERE rowid = ?")) {
            for (int i = 0; i < params.size(); i++) {
                select.setObject(i + 1, params.get(i));
            }
            RepriceSummary.Builder summary = new RepriceSummary.Builder();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    TokenBuckets tokens = new TokenBuckets(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11));
                    long old = rs.getLong(12);
                    Money before = rs.wasNull() ? null : new Money(old);
                    String tier = rs.getString(14);
                    String eventModel = String.valueOf(rs.getString(3) != null ? rs.getString(3) : rs.getString(2));
                    Cost priced = catalog.cost(rs.getString(3), rs.getString(2), tokens,
                            tier == null ? ServiceTier.STANDARD : ServiceTier.fromCode(tier),
                            CostSource.fromCode(rs.getString(13)));
                    String oldKey = rs.getString(15);
                    if (!summary.replaces(before, priced.amount())) {
                        summary.keep(eventModel);
                        summary.count(eventModel, before, before, false);
                        continue;
                    }
                    boolean keyChanged = !Objects.equals(oldKey, priced.priceKey());
                    summary.count(eventModel, before, priced.amount(), keyChanged);
                    if (keyChanged || !Objects.equals(before, priced.amount())) {
                        if (priced.priced()) {
                            update.setLong(1, priced.amount().nanos());
                        } else {
                            update.setNull(1, Types.INTEGER);
                        }
                        update.setString(2, priced.priceKey());
                        update.setLong(3, rs.getLong(1));
                        update.addBatch();
                    }
                }
            }
            update.executeBatch();
            try (var end = connection.createStatement()) {
                end.execute(dryRun ? "ROLLBACK" : "COMMIT");
            }
            return summary.build();
        } catch (SQLException | RuntimeException e) {
            try (var rollback = connection.createStatement()) {
                rollback.execute("ROLLBACK");
            }
            throw e;
        }
    }
}
