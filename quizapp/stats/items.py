"""Each question's statistics, read for a page of questions at a time in three queries.

One row per stored answer (with its attempt's score) for the questions asked for, their choices,
and their flashcard reviews counted by rating; everything else is arithmetic in figures.py.
A learner's *first* answer to a question is their earliest one, whatever the attempt: later ones
come after feedback or a retry of mistakes and say less about the question.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizapp.library import cloze
from quizapp.library.models import Choice, Question, QuestionType
from quizapp.quizzes.grading import match_answer, normalise_text
from quizapp.quizzes.models import Answer, Mode
from quizapp.stats import figures
from quizapp.stats.probable import REASONS, probable_reason
from quizapp.study.models import Rating, ReviewLog

FIRST, ALL = "first", "all"
BOTH = "both"
SCOPES = {FIRST: gettext_lazy("first attempts"), ALL: gettext_lazy("all attempts")}
MODES = {
    BOTH: gettext_lazy("practice and exam"),
    Mode.PRACTICE: gettext_lazy("practice"),
    Mode.EXAM: gettext_lazy("exam"),
}
TYPED = (QuestionType.SHORT_ANSWER, QuestionType.CLOZE, QuestionType.NUMERIC)
ACCEPTS = (QuestionType.SHORT_ANSWER, QuestionType.CLOZE)  # the types whose key is a list of accepted answers
MOST_WRONG = 10

FLAGS = {
    "too_easy": gettext_lazy("too easy"),
    "too_hard": gettext_lazy("too hard"),
    "not_discriminating": gettext_lazy("not discriminating"),
    "negative": gettext_lazy("negative discrimination"),
    "dead_distractor": gettext_lazy("distractor not working"),
    "probably_right": gettext_lazy("a wrong answer is probably right"),
}


@dataclass(frozen=True)
class Row:
    score: float
    correct: bool
    rest: float | None  # the rest of the attempt, as a share right; None when it holds only this answer
    seconds: float | None
    response: object


@dataclass
class Sample:
    answers: int
    facility: float | None  # mean score
    correct: float | None  # share fully right
    discrimination: float | None
    upper_lower: float | None
    median_seconds: float | None

    @property
    def judged(self) -> bool:
        return self.answers >= figures.MIN_SAMPLE

    @classmethod
    def of(cls, rows: list[Row]) -> Sample:
        paired = [r for r in rows if r.rest is not None]
        items, rests = [r.score for r in paired], [r.rest for r in paired]
        return cls(
            answers=len(rows),
            facility=figures.mean([r.score for r in rows]),
            correct=figures.mean([float(r.correct) for r in rows]),
            discrimination=figures.correlation(items, rests),
            upper_lower=figures.upper_lower(items, rests),
            median_seconds=figures.median([r.seconds for r in rows if r.seconds is not None]),
        )


@dataclass
class ChoiceRate:
    choice: Choice
    picked: int
    rate: float | None
    not_working: bool


@dataclass
class WrongAnswer:
    text: str  # as most learners typed it
    count: int
    blank: int | None = None  # a cloze's deletion number
    reason: str | None = None  # a key of probable.REASONS when it is probably right

    @property
    def reason_text(self) -> str:
        return str(REASONS[self.reason]) if self.reason else ""


@dataclass
class ItemStats:
    question: Question
    rows: list[tuple[bool, str, Row]]  # (first answer?, mode, row) for each stored answer
    choices: list[ChoiceRate] = field(default_factory=list)
    wrong: list[WrongAnswer] = field(default_factory=list)
    reviews: int = 0
    again: int = 0
    flags: list[str] = field(default_factory=list)
    _samples: dict[tuple[str, str], Sample] = field(default_factory=dict, repr=False)

    @property
    def basis(self) -> Sample:
        """What the flags judge: learners' first answers, practice and exam together."""
        return self.sample(FIRST, BOTH)

    def sample(self, scope: str, mode: str) -> Sample:
        """One slice of the answers, worked out when asked for: a list page needs only the basis."""
        if (scope, mode) not in self._samples:
            rows = [r for first, m, r in self.rows if (scope == ALL or first) and mode in (BOTH, m)]
            self._samples[scope, mode] = Sample.of(rows)
        return self._samples[scope, mode]

    @property
    def samples(self) -> dict[tuple[str, str], Sample]:
        return {(scope, mode): self.sample(scope, mode) for scope in SCOPES for mode in MODES}

    @property
    def again_rate(self) -> float | None:
        return self.again / self.reviews if self.reviews else None

    @property
    def facility_text(self) -> str:
        return _figure(self.basis.facility, self.basis)

    @property
    def discrimination_text(self) -> str:
        return _figure(self.basis.discrimination, self.basis)

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAGS[f]) for f in self.flags]


def _figure(value: float | None, sample: Sample) -> str:
    shown = "—" if value is None else f"{value:.2f}"
    return (
        f"{shown} (n={sample.answers})"
        if sample.judged
        else _("%(value)s (n=%(n)d, too few)")
        % {
            "value": shown,
            "n": sample.answers,
        }
    )


def for_questions(questions: list[Question]) -> dict[int, ItemStats]:
    """Statistics for these questions (type, prompt and accepted answers already loaded), by id."""
    by_id = {q.pk: q for q in questions}
    rows = _answer_rows(list(by_id))
    choices = _choices([q.pk for q in questions if q.has_choices])
    reviews = {
        r["question_id"]: r
        for r in ReviewLog.objects.filter(question_id__in=by_id)
        .values("question_id")
        .annotate(n=Count("pk"), again=Count("pk", filter=Q(rating=Rating.AGAIN)))
        .order_by()
    }
    out = {}
    for qid, question in by_id.items():
        mine = rows.get(qid, [])
        stats = ItemStats(question, mine)
        first = [row for is_first, _mode, row in mine if is_first]
        if question.has_choices:
            stats.choices = _choice_rates(choices.get(qid, []), first, judged=stats.basis.judged)
        if question.type in TYPED:
            stats.wrong = _wrong_answers(question, [row for _f, _m, row in mine if not row.correct])
        review = reviews.get(qid)
        if review:
            stats.reviews, stats.again = review["n"], review["again"]
        stats.flags = _flags(stats)
        out[qid] = stats
    return out


def _answer_rows(ids: list[int]) -> dict[int, list[tuple[bool, str, Row]]]:
    found = (
        Answer.objects.filter(question_id__in=ids)
        .annotate(rest_score=F("attempt__score") - F("score"))
        .values_list(
            "question_id", "attempt__learner_id", "attempt__mode", "attempt__position", "rest_score",
            "score", "is_correct", "time_taken_ms", "response",
        )
        .order_by("answered_at", "pk")
    )  # fmt: skip
    seen: set[tuple[int, int]] = set()
    out: dict[int, list[tuple[bool, str, Row]]] = defaultdict(list)
    for qid, learner, mode, position, rest, score, correct, ms, response in found:
        first = (qid, learner) not in seen
        seen.add((qid, learner))
        share = rest / (position - 1) if position > 1 else None
        row = Row(score, correct, share, ms / 1000 if ms is not None else None, response)
        out[qid].append((first, mode, row))
    return out


def _choices(ids: list[int]) -> dict[int, list[Choice]]:
    out: dict[int, list[Choice]] = defaultdict(list)
    for choice in Choice.objects.filter(question_id__in=ids):
        out[choice.question_id].append(choice)
    return out


def _choice_rates(choices: list[Choice], rows: list[Row], *, judged: bool) -> list[ChoiceRate]:
    picked: Counter[int] = Counter()
    for row in rows:
        picked.update(row.response if isinstance(row.response, list) else [row.response])
    total = len(rows)
    rates = []
    for choice in choices:
        rate = picked[choice.pk] / total if total else None
        dead = judged and not choice.is_correct and rate is not None and rate < figures.DEAD_DISTRACTOR
        rates.append(ChoiceRate(choice, picked[choice.pk], rate, dead))
    return rates


def _wrong_answers(question: Question, rows: list[Row]) -> list[WrongAnswer]:
    """The most frequent wrong typed answers (a cloze's by blank), grouped by their comparison key."""
    expected = _expected(question)
    counts: Counter[tuple[int | None, str]] = Counter()
    spellings: dict[tuple[int | None, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        for blank, text in _typed_parts(question, row.response, expected):
            key = (blank, normalise_text(text))
            counts[key] += 1
            spellings[key][text.strip()] += 1
    out = []
    for (blank, _key), count in counts.most_common(MOST_WRONG):
        text = spellings[blank, _key].most_common(1)[0][0]
        reason = None
        if question.type in ACCEPTS:
            reason = probable_reason(expected[(blank or 1) - 1], text)
        out.append(WrongAnswer(text, count, blank, reason))
    return out


def _expected(question: Question) -> list[list[str]]:
    if question.type == QuestionType.CLOZE:
        return cloze.accepted(question.prompt, question.accepted_answers)
    if question.type == QuestionType.SHORT_ANSWER:
        return [[str(a) for a in question.accepted_answers if str(a).strip()]]
    return [[]]


def _typed_parts(question: Question, response, expected: list[list[str]]):
    """(blank number or None, text) for each wrong part of a typed response."""
    if question.type != QuestionType.CLOZE:
        if isinstance(response, str) and response.strip():
            yield None, response
        return
    for number, (given, right) in enumerate(zip(response or [], expected, strict=False), 1):
        if isinstance(given, str) and given.strip() and not any(match_answer(e, given).matched for e in right):
            yield number, given


def _flags(stats: ItemStats) -> list[str]:
    basis, flags = stats.basis, []
    if basis.judged and basis.facility is not None:
        if basis.facility > figures.TOO_EASY:
            flags.append("too_easy")
        elif basis.facility < figures.TOO_HARD:
            flags.append("too_hard")
    if basis.judged and basis.discrimination is not None:
        if basis.discrimination < 0:
            flags.append("negative")
        elif basis.discrimination < figures.LOW_DISCRIMINATION:
            flags.append("not_discriminating")
    if any(c.not_working for c in stats.choices):
        flags.append("dead_distractor")
    if any(w.reason for w in stats.wrong):
        flags.append("probably_right")
    return flags
