"""What every part of the benchmark shares: where results go, the targets, and how long each phase runs."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bench.infra import ROOT

RESULTS_MD = ROOT / "bench" / "RESULTS.md"
RESULTS_DIR = ROOT / "bench" / "results"
SCRATCH = RESULTS_DIR / "tmp"  # git-ignored: raw profiles

FETCH_SHARE_TARGET = 0.30  # issue 18, point 6
ANSWER_P99_TARGET_MS = 50.0
QUESTION_STATEMENTS_TARGET, ANSWER_STATEMENTS_TARGET = 3, 6
ANKI_RATIO_TARGET = 1.2
IMPORT_TARGET_S = 1.0


@dataclass(frozen=True)
class Plan:
    levels: tuple[int, ...]  # concurrency sweep
    sweep_s: float
    phase_s: float
    warmup_s: float
    profile_s: int
    anki_n: int
    anki_repeat: int
    repeat: int  # best-of for the parse floors


FULL = Plan((1, 2, 4, 8, 16, 32), 8, 20, 3, 10, 10_000, 5, 5)
QUICK = Plan((2, 8), 2, 3, 1, 3, 2_000, 2, 2)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
