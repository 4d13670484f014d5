package dev.aiusage.event;

/** Something the ledger stores: a provider attempt, or the record of a scope that ended. */
public sealed interface LedgerEntry permits UsageEvent, ScopeRecord {}
