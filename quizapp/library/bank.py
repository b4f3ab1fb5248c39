"""The question bank as files: content/<seed stem>.yaml, one per article (see content/FORMAT.md).

Loading validates every file before anything is written, then writes in one transaction,
creating or updating by UUID. A row is saved only when something in it changed, so
`updated_at` (which Anki exports use as the note's modification time) moves only on edits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction

from quizapp.library.models import Article, Choice, Fact, Question, QuestionType, Status, Tag
from quizapp.library.quotes import QuoteIndex, find_quote
from quizapp.library.validation import ChoiceData, question_problems

FACT_KEYS = ("id", "quote", "occurrence", "restatement", "tags", "erratum", "questions")
QUESTION_KEYS = (
    "id", "type", "status", "difficulty", "tags", "prompt",
    "choices", "answer", "accepted_answers", "value", "tolerance", "unit", "explanation",
)  # fmt: skip
CHOICE_KEYS = ("text", "correct", "feedback")


# libyaml's parser when PyYAML was built with it (the wheels are): the same safe subset, ~8x faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    choices: list[ChoiceData] = field(default_factory=list)
    answer_bool: bool | None = None
    accepted_answers: list[str] = field(default_factory=list)
    numeric_value: Decimal | None = None
    numeric_tolerance: Decimal = Decimal(0)
    numeric_unit: str = ""


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


@dataclass
class LoadReport:
    files: int = 0
    created: dict[str, int] = field(default_factory=lambda: {"facts": 0, "questions": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"facts": 0, "questions": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"facts": 0, "questions": 0})


# ---------------------------------------------------------------- reading and validating


def read_bank(folder: Path) -> list[tuple[Article, list[FactSpec]]]:
    """Parse and validate every file; raise BankError listing every problem found."""
    if not folder.is_dir():
        raise BankError([f"{folder}: no such folder"])
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise BankError([f"{folder}: no .yaml files to load"])
    problems: list[str] = []
    articles = {a.source_file: a for a in Article.objects.all()}
    seen: dict[uuid.UUID, str] = {}
    result = []
    for path in paths:
        reader = _FileReader(path, articles, seen)
        specs = reader.read()
        problems += reader.problems
        if reader.article and specs is not None:
            result.append((reader.article, specs))
    if problems:
        raise BankError(problems)
    return result


class _FileReader:
    def __init__(self, path: Path, articles: dict[str, Article], seen: dict[uuid.UUID, str]):
        self.path, self.articles, self.seen = path, articles, seen
        self.problems: list[str] = []
        self.article: Article | None = None

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{self.path.name}: {where}: {message}" if where else f"{self.path.name}: {message}")

    def read(self) -> list[FactSpec] | None:
        try:
            data = yaml.load(self.path.read_text(encoding="utf-8"), Loader=_Loader)
        except UnicodeDecodeError:
            self.fail("", "not UTF-8 text")
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else ""
            self.fail(where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})")
            return None
        if not isinstance(data, dict) or set(data) != {"article", "facts"}:
            self.fail("", "the file must be a mapping with exactly the keys 'article' and 'facts'")
            return None
        self.article = self.articles.get(str(data["article"]))
        if self.article is None:
            self.fail("article", f"{data['article']!r} is not imported; run import_articles on seeds/ first")
            return None
        self.quotes = QuoteIndex(self.article.body)
        if not isinstance(data["facts"], list):
            self.fail("facts", "must be a list")
            return None
        return [spec for n, item in enumerate(data["facts"], 1) if (spec := self.fact(n, item)) is not None]

    def uid(self, where: str, raw: object) -> uuid.UUID | None:
        try:
            value = uuid.UUID(str(raw))
        except ValueError:
            self.fail(where, f"id {raw!r} is not a UUID")
            return None
        if value in self.seen:
            self.fail(where, f"id {value} is used twice (also at {self.seen[value]})")
            return None
        self.seen[value] = f"{self.path.name} {where}"
        return value

    def mapping(self, where: str, item: object, keys: tuple[str, ...]) -> bool:
        """Is `item` a mapping? Unknown keys are reported but do not stop the rest of the checks."""
        if not isinstance(item, dict):
            self.fail(where, "must be a mapping")
            return False
        if extra := set(item) - set(keys):
            self.fail(where, f"unknown key(s) {', '.join(sorted(extra))}")
        return True

    def fact(self, n: int, item: object) -> FactSpec | None:
        if not self.mapping(f"fact {n}", item, FACT_KEYS):
            return None
        where = f"fact {n} ({item.get('id', 'no id')})"
        fact_id = self.uid(where, item.get("id"))
        quote = str(item.get("quote") or "")
        occurrence = item.get("occurrence")
        try:
            start, end = find_quote(self.quotes, quote, occurrence)
        except ValueError as exc:
            self.fail(where, f"quote {quote[:30]!r}: {exc}")
            start = end = 0
        questions = item.get("questions") or []
        if not isinstance(questions, list) or not questions:
            self.fail(where, "needs a list of questions")
            questions = []
        specs = [q for m, raw in enumerate(questions, 1) if (q := self.question(f"{where} question {m}", raw))]
        if fact_id is None or len(specs) != len(questions):
            return None
        return FactSpec(
            uuid=fact_id,
            quote=quote,
            start=start,
            end=end,
            paragraph=self.article.paragraph_at(start),
            restatement=str(item.get("restatement") or ""),
            tags=self.tags(where, item.get("tags")),
            erratum=str(item.get("erratum") or ""),
            questions=specs,
        )

    def tags(self, where: str, raw: object) -> list[str]:
        if raw is None:
            return []
        if not isinstance(raw, list) or any(not isinstance(t, str) or not t or " " in t for t in raw):
            self.fail(where, "tags must be a list of words without spaces")
            return []
        return list(dict.fromkeys(raw))

    def number(self, where: str, key: str, raw: object) -> Decimal | None:
        if raw is None:
            return None
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            self.fail(where, f"{key} {raw!r} is not a number")
            return None

    def question(self, where: str, item: object) -> QuestionSpec | None:
        if not self.mapping(where, item, QUESTION_KEYS):
            return None
        where = f"{where} ({item.get('id', 'no id')})"
        question_id = self.uid(where, item.get("id"))
        status = item.get("status", Status.DRAFT)
        if status not in Status.values:
            self.fail(where, f"status {status!r} is not one of {', '.join(Status.values)}")
        difficulty = item.get("difficulty", 2)
        if difficulty not in (1, 2, 3):
            self.fail(where, f"difficulty {difficulty!r} must be 1, 2 or 3")
        raw_choices = item.get("choices") or []
        choices = []
        for c in raw_choices if isinstance(raw_choices, list) else []:
            if not isinstance(c, dict) or "text" not in c or not isinstance(c.get("correct", False), bool):
                self.fail(where, "each choice needs 'text' and a true/false 'correct'")
                continue
            choices.append(ChoiceData(str(c["text"]), bool(c.get("correct")), str(c.get("feedback") or "")))
        answer = item.get("answer")
        if answer is not None and not isinstance(answer, bool):
            self.fail(where, "answer must be true or false")
            answer = None
        accepted = item.get("accepted_answers") or []
        if not isinstance(accepted, list):
            self.fail(where, "accepted_answers must be a list")
            accepted = []
        spec = QuestionSpec(
            uuid=question_id or uuid.uuid4(),
            type=str(item.get("type", "")),
            status=str(status),
            difficulty=difficulty if difficulty in (1, 2, 3) else 2,
            tags=self.tags(where, item.get("tags")),
            prompt=str(item.get("prompt") or ""),
            explanation=str(item.get("explanation") or ""),
            choices=choices,
            answer_bool=answer,
            accepted_answers=[str(a) for a in accepted],
            numeric_value=self.number(where, "value", item.get("value")),
            numeric_tolerance=self.number(where, "tolerance", item.get("tolerance")) or Decimal(0),
            numeric_unit=str(item.get("unit") or ""),
        )
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
        return None if found or question_id is None else spec


# ---------------------------------------------------------------- writing to the database


def load_bank(folder: Path) -> LoadReport:
    bank = read_bank(folder)
    report = LoadReport(files=len(bank))
    with transaction.atomic():
        fact_specs = [(article, f) for article, specs in bank for f in specs]
        question_specs = [q for _, f in fact_specs for q in f.questions]
        tags = _tags_by_name({t for spec in [*(f for _, f in fact_specs), *question_specs] for t in spec.tags})
        facts = Fact.objects.filter(uuid__in=[f.uuid for _, f in fact_specs]).prefetch_related("tags")
        questions = Question.objects.filter(uuid__in=[q.uuid for q in question_specs]).prefetch_related(
            "tags", "choices"
        )
        facts = {f.uuid: f for f in facts}
        questions = {q.uuid: q for q in questions}
        # Existing rows are compared and saved one by one (so updated_at moves only on a real
        # edit); new rows go in with a few bulk inserts, which is what a fresh database needs.
        new_facts: list[tuple[Fact, FactSpec]] = []
        for article, spec in fact_specs:
            if spec.uuid in facts:
                facts[spec.uuid] = _write_fact(article, spec, facts[spec.uuid], tags, report)
            else:
                new_facts.append((Fact(uuid=spec.uuid, **_fact_values(article, spec)), spec))
        Fact.objects.bulk_create([fact for fact, _ in new_facts])
        _bulk_tags(Fact, [(fact, spec.tags) for fact, spec in new_facts], tags)
        report.created["facts"] += len(new_facts)
        facts.update({fact.uuid: fact for fact, _ in new_facts})

        new_questions: list[tuple[Question, QuestionSpec]] = []
        for _, spec in fact_specs:
            fact = facts[spec.uuid]
            for q_spec in spec.questions:
                if q_spec.uuid in questions:
                    _write_question(fact, q_spec, questions[q_spec.uuid], tags, report)
                else:
                    new_questions.append((Question(uuid=q_spec.uuid, **_question_values(fact, q_spec)), q_spec))
        Question.objects.bulk_create([q for q, _ in new_questions])
        Choice.objects.bulk_create(
            Choice(question=q, order=i, text=c.text, is_correct=c.is_correct, feedback=c.feedback)
            for q, spec in new_questions
            for i, c in enumerate(spec.choices)
        )
        _bulk_tags(Question, [(q, spec.tags) for q, spec in new_questions], tags)
        report.created["questions"] += len(new_questions)
    return report


def _bulk_tags(model, rows: list[tuple[object, list[str]]], tags: dict[str, Tag]) -> None:
    through = model.tags.through
    owner = model._meta.model_name + "_id"
    through.objects.bulk_create(
        through(**{owner: obj.pk, "tag_id": tags[name].pk}) for obj, names in rows for name in names
    )


def _tags_by_name(names: set[str]) -> dict[str, Tag]:
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=n) for n in sorted(names - set(existing))]
    Tag.objects.bulk_create(missing)
    return {t.name: t for t in Tag.objects.filter(name__in=names)}


def _count(report: LoadReport, kind: str, created: bool, changed: bool) -> None:
    bucket = report.created if created else report.updated if changed else report.unchanged
    bucket[kind] += 1


def _fact_values(article: Article, spec: FactSpec) -> dict:
    return {
        "article_id": article.pk,
        "quote": spec.quote,
        "start": spec.start,
        "end": spec.end,
        "paragraph": spec.paragraph,
        "restatement": spec.restatement,
        "erratum": spec.erratum,
        "drift": "ok",
        "drift_note": "",
    }


def _write_fact(article: Article, spec: FactSpec, fact: Fact, tags: dict[str, Tag], report: LoadReport) -> Fact:
    changed = _assign(fact, _fact_values(article, spec))
    if changed:
        fact.save()
    changed |= _set_tags(fact, spec.tags, tags)
    _count(report, "facts", False, changed)
    return fact


def _question_values(fact: Fact, spec: QuestionSpec) -> dict:
    return {
        "fact_id": fact.pk,
        "type": spec.type,
        "status": spec.status,
        "difficulty": spec.difficulty,
        "prompt": spec.prompt,
        "explanation": spec.explanation,
        "answer_bool": spec.answer_bool if spec.type == QuestionType.TRUE_FALSE else None,
        "accepted_answers": spec.accepted_answers,
        "numeric_value": spec.numeric_value,
        "numeric_tolerance": spec.numeric_tolerance,
        "numeric_unit": spec.numeric_unit,
    }


def _write_question(fact: Fact, spec: QuestionSpec, question: Question, tags, report: LoadReport) -> None:
    changed = _assign(question, _question_values(fact, spec))
    changed |= _set_choices(question, spec.choices)
    changed |= _set_tags(question, spec.tags, tags)
    if changed:
        question.save()  # also bumps updated_at when only choices or tags changed
    _count(report, "questions", False, changed)


def _assign(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:  # Decimal("211.900000") == Decimal("211.9"), so no churn
            setattr(obj, name, value)
            changed = True
    return changed


def _set_tags(obj, names: list[str], tags: dict[str, Tag]) -> bool:
    if sorted(t.name for t in obj.tags.all()) == sorted(names):
        return False
    obj.tags.set([tags[n] for n in names])
    return True


def _set_choices(question: Question, specs: list[ChoiceData]) -> bool:
    """Update choices in place by position, so their ids (which answers refer to) survive."""
    existing = list(question.choices.all())
    changed = False
    for order, spec in enumerate(specs):
        values = {"order": order, "text": spec.text, "is_correct": spec.is_correct, "feedback": spec.feedback}
        if order < len(existing):
            if _assign(existing[order], values):
                existing[order].save()
                changed = True
        else:
            Choice.objects.create(question=question, **values)
            changed = True
    for extra in existing[len(specs) :]:
        extra.delete()
        changed = True
    return changed
