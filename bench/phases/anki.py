"""Anki export of many questions against raw genanki (bench/anki_export.py), and a cProfile of our
writer when it misses its target."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

from bench import infra
from bench.plan import ROOT, Plan, log
from bench.profiling import cprofile


def anki_bench(plan: Plan) -> dict:
    log(f"Anki export of {plan.anki_n:,} questions vs raw genanki (bench/anki_export.py)")
    cmd = [infra.PYTHON, "bench/anki_export.py", "--n", str(plan.anki_n), "--repeat", str(plan.anki_repeat)]
    done = subprocess.run(cmd, cwd=ROOT, env=infra.base_env(), capture_output=True, text=True, timeout=900)
    if done.returncode:
        return {"error": (done.stdout + done.stderr)[-2000:]}
    # From its output rather than bench/results/anki_export.md, which another run may have rewritten since.
    table = done.stdout[done.stdout.find("# Anki export") :].strip()
    # Every "**ratio** ours / <what> | **<median>×**" row; the first is the headline the target is judged on.
    ratios = [(what, float(x)) for what, x in re.findall(r"\*\*ratio\*\* ours / ([^|]+?) \| \*\*([\d.]+)×", table)]
    return {"table": table, "ratios": ratios, "ratio": ratios[0][1] if ratios else math.nan}


def anki_profile(n: int, tmp: Path) -> dict:
    """cProfile of our writer on the benchmark's own notes, for when it misses its target."""
    code = f"""
sys.argv = ["anki_export"]
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from bench import anki_export
questions = anki_export.make_questions({n})
anki_export.ours(questions[:100], Path({str(tmp / "warm.apkg")!r}))
profile = cProfile.Profile()
profile.enable()
anki_export.ours(questions, Path({str(tmp / "profiled.apkg")!r}))
profile.disable()
"""
    return cprofile(code, ("/quizapp/", "genanki/", "compress", "escape"), infra.base_env())
