"""The bank format itself: its keys, the specs one item becomes, and the checks on one item's shape.

Every format (the YAML files today) reads its items into these specs through `ItemReader`, so
the rules for a valid fact or question are written once and the writer needs no format of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quizapp.library import checks, cloze
from quizapp.library.columns import column_problem, text_problem
from quizapp.library.duplicates import KEY_FIELDS, question_key, repeated
from quizapp.library.models import Article, Choice, Drift, Fact, Question, QuestionType, Status, Tag
from quizapp.library.quotes import QuoteIndex, clean_text
from quizapp.library.validation import ChoiceData, question_problems

# The keys in the order the dump writes them (content/FORMAT.md).
FACT_KEYS = ("id", "quote", "occurrence", "restatement", "tags", "erratum", "flagged", "questions")
QUESTION_KEYS = (
    "id", "type", "status", "difficulty", "tags", "prompt",
    "choices", "answer", "accepted_answers", "alternatives", "value", "tolerance", "unit", "explanation",
    "check_override",
)  # fmt: skip
CHOICE_KEYS = ("id", "text", "correct", "feedback")
DIFFICULTIES = (1, 2, 3)


def text(item: dict, key: str) -> str:
    """A text value of an item as it is stored (clean_text); a missing or empty one is ""."""
    return clean_text(str(item.get(key) or ""))


@dataclass(frozen=True)
class ChoiceSpec(ChoiceData):
    """A choice as a file gives it: its `id:` when it has one (older and hand-written files have none)."""

    uuid: uuid.UUID | None = None


class BankError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class QuestionSpec:
    uuid: uuid.UUID
    type: str
    status: str
    difficulty: int
    tags: list[str]
    prompt: str
    explanation: str
    choices: list[ChoiceSpec] = field(default_factory=list)
    answer_bool: bool | None = None
    accepted_answers: list[str] = field(default_factory=list)
    numeric_value: Decimal | None = None
    numeric_tolerance: Decimal = Decimal(0)
    numeric_unit: str = ""
    check_override: str = ""


@dataclass
class FactSpec:
    uuid: uuid.UUID
    quote: str
    start: int
    end: int
    paragraph: int
    restatement: str
    tags: list[str]
    erratum: str
    questions: list[QuestionSpec]
    # A fact drift flagged keeps its last known-good quote, which the article no longer holds.
    drift: str = Drift.OK
    drift_note: str = ""


class ItemReader:
    """Turns the items of one article (mappings with the keys above) into specs.

    Problems go to `fail(where, message)`; `seen` maps every id read so far, in any file, to
    where it was (`source` + item), so an id used twice is caught across the whole bank. A draft's
    answer-vs-fact and lint problems go to `warn(where, message, status)` instead (dropped without one).
    """

    def __init__(
        self,
        article: Article,
        fail: Callable[[str, str], None],
        seen: dict[uuid.UUID, str],
        source: str,
        warn: Callable[[str, str, str], None] | None = None,
    ) -> None:
        self.article, self.fail, self.seen, self.source = article, fail, seen, source
        self.warn = warn or (lambda where, message, status: None)
        self.quotes = QuoteIndex(article.body)

    def uid(self, where: str, raw: object) -> uuid.UUID | None:
        try:
            value = uuid.UUID(str(raw))
        except ValueError:
            self.fail(where, _("id %(id)s is not a UUID") % {"id": repr(raw)})
            return None
        if value in self.seen:
            self.fail(
                where, _("id %(id)s is used twice (also at %(other)s)") % {"id": value, "other": self.seen[value]}
            )
            return None
        self.seen[value] = f"{self.source} {where}"
        return value

    def mapping(self, where: str, item: object, keys: tuple[str, ...]) -> bool:
        """Is `item` a mapping? Unknown keys are reported but do not stop the rest of the checks."""
        if not isinstance(item, dict):
            self.fail(where, _("must be a mapping"))
            return False
        if extra := set(item) - set(keys):
            self.fail(where, _("unknown key(s) %(keys)s") % {"keys": ", ".join(sorted(map(str, extra)))})
        return True

    def fact(self, n: int, item: object) -> FactSpec | None:
        if not self.mapping(f"fact {n}", item, FACT_KEYS):
            return None
        where = f"fact {n} ({item.get('id', 'no id')})"
        fact_id = self.uid(where, item.get("id"))
        quote = text(item, "quote")
        occurrence = item.get("occurrence")
        flagged = text(item, "flagged")
        start, end = (0, 0) if flagged else self.anchor(where, quote, occurrence)
        # A fact may wait for its first question: `questions: []` (or no key) is a fact on its own.
        questions = item.get("questions") or []
        if not isinstance(questions, list):
            self.fail(where, _("questions must be a list"))
            questions = []
        restatement = text(item, "restatement")
        specs = []
        for m, raw in enumerate(questions, 1):
            if spec := self.question(f"{where} question {m}", raw):
                self.check(f"{where} question {m} ({raw.get('id')})", spec, quote, restatement)
                specs.append(spec)
        keys = [question_key(**{k: getattr(s, k) for k in KEY_FIELDS}) for s in specs]
        for later, earlier in repeated(keys):
            message = _("asks the same as question %(number)d (same prompt and answer)") % {"number": earlier}
            self.fail(f"{where} question {later}", message)
        values = [("quote", "quote", quote), ("restatement", "restatement", restatement)]
        values += [("erratum", "erratum", text(item, "erratum")), ("flagged", "drift_note", flagged)]
        if not self.fits(where, Fact, values) or fact_id is None or len(specs) != len(questions):
            return None
        return FactSpec(
            uuid=fact_id,
            quote=quote,
            start=start,
            end=end,
            paragraph=self.article.paragraph_at(start),
            restatement=restatement,
            tags=self.tags(where, item.get("tags")),
            erratum=text(item, "erratum"),
            questions=specs,
            drift=Drift.FLAGGED if flagged else Drift.OK,
            drift_note=flagged,
        )

    def anchor(self, where: str, quote: str, occurrence: object) -> tuple[int, int]:
        """The quote's span in the article, placed by the admin's rule (Fact.anchor); (0, 0) when it fails."""
        if occurrence is not None and (isinstance(occurrence, bool) or not isinstance(occurrence, int)):
            self.fail(where, _("occurrence %(value)s must be a whole number") % {"value": repr(occurrence)})
            return 0, 0
        fact = Fact(article=self.article)
        try:
            fact.anchor(quote, occurrence, index=self.quotes)
        except ValidationError as exc:
            self.fail(
                where,
                _("quote %(quote)s: %(problem)s") % {"quote": repr(quote[:30]), "problem": " ".join(exc.messages)},
            )
            return 0, 0
        return fact.start, fact.end

    def tags(self, where: str, raw: object) -> list[str]:
        if raw is None:
            return []
        if not isinstance(raw, list) or any(not isinstance(t, str) or not t or " " in t for t in raw):
            self.fail(where, _("tags must be a list of words without spaces"))
            return []
        if not self.fits(where, Tag, [(f"tags {t[:20]!r}", "name", t) for t in raw]):
            return []
        return list(dict.fromkeys(raw))

    def number(self, where: str, key: str, raw: object) -> Decimal | None:
        if raw is None:
            return None
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            self.fail(where, _("%(key)s %(value)s is not a number") % {"key": key, "value": repr(raw)})
            return None

    def choices(self, where: str, raw: object) -> list[ChoiceSpec]:
        choices = []
        for n, c in enumerate(raw if isinstance(raw, list) else [], 1):
            if not isinstance(c, dict) or "text" not in c or not isinstance(c.get("correct", False), bool):
                self.fail(where, _("each choice needs 'text' and a true/false 'correct'"))
                continue
            # An unknown key is named: a mistyped `Id:` would otherwise leave the choice without its id.
            self.mapping(f"{where} choices {n}", c, CHOICE_KEYS)
            # No id: the writer knows the choice by its text or place, as before choices had ids.
            choice_id = self.uid(f"{where} choices {n}", c["id"]) if "id" in c else None
            choices.append(ChoiceSpec(text(c, "text"), bool(c.get("correct")), text(c, "feedback"), choice_id))
        return choices

    def alternatives(self, where: str, item: dict) -> list[str]:
        """A cloze's `alternatives: {c1: [翻倍, 翻一番]}`, as Question.accepted_answers keeps them."""
        raw = item.get("alternatives")
        if item.get("type") == QuestionType.CLOZE and item.get("accepted_answers"):
            self.fail(where, _("a cloze lists other right answers per blank under alternatives, not accepted_answers"))
        if raw is None:
            return []
        if item.get("type") != QuestionType.CLOZE:
            self.fail(where, _("alternatives are for cloze blanks; a short answer lists them in accepted_answers"))
            return []
        numbers = {d.number for d in cloze.deletions(text(item, "prompt"))}
        by_number: dict[int, list[str]] = {}
        for key, answers in raw.items() if isinstance(raw, dict) else [(None, None)]:
            number = int(key[1:]) if isinstance(key, str) and key[:1] == "c" and key[1:].isdigit() else None
            if number is None or not isinstance(answers, list) or not all(isinstance(a, str) and a for a in answers):
                self.fail(where, _("alternatives must map a blank to a list of answers, e.g. {c1: [翻倍, 翻一番]}"))
                return []
            if number not in numbers:
                self.fail(where, _("alternatives for %(key)s, but the prompt has no deletion %(key)s") % {"key": key})
            by_number[number] = [clean_text(a) for a in answers]
        return cloze.stored_alternatives(by_number)

    def question(self, where: str, item: object) -> QuestionSpec | None:
        if not self.mapping(where, item, QUESTION_KEYS):
            return None
        where = f"{where} ({item.get('id', 'no id')})"
        question_id = self.uid(where, item.get("id"))
        status = item.get("status", Status.DRAFT)
        if status not in Status.values:
            message = _("status %(status)s is not one of %(statuses)s")
            self.fail(where, message % {"status": repr(status), "statuses": ", ".join(Status.values)})
        difficulty = item.get("difficulty", 2)
        if isinstance(difficulty, bool) or difficulty not in DIFFICULTIES:  # true == 1 in Python, not in the format
            self.fail(where, _("difficulty %(value)s must be 1, 2 or 3") % {"value": repr(difficulty)})
            difficulty = 2
        choices = self.choices(where, item.get("choices") or [])
        answer = item.get("answer")
        if answer is not None and not isinstance(answer, bool):
            self.fail(where, _("answer must be true or false"))
            answer = None
        accepted = item.get("accepted_answers") or []
        if not isinstance(accepted, list):
            self.fail(where, _("accepted_answers must be a list"))
            accepted = []
        spec = QuestionSpec(
            uuid=question_id or uuid.uuid4(),
            type=str(item.get("type", "")),
            status=str(status),
            difficulty=difficulty,
            tags=self.tags(where, item.get("tags")),
            prompt=text(item, "prompt"),
            explanation=text(item, "explanation"),
            choices=choices,
            answer_bool=answer,
            accepted_answers=self.alternatives(where, item) or [clean_text(str(a)) for a in accepted],
            numeric_value=self.number(where, "value", item.get("value")),
            numeric_tolerance=self.number(where, "tolerance", item.get("tolerance")) or Decimal(0),
            numeric_unit=text(item, "unit"),
            check_override=text(item, "check_override"),
        )
        columns = [("prompt", "prompt"), ("explanation", "explanation"), ("unit", "numeric_unit")]
        columns += [
            ("value", "numeric_value"),
            ("tolerance", "numeric_tolerance"),
            ("check_override", "check_override"),
        ]
        fits = self.fits(where, Question, [(key, name, getattr(spec, name)) for key, name in columns])
        for n, choice in enumerate(spec.choices, 1):
            # Named by the file's own keys, like the other values: "choices 2 text".
            values = [
                (f"choices {n} text", "text", choice.text),
                (f"choices {n} feedback", "feedback", choice.feedback),
            ]
            fits &= self.fits(where, Choice, values)
        for answer in spec.accepted_answers:
            if problem := text_problem(answer):
                self.fail(where, f"accepted_answers {problem}")
                fits = False
        found = question_problems(
            type=spec.type,
            prompt=spec.prompt,
            explanation=spec.explanation,
            choices=spec.choices,
            answer_bool=spec.answer_bool,
            accepted_answers=spec.accepted_answers,
            numeric_value=spec.numeric_value,
            numeric_tolerance=spec.numeric_tolerance,
        )
        for messages in found.values():
            for message in messages:
                self.fail(where, message)
        return None if found or question_id is None or not fits else spec

    def fits(self, where: str, model, values: list[tuple[str, str, object]]) -> bool:
        """Does each (key, column, value) fit its column (length, NUL, digits)? Checked here so a bad
        file is a clean problem, never a DataError halfway through writing."""
        problems = [(key, problem) for key, name, value in values if (problem := column_problem(model, name, value))]
        for key, problem in problems:
            self.fail(where, f"{key} {problem}")
        return not problems

    def check(self, where: str, spec: QuestionSpec, quote: str, restatement: str) -> None:
        """The checks of checks.py: problems for a question in review or published; warnings, with the
        status the question keeps (draft or retired), for the others."""
        found = checks.problems_on_fact(**vars(spec), quote=quote, restatement=restatement)
        for message in found:
            if checks.is_checked(spec.status):
                self.fail(where, message)
            else:
                self.warn(where, message, spec.status)
