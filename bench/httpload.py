"""A small asyncio load generator that replays learners against a server on 127.0.0.1.

One TCP connection per request (gunicorn's sync workers close every connection anyway), the
request written by hand, the response read to EOF (bench/http11.py); each request is timed with
time.perf_counter from before connect to after the last byte. Cookies are kept per virtual
learner by hand, because in production mode the app marks them Secure and a real browser would
send them only over the TLS connection a proxy terminates: we say `X-Forwarded-Proto: https`
on every request, as that proxy would.

Journeys (each virtual learner loops until the phase's deadline, then finishes the request in
flight; nothing is cancelled, so every acknowledged answer is known):

- ``healthz``  GET /healthz — the framework floor.
- ``fetch``    (once, untimed) open each article quiz and start an attempt; then GET the current
               question of those attempts in turn with ``HX-Request: true``.
- ``journey``  open an article quiz, start (302 to the attempt), then question fetch + answer
               until the attempt is done, then again. Every 200 answer is kept as an
               (attempt id, question id) pair for the "nothing lost" check.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.http11 import CookieJar, Response, parse_response

HOST = "127.0.0.1"
TIMEOUT_S = 30.0
HALF_CLOSE = True
ENDPOINTS = ("healthz", "quiz page", "start", "question fetch", "answer")


# ---------------------------------------------------------------------------------------------
# What a learner reads and sends

_QUESTION = re.compile(r'name="question" value="(\d+)"')
_CHOICE = re.compile(r'name="choice" value="(\d+)"')
_CHOICES = re.compile(r'name="choices" value="(\d+)"')
_ATTEMPT = re.compile(r"/attempts/(\d+)/")


@dataclass
class QuestionCard:
    question: int
    kind: str  # single | multiple | true_false | cloze | numeric | text
    choices: list[int] = field(default_factory=list)
    blanks: int = 0


def parse_question_card(html: str) -> QuestionCard | None:
    """The question card as a learner sees it: which question, and what can be filled in."""
    found = _QUESTION.search(html)
    if not found:
        return None
    qid = int(found.group(1))
    if single := _CHOICE.findall(html):
        return QuestionCard(qid, "single", [int(c) for c in single])
    if multiple := _CHOICES.findall(html):
        return QuestionCard(qid, "multiple", [int(c) for c in multiple])
    if 'name="answer"' in html:
        return QuestionCard(qid, "true_false")
    if blanks := html.count('name="blank"'):
        return QuestionCard(qid, "cloze", blanks=blanks)
    if 'name="text"' in html:
        # A numeric answer has its hint (digits, Chinese numerals, 万/亿) under the field.
        return QuestionCard(qid, "numeric" if 'aria-describedby="text-hint-' in html else "text")
    return None


def answer_form(card: QuestionCard, rng: random.Random) -> list[tuple[str, str]]:
    """A plausible submission (right or wrong) for any question type."""
    form = [("question", str(card.question)), ("elapsed_ms", str(rng.randint(1500, 20000)))]
    if card.kind == "single":
        form.append(("choice", str(rng.choice(card.choices))))
    elif card.kind == "multiple":
        picked = rng.sample(card.choices, rng.randint(1, len(card.choices)))
        form += [("choices", str(c)) for c in sorted(picked)]
    elif card.kind == "true_false":
        form.append(("answer", rng.choice(["true", "false"])))
    elif card.kind == "cloze":
        form += [("blank", rng.choice(["211.9亿元", "韩歆毅", "2019年"])) for _ in range(card.blanks)]
    elif card.kind == "numeric":
        form.append(("text", rng.choice(["211.9", "２１１．９", "3000", "1,234"])))  # no unit: units differ
    else:
        form.append(("text", rng.choice(["韓歆毅", "支付宝", "蚂蚁集团"])))
    return form


# ---------------------------------------------------------------------------------------------
# Recording


@dataclass
class PhaseData:
    """What one phase measured (mergeable across client processes)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    acked: list[tuple[int, int]] = field(default_factory=list)
    first_start: float = float("inf")
    last_end: float = 0.0
    client_cpu_s: float = 0.0

    def ok(self, endpoint: str, t0: float, t1: float) -> None:
        self.latencies[endpoint].append(t1 - t0)
        self.first_start, self.last_end = min(self.first_start, t0), max(self.last_end, t1)

    def error(self, endpoint: str, reason: str, t0: float, t1: float) -> None:
        self.errors[endpoint][reason] += 1
        self.first_start, self.last_end = min(self.first_start, t0), max(self.last_end, t1)

    @property
    def seconds(self) -> float:
        return max(self.last_end - self.first_start, 1e-9)

    def merge(self, other: PhaseData) -> None:
        for endpoint, values in other.latencies.items():
            self.latencies[endpoint].extend(values)
        for endpoint, reasons in other.errors.items():
            self.errors[endpoint].update(reasons)
        self.acked.extend(other.acked)
        self.first_start = min(self.first_start, other.first_start)
        self.last_end = max(self.last_end, other.last_end)
        self.client_cpu_s += other.client_cpu_s

    def plain(self) -> PhaseData:
        """Without defaultdicts-of-lambdas, so it pickles back from a worker process."""
        data = PhaseData(
            latencies=dict(self.latencies), errors=dict(self.errors), acked=self.acked, client_cpu_s=self.client_cpu_s
        )
        data.first_start, data.last_end = self.first_start, self.last_end
        return data


class Unexpected(Exception):
    """The server answered, but not as the journey expects."""


# ---------------------------------------------------------------------------------------------
# A virtual learner


class Learner:
    def __init__(self, port: int, data: PhaseData | None, rng: random.Random) -> None:
        self.port = port
        self.data = data  # None: setup requests, not recorded
        self.rng = rng
        self.cookies = CookieJar()
        self.origin = f"https://{HOST}:{port}"

    async def request(
        self,
        endpoint: str,
        method: str,
        path: str,
        *,
        form: list[tuple[str, str]] | None = None,
        htmx: bool = False,
        referer: str = "/",
    ) -> Response:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {HOST}:{self.port}",
            "User-Agent: quizapp-bench",
            "Accept: text/html",
            "Connection: close",
            "X-Forwarded-Proto: https",
        ]
        if self.cookies.values:
            lines.append(f"Cookie: {self.cookies.header()}")
        if htmx:
            lines += ["HX-Request: true", f"HX-Current-URL: {self.origin}{referer}"]
        body = b""
        if method == "POST":
            body = urlencode(form or []).encode()
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: {self.origin}",
                f"Referer: {self.origin}{referer}",
                f"X-CSRFToken: {self.cookies.values.get('csrftoken', '')}",
            ]
        raw_request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        t0 = time.perf_counter()
        try:
            raw = await asyncio.wait_for(self._exchange(raw_request), TIMEOUT_S)
            response = parse_response(raw)
        except TimeoutError:
            self._error(endpoint, "timeout", t0)
            raise Unexpected("timeout") from None
        except (OSError, ValueError) as exc:
            self._error(endpoint, type(exc).__name__, t0)
            raise Unexpected(str(exc)) from None
        self.cookies.update(response)
        self._last = (endpoint, t0, time.perf_counter())
        return response

    async def _exchange(self, raw_request: bytes) -> bytes:
        reader, writer = await asyncio.open_connection(HOST, self.port)
        try:
            writer.write(raw_request)
            if HALF_CLOSE:
                writer.write_eof()
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()

    def _error(self, endpoint: str, reason: str, t0: float) -> None:
        if self.data is not None:
            self.data.error(endpoint, reason, t0, time.perf_counter())

    def verdict(self, ok: bool, reason: str = "") -> None:
        """Book the last request as a success or (with the reason) an error."""
        endpoint, t0, t1 = self._last
        if self.data is not None:
            if ok:
                self.data.ok(endpoint, t0, t1)
            else:
                self.data.error(endpoint, reason, t0, t1)
        if not ok:
            raise Unexpected(f"{endpoint}: {reason}")

    # The steps of the journey -------------------------------------------------------------

    async def open_quiz(self, slug: str) -> None:
        response = await self.request("quiz page", "GET", f"/quizzes/{slug}/")
        good = response.status == 200 and "csrftoken" in self.cookies.values
        self.verdict(good, f"status {response.status}" if response.status != 200 else "no csrftoken cookie")

    async def start(self, slug: str) -> int:
        response = await self.request("start", "POST", f"/quizzes/{slug}/start/", referer=f"/quizzes/{slug}/")
        location = _ATTEMPT.search(response.header("location") or "")
        self.verdict(response.status == 302 and location is not None, f"status {response.status}")
        return int(location.group(1))

    async def fetch(self, attempt: int) -> QuestionCard | None:
        """The current question; None when the attempt has none left (the server redirects to results)."""
        response = await self.request("question fetch", "GET", f"/attempts/{attempt}/", htmx=True)
        if response.status == 200 and response.header("hx-redirect"):
            self.verdict(True)
            return None
        card = parse_question_card(response.text) if response.status == 200 else None
        self.verdict(card is not None, f"status {response.status}" if response.status != 200 else "no question")
        return card

    def answer_form(self, card: QuestionCard) -> list[tuple[str, str]]:
        return answer_form(card, self.rng)  # bench/faults.py marks each submission through this

    async def answer(self, attempt: int, card: QuestionCard) -> bool:
        """Answer the card; True when that was the attempt's last question."""
        form = self.answer_form(card)
        response = await self.request(
            "answer", "POST", f"/attempts/{attempt}/answer/", form=form, htmx=True, referer=f"/attempts/{attempt}/"
        )
        good = response.status == 200 and "q-card feedback" in response.text
        self.verdict(good, f"status {response.status}" if response.status != 200 else "no feedback card")
        if self.data is not None:
            self.data.acked.append((attempt, card.question))
        return f"/attempts/{attempt}/finish/" in response.text


async def _healthz(learner: Learner, deadline: float) -> None:
    while time.perf_counter() < deadline:
        response = await learner.request("healthz", "GET", "/healthz")
        learner.verdict(response.status == 200 and response.body == b"ok", f"status {response.status}")


async def _prepare_fetch(learner: Learner, slugs: list[str]) -> list[int]:
    """Untimed: open every article quiz and start an attempt on each, for the fetch-only phase."""
    data, learner.data = learner.data, PhaseData()  # a scratch record: setup is not measured
    try:
        attempts = []
        for slug in slugs:
            await learner.open_quiz(slug)
            attempts.append(await learner.start(slug))
        return attempts
    except Unexpected:
        assert learner.data is not None
        for endpoint, reasons in learner.data.errors.items():
            data.errors[f"{endpoint} (setup)"].update(reasons)
        raise
    finally:
        learner.data = data


async def _fetch_only(learner: Learner, deadline: float, attempts: list[int]) -> None:
    while time.perf_counter() < deadline:
        for attempt in attempts:
            if time.perf_counter() >= deadline:
                break
            await learner.fetch(attempt)


async def _journey(learner: Learner, deadline: float, slugs: list[str]) -> None:
    while time.perf_counter() < deadline:
        slug = learner.rng.choice(slugs)
        await learner.open_quiz(slug)
        if time.perf_counter() >= deadline:
            return
        attempt = await learner.start(slug)
        for _ in range(200):  # bounded: an article quiz has 10 questions
            if time.perf_counter() >= deadline:
                return
            card = await learner.fetch(attempt)
            if card is None or time.perf_counter() >= deadline:
                break
            if await learner.answer(attempt, card):
                break


async def _one_learner(kind: str, learner: Learner, deadline: float, slugs: list[str], attempts: list[int]) -> None:
    while time.perf_counter() < deadline:
        try:
            if kind == "healthz":
                await _healthz(learner, deadline)
            elif kind == "fetch":
                attempts = attempts or await _prepare_fetch(learner, slugs)
                await _fetch_only(learner, deadline, attempts)
            elif kind == "journey":
                await _journey(learner, deadline, slugs)
            else:
                raise ValueError(f"unknown journey {kind!r}")
        except Unexpected:
            # Counted already. A learner who met an error starts afresh, as a person would
            # reload; a short pause keeps a dead server from being hammered in a tight loop.
            learner = Learner(learner.port, learner.data, learner.rng)
            attempts = []
            await asyncio.sleep(0.05)


async def _run(
    kind: str, port: int, learners: int, seconds: float, slugs: list[str], seed: int, on_start=None
) -> PhaseData:
    data = PhaseData()
    crowd = [Learner(port, data, random.Random(seed * 1000 + i)) for i in range(learners)]
    prepared: list[list[int]] = [[] for _ in crowd]
    if kind == "fetch":  # set up before the clock starts
        done = await asyncio.gather(*(_prepare_fetch(learner, slugs) for learner in crowd), return_exceptions=True)
        prepared = [attempts if isinstance(attempts, list) else [] for attempts in done]
    if on_start is not None:
        on_start()  # e.g. attach a profiler once the untimed setup is done
    cpu0 = time.process_time()
    deadline = time.perf_counter() + seconds
    await asyncio.gather(
        *(
            _one_learner(kind, learner, deadline, slugs, attempts)
            for learner, attempts in zip(crowd, prepared, strict=True)
        )
    )
    data.client_cpu_s = time.process_time() - cpu0
    return data


def _run_in_process(args: tuple) -> PhaseData:
    return asyncio.run(_run(*args)).plain()


def run_phase(
    kind: str,
    port: int,
    concurrency: int,
    seconds: float,
    slugs: list[str],
    procs: int = 1,
    seed: int = 1,
    on_start: Callable[[], object] | None = None,
) -> PhaseData:
    """Run `concurrency` virtual learners for `seconds` (then let in-flight requests finish),
    spread over `procs` client processes. `on_start` (one process only) is called when the timed
    part begins."""
    procs = max(1, min(procs, concurrency))
    if on_start is not None:
        return asyncio.run(_run(kind, port, concurrency, seconds, slugs, seed, on_start)).plain()
    shares = [concurrency // procs + (1 if i < concurrency % procs else 0) for i in range(procs)]
    jobs = [(kind, port, share, seconds, slugs, seed * 100 + i) for i, share in enumerate(shares)]
    if procs == 1:
        return _run_in_process(jobs[0])
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        parts = pool.map(_run_in_process, jobs)
    merged = PhaseData()
    for part in parts:
        merged.merge(part)
    return merged
