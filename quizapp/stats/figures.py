"""The figures of classical item analysis, as plain functions of plain numbers.

facility        the mean item score (with all-or-nothing scoring, the share answered right)
discrimination  the corrected item–total correlation: Pearson's r between the item score and
                the rest of the attempt (the attempt's share right without this item), so the
                item is not correlated with itself
upper–lower     D = facility in the top 27 % of attempts (by rest score) minus the bottom 27 %
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

# Below this many answers a figure is shown but not judged: one lucky guess moves it too far.
MIN_SAMPLE = 20
TOO_EASY = 0.9
TOO_HARD = 0.2
LOW_DISCRIMINATION = 0.2
DEAD_DISTRACTOR = 0.05
UPPER_LOWER_SHARE = 0.27


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None for fewer than 3 pairs or when either side never varies (r is undefined)."""
    n = len(xs)
    if n < 3 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def upper_lower(items: Sequence[float], rests: Sequence[float], share: float = UPPER_LOWER_SHARE) -> float | None:
    """The upper–lower index D; None unless each group holds at least 5 attempts (n ≥ 19 at 27 %).

    Attempts are ranked by rest score; ties at a cut are broken by their order in the input, which
    the caller keeps stable (by answer id)."""
    k = round(len(items) * share)
    if k < 5:
        return None
    ranked = sorted(range(len(items)), key=lambda i: rests[i])
    lower = [items[i] for i in ranked[:k]]
    upper = [items[i] for i in ranked[-k:]]
    return sum(upper) / k - sum(lower) / k
