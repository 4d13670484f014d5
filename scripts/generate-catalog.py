#!/usr/bin/env python3
"""Generates the bundled price catalog from LiteLLM's published price map.

Usage: scripts/generate-catalog.py [PRICE_MAP] [OUT]
  PRICE_MAP defaults to ../shared/pricing/litellm-model-prices-2026-07-24.json
  OUT       defaults to core/src/main/resources/dev/aiusage/pricing/catalog.json

The price map gives USD per token as floats; the catalog holds USD per million tokens as exact
decimal strings, converted through each float's shortest repr so 2.5e-06 becomes "2.5", not
"2.4999999999999998". Only first-party OpenAI, Anthropic and Google Gemini models are kept: the
prices people pay those providers directly.
"""
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "pricing" / "litellm-model-prices-2026-07-24.json"
DEFAULT_OUT = ROOT / "core" / "src" / "main" / "resources" / "dev" / "aiusage" / "pricing" / "catalog.json"
AS_OF = "2026-07-24"

# provider in the price map -> (our provider name, prefix to strip from keys)
PROVIDERS = {"openai": ("openai", ""), "anthropic": ("anthropic", ""), "gemini": ("google", "gemini/")}
MODES = {"chat", "responses", "embedding"}

# our rate name -> the price map's per-token field
RATES = {
    "input": "input_cost_per_token",
    "cacheRead": "cache_read_input_token_cost",
    "cacheWrite5m": "cache_creation_input_token_cost",
    "cacheWrite1h": "cache_creation_input_token_cost_above_1hr",
    "output": "output_cost_per_token",
    "reasoning": "output_cost_per_reasoning_token",
    "audioInput": "input_cost_per_audio_token",
    "audioOutput": "output_cost_per_audio_token",
}
TIERS = {"batch": "_batches", "flex": "_flex", "priority": "_priority"}
LONG_CONTEXT = re.compile(r"_above_(\d+)k_tokens$")


def per_million(value):
    return format((Decimal(repr(float(value))) * 1_000_000).normalize(), "f")


def rates(entry, suffix=""):
    out = {}
    for name, field in RATES.items():
        if field + suffix in entry:
            out[name] = per_million(entry[field + suffix])
    return out


def long_context(entry):
    thresholds = sorted({int(m.group(1)) for key in entry if (m := LONG_CONTEXT.search(key))})
    tiers = []
    for k in thresholds:
        tier = rates(entry, f"_above_{k}k_tokens")
        if tier:
            tiers.append({"aboveInputTokens": k * 1000, **tier})
    return tiers


def convert(entry, provider):
    model = {"provider": provider, "mode": entry["mode"], **rates(entry)}
    if "input_cost_per_request" in entry:
        model["perRequest"] = format(Decimal(repr(float(entry["input_cost_per_request"]))).normalize(), "f")
    for tier, suffix in TIERS.items():
        tier_rates = rates(entry, suffix)
        if tier_rates:
            model.setdefault("tiers", {})[tier] = tier_rates
    if tiers := long_context(entry):
        model["longContext"] = tiers
    return model


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    price_map = json.loads(source.read_text())
    models = {}
    for key, entry in sorted(price_map.items()):
        if not isinstance(entry, dict) or entry.get("mode") not in MODES:
            continue
        if entry.get("litellm_provider") not in PROVIDERS or "input_cost_per_token" not in entry:
            continue
        provider, prefix = PROVIDERS[entry["litellm_provider"]]
        if not key.startswith(prefix) or key.startswith("ft:"):
            continue
        # A listed price of zero for everything marks a free or experimental model: unpriced is more
        # honest than $0. An "embedding" that is not named one is a data error in the source.
        if not entry.get("input_cost_per_token") and not entry.get("output_cost_per_token"):
            continue
        if entry["mode"] == "embedding" and "embed" not in key:
            continue
        models[key[len(prefix):]] = convert(entry, provider)
    catalog = {
        "source": "LiteLLM's published price map, model_prices_and_context_window.json (MIT)",
        "asOf": AS_OF,
        "unit": "USD per million tokens",
        "models": models,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(catalog, indent=1) + "\n")
    print(f"wrote {len(models)} models to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
