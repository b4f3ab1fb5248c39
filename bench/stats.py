"""Pure helpers shared by the benchmarks: percentiles, summaries and markdown tables (no Django, no I/O)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between closest ranks (numpy's default).

    NaN for no values; `values` need not be sorted.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(latencies_s: Sequence[float], errors: int, seconds: float) -> dict:
    """Requests/s and latency percentiles (in ms) for one endpoint over one measured window."""
    ok = len(latencies_s)
    return {
        "ok": ok,
        "errors": errors,
        "rps": (ok + errors) / seconds if seconds > 0 else math.nan,
        "p50": percentile(latencies_s, 50) * 1000,
        "p95": percentile(latencies_s, 95) * 1000,
        "p99": percentile(latencies_s, 99) * 1000,
        "max": max(latencies_s) * 1000 if latencies_s else math.nan,
    }


def saturation_point(levels: Sequence[int], throughputs: Sequence[float], gain: float = 0.05) -> int:
    """Where throughput stops rising: the first concurrency level after which the next level adds
    less than `gain` (5%) requests/s. Reading the sweep from the bottom, a dip or jump further up
    (other load on a shared machine) does not move the answer."""
    if not levels or len(levels) != len(throughputs):
        raise ValueError("need one throughput per concurrency level")
    for i in range(len(levels) - 1):
        if throughputs[i + 1] < (1 + gain) * throughputs[i]:
            return levels[i]
    return levels[-1]


def fmt(value: float | int | None, digits: int = 1) -> str:
    """A number for a table: thousands separators, fixed digits, an en dash for missing values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def md_table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A GitHub markdown table. `align` has one letter per column, l or r (default: first l, rest r).
    Pipes in cells are escaped; cells are str()-ed."""
    headers = list(headers)
    align = align or "l" + "r" * (len(headers) - 1)
    if len(align) != len(headers):
        raise ValueError("one alignment letter per column")
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|",
    ]
    for row in rows:
        cells = [str(c).replace("|", "\\|").replace("\n", " ") for c in row]
        if len(cells) != len(headers):
            raise ValueError(f"row has {len(cells)} cells for {len(headers)} columns: {cells}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict(met: bool | None) -> str:
    return "–" if met is None else ("**met**" if met else "**not met**")
