"""Learners for bench/faults.py, and the pure arithmetic that turns what they saw into figures.

Each learner is bench/httpload.py's (same requests, cookies, answer forms) with two differences:
every request is kept as an `Event` (when it was sent and finished, its status or why it failed),
and every submission carries a unique number in `elapsed_ms`, which the server stores as the
answer's `time_taken_ms`: counting rows by that number is the ground truth for "stored".
A submission that met an outage is sent again (same number) after a pause, as a learner pressing
the button again would; the unique constraint must keep that from storing it twice.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import random
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass

from bench.httpload import Learner, QuestionCard, Unexpected

RESEND_PAUSE_S = 1.0  # a person reading "temporarily unavailable", not the 30 s Retry-After
RESENDS = 3
_FORM_ERROR = re.compile(r'class="form-error"[^>]*>([^<]*)<')


@dataclass
class Event:
    endpoint: str
    t0: float
    t1: float
    status: int | None  # None: no HTTP answer at all
    problem: str = ""  # "timeout" or the connection error, when status is None
    retry_after: bool = False
    token: int | None = None  # the submission's number (answers only)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400  # a start's success is its 302


def kind(event: Event) -> str:
    """acknowledged | refused (503 with Retry-After) | 4xx | error (5xx otherwise, timeout, reset)."""
    if event.ok:
        return "acknowledged"
    if event.status == 503 and event.retry_after:
        return "refused"
    if event.status is not None and event.status < 500:
        return "4xx"
    return "error"


def error_label(event: Event) -> str:
    if event.status is not None:
        return f"HTTP {event.status}" + (" without Retry-After" if event.status == 503 else "")
    return "timeout" if event.problem == "timeout" else "connection error"


class RecordingLearner(Learner):
    def __init__(self, port: int, rng: random.Random, events: list[Event], tokens: itertools.count) -> None:
        super().__init__(port, None, rng)
        self.events, self.tokens = events, tokens
        self.token: int | None = None

    def answer_form(self, card: QuestionCard) -> list[tuple[str, str]]:
        form = super().answer_form(card)
        return [(k, str(self.token) if k == "elapsed_ms" else v) for k, v in form]

    async def request(self, endpoint: str, method: str, path: str, **kwargs):
        token = self.token if endpoint == "answer" else None
        t0 = time.perf_counter()
        try:
            response = await super().request(endpoint, method, path, **kwargs)
        except Unexpected as exc:
            self.events.append(Event(endpoint, t0, time.perf_counter(), None, str(exc), token=token))
            raise
        retry = response.header("retry-after") is not None
        said = _FORM_ERROR.search(response.text) if 400 <= response.status < 500 else None
        problem = html.unescape(said.group(1)) if said else ""  # why an answer was refused, as shown
        self.events.append(Event(endpoint, t0, time.perf_counter(), response.status, problem, retry, token))
        return response

    async def submit(self, attempt: int, card: QuestionCard) -> bool:
        """One submission, sent again while the server could not say what became of it."""
        self.token = next(self.tokens)
        for resend in range(RESENDS + 1):
            try:
                return await self.answer(attempt, card)
            except Unexpected:
                last = self.events[-1]
                if resend == RESENDS or (last.status is not None and last.status != 503):
                    raise  # a plain refusal (409, 422…) is an answer: resending would not change it
                await asyncio.sleep(RESEND_PAUSE_S)
        raise AssertionError("unreachable")


async def journey(learner: RecordingLearner, deadline: float, slugs: list[str]) -> None:
    """Open a quiz, start, answer every question; again, until the deadline. After an error the
    learner keeps its cookies (a reload) and starts over after a short pause."""
    while time.perf_counter() < deadline:
        try:
            slug = learner.rng.choice(slugs)
            await learner.open_quiz(slug)
            attempt = await learner.start(slug)
            while time.perf_counter() < deadline:
                card = await learner.fetch(attempt)
                if card is None or await learner.submit(attempt, card):
                    break
        except Unexpected:
            await asyncio.sleep(0.2)


# ---------------------------------------------------------------------------------------------
# Figures


def _first_after(events: list[Event], moment: float, wanted) -> float | None:
    """Seconds from `moment` to the end of the first wanted request sent at or after it."""
    ends = [e.t1 for e in events if e.t0 >= moment and wanted(e)]
    return min(ends) - moment if ends else None


def longest_silence(events: list[Event], start: float, end: float) -> float:
    """The longest stretch within [start, end] in which no request ended with a success."""
    moments = sorted([start, end, *(e.t1 for e in events if e.ok and start < e.t1 < end)])
    return max(b - a for a, b in itertools.pairwise(moments)) if len(moments) > 1 else 0.0


def summarise(events: list[Event], fault: float, restore: float, stored: dict[int, int]) -> dict:
    """The figures of one scenario. `stored`: submission number → rows in the database."""
    kinds = Counter(kind(e) for e in events)
    errors = Counter(f"{e.endpoint}: {error_label(e)}" for e in events if kind(e) == "error")
    refusals = Counter(f"{e.endpoint}: HTTP {e.status}" for e in events if kind(e) == "4xx")
    reasons = Counter(e.problem for e in events if kind(e) == "4xx" and e.problem)
    answers = [e for e in events if e.endpoint == "answer"]
    submitted = {e.token for e in answers}
    acked = {e.token for e in answers if e.ok}
    during = [e for e in events if e.t0 < restore and e.t1 > fault]
    first_503 = [e.t1 - fault for e in events if e.status == 503 and e.t1 >= fault]
    return {
        "requests sent": len(events),
        "acknowledged": kinds["acknowledged"],
        "refused cleanly (503 + Retry-After)": kinds["refused"],
        "refused otherwise (4xx)": kinds["4xx"],
        "other errors": kinds["error"],
        "refused cleanly by endpoint": dict(Counter(e.endpoint for e in events if kind(e) == "refused")),
        "other errors by kind": dict(errors),
        "4xx by kind": dict(refusals),
        "4xx reasons shown": dict(reasons),
        "answer requests sent": len(answers),
        "submissions": len(submitted),
        "submissions acknowledged": len(acked),
        "submissions stored": sum(1 for t in submitted if stored.get(t)),
        "lost (acknowledged, not stored)": sum(1 for t in acked if not stored.get(t)),
        "stored, never acknowledged": sum(1 for t in submitted - acked if stored.get(t)),
        "duplicated (stored twice)": sum(1 for t in submitted if stored.get(t, 0) > 1),
        "fault to first 503 s": min(first_503) if first_503 else None,
        "longest request during the fault s": max((e.t1 - e.t0 for e in during), default=None),
        "longest stretch without a success s": longest_silence(events, fault, restore),
        "fault lasted s": restore - fault,
        "restore to first success s": _first_after(events, restore, lambda e: e.ok),
    }


def timeline(events: list[Event], origin: float) -> list[dict]:
    """Per second since `origin`: how the requests that ended in it went."""
    seconds: dict[int, Counter] = {}
    for e in events:
        seconds.setdefault(int(e.t1 - origin), Counter())[kind(e)] += 1
    return [{"second": s, **seconds[s]} for s in sorted(seconds)]


def slowest(events: list[Event], origin: float, n: int = 10) -> list[dict]:
    picked = sorted(events, key=lambda e: e.t1 - e.t0, reverse=True)[:n]
    return [
        {**asdict(e), "t0": round(e.t0 - origin, 3), "t1": round(e.t1 - origin, 3), "s": round(e.t1 - e.t0, 3)}
        for e in picked
    ]
