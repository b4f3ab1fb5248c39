"""Writing validated specs to the database, all or nothing, whatever format they were read from.

Rows are created or updated by UUID. A row is saved only when something in it changed, so
`updated_at` (which Anki exports use as the note's modification time) moves only on edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from django.db import transaction
from django.db.models import OuterRef, Subquery
from simple_history.utils import bulk_create_with_history

from quizapp.library import retiring, trail
from quizapp.library.bank.spec import BankError, ChoiceSpec, FactSpec, QuestionSpec
from quizapp.library.models import Article, Choice, Drift, Fact, Question, QuestionType, Status, Tag
from quizapp.library.validation import ChoiceData
from quizapp.search.index import index_objects


@dataclass
class LoadReport:
    files: int = 0
    created: dict[str, int] = field(default_factory=lambda: {"facts": 0, "questions": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"facts": 0, "questions": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"facts": 0, "questions": 0})
    warnings: list[str] = field(default_factory=list)  # a reader's: what is wrong with drafts (or retired ones)
    why_how: dict[str, tuple[int, int]] = field(default_factory=dict)  # per file: (why/how, published)
    not_in_files: int = 0  # questions of the files' articles that the files leave out: kept, never deleted
    skipped: int = 0  # files left out as unchanged (bank/skip.py): `files` counts those read and written


def write_bank(bank: list[tuple[Article, list[FactSpec]]]) -> LoadReport:
    """Write every article's facts and questions in one transaction; `bank` is what a reader returns."""
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
        # A flagged fact the files anchor again: as in the admin, its questions go to review first.
        was_flagged = {uuid for uuid, fact in facts.items() if fact.drift == Drift.FLAGGED}
        reanchored = {s.uuid for _, s in fact_specs if s.uuid in was_flagged and s.drift == Drift.OK}
        # Existing rows are compared and saved one by one (so updated_at moves only on a real
        # edit); new rows go in with a few bulk inserts, which is what a fresh database needs.
        new_facts: list[tuple[Fact, FactSpec]] = []
        for article, spec in fact_specs:
            if spec.uuid in facts:
                facts[spec.uuid] = _write_fact(article, spec, facts[spec.uuid], tags, report)
            else:
                new_facts.append((Fact(uuid=spec.uuid, **_fact_values(article, spec)), spec))
        # With their history rows: a record loaded from the files is where its trail starts.
        bulk_create_with_history([fact for fact, _ in new_facts], Fact, default_change_reason=trail.reason())
        _bulk_tags(Fact, [(fact, spec.tags) for fact, spec in new_facts], tags)
        report.created["facts"] += len(new_facts)
        facts.update({fact.uuid: fact for fact, _ in new_facts})

        new_questions: list[tuple[Question, QuestionSpec]] = []
        refused: list[str] = []  # edits that would delete a choice a learner picked
        renamed: list[Choice] = []  # stored choices that take the id their file gives them
        for _, spec in fact_specs:
            fact = facts[spec.uuid]
            for q_spec in spec.questions:
                if spec.uuid in reanchored and q_spec.status == Status.PUBLISHED:
                    q_spec = replace(q_spec, status=Status.REVIEW)
                if q_spec.uuid in questions:
                    _write_question(fact, q_spec, questions[q_spec.uuid], tags, report, (refused, renamed))
                else:
                    new_questions.append((Question(uuid=q_spec.uuid, **_question_values(fact, q_spec)), q_spec))
        bulk_create_with_history([q for q, _ in new_questions], Question, default_change_reason=trail.reason())
        choices = [
            Choice(question=q, order=i, **_choice_values(c), **_file_id(c))
            for q, spec in new_questions
            for i, c in enumerate(spec.choices)
        ]
        bulk_create_with_history(choices, Choice, default_change_reason=trail.reason())
        _bulk_tags(Question, [(q, spec.tags) for q, spec in new_questions], tags)
        report.created["questions"] += len(new_questions)
        # Bulk inserts send no post_save, which indexes a saved row for search: index the new ones here.
        index_objects([*(fact for fact, _ in new_facts), *(q for q, _ in new_questions)])
        if refused:
            raise BankError(refused)  # inside the transaction: nothing is written
        _rename(renamed)
        loaded = Question.objects.filter(fact__article__in=[a for a, _ in bank])
        report.not_in_files = loaded.exclude(uuid__in=[q.uuid for q in question_specs]).count()
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


def _count(report: LoadReport, kind: str, changed: bool) -> None:
    bucket = report.updated if changed else report.unchanged
    bucket[kind] += 1


# What a spec holds besides the row's own columns: its id, its tags and its children.
_NOT_COLUMNS = {"uuid", "tags", "questions", "choices"}


def _columns(spec: FactSpec | QuestionSpec, **more) -> dict:
    """The model field values a spec sets: its fields that are columns, plus `more` (which win)."""
    return {f.name: getattr(spec, f.name) for f in fields(spec) if f.name not in _NOT_COLUMNS} | more


def _fact_values(article: Article, spec: FactSpec) -> dict:
    return _columns(spec, article_id=article.pk)


def _question_values(fact: Fact, spec: QuestionSpec) -> dict:
    answer_bool = spec.answer_bool if spec.type == QuestionType.TRUE_FALSE else None
    return _columns(spec, fact_id=fact.pk, answer_bool=answer_bool)


def _write_fact(article: Article, spec: FactSpec, fact: Fact, tags: dict[str, Tag], report: LoadReport) -> Fact:
    changed = _assign(fact, _fact_values(article, spec))
    if changed:
        fact.save()
    changed |= _set_tags(fact, spec.tags, tags)
    _count(report, "facts", changed)
    return fact


def _write_question(fact: Fact, spec: QuestionSpec, question: Question, tags, report: LoadReport, into) -> None:
    changed = _assign(question, _question_values(fact, spec))
    changed |= _set_choices(question, spec.choices, *into)
    changed |= _set_tags(question, spec.tags, tags)
    if changed:
        question.save()  # also bumps updated_at when only choices or tags changed
    _count(report, "questions", changed)


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


def _choice_values(spec: ChoiceData) -> dict:
    return {"text": spec.text, "is_correct": spec.is_correct, "feedback": spec.feedback}


def _file_id(spec: ChoiceData) -> dict:
    """The uuid the file gives a choice; none without `id:` (the stored one stays, or a new choice gets a
    new one, and the next dump writes it)."""
    return {"uuid": spec.uuid} if getattr(spec, "uuid", None) else {}


def _set_choices(question: Question, specs: list[ChoiceSpec], refused: list[str], renamed: list[Choice]) -> bool:
    """Update the stored choices in place, so their ids (which learners' answers name) keep meaning the
    same choice; a choice a learner picked is never deleted (the problem goes to `refused`). A stored
    choice known by its text takes the file's `id:` (it goes to `renamed`)."""
    matched, removed = match_choices(list(question.choices.all()), specs)
    if removed and (why := retiring.picked_left_out(question, {c.pk for c in matched if c is not None})):
        refused.append(f"question {question.uuid}: {why}")
        return False
    changed = False
    for order, (spec, choice) in enumerate(zip(specs, matched, strict=True)):
        values = {"order": order, **_choice_values(spec)}
        if choice is None:
            Choice.objects.create(question=question, **values, **_file_id(spec))
            changed = True
            continue
        if _assign(choice, _file_id(spec)):
            renamed.append(choice)
        if _assign(choice, values):
            choice.save()
            changed = True
    for extra in removed:
        extra.delete()
        changed = True
    return changed


def _rename(choices: list[Choice]) -> None:
    """The choices take their files' ids, and so do their history rows: a new name for the same choice,
    not an edit — no signal moves the question's updated_at (which Anki reads), no history row is added."""
    if not choices:
        return
    Choice.objects.bulk_update(choices, ["uuid"], batch_size=500)
    history = Choice.history.model.objects.filter(id__in=[c.pk for c in choices])
    history.update(uuid=Subquery(Choice.objects.filter(pk=OuterRef("id")).values("uuid")))


def match_choices(existing: list[Choice], specs: list[ChoiceData]) -> tuple[list[Choice | None], list[Choice]]:
    """Which stored choice each spec is (None: a new one), and the stored ones no spec is.

    A spec with an id is the stored choice with that id, wherever it stands and whatever its text. A
    spec whose id is new here is the stored choice with its text, if one is left (it then adopts the
    id: how a database and files that gained ids separately converge), else a new choice. A spec
    without an id (older or hand-written files) is known by its text, then by its place: a corrected
    text is the choice that stood in its place among those left. (Two texts corrected *and* moved in
    one load would pair by order; ids prevent that.)"""
    by_id = {c.uuid: c for c in existing}
    matched = [by_id.pop(u) if (u := getattr(s, "uuid", None)) in by_id else None for s in specs]
    left = [c for c in existing if c.uuid in by_id]
    by_text: dict[str, list[Choice]] = {}
    for choice in left:
        by_text.setdefault(choice.text, []).append(choice)
    for n, spec in enumerate(specs):
        if matched[n] is None and by_text.get(spec.text):
            matched[n] = by_text[spec.text].pop(0)
    taken = {id(c) for c in matched if c is not None}
    rest = [c for c in left if id(c) not in taken]
    unmatched = [n for n, choice in enumerate(matched) if choice is None and not getattr(specs[n], "uuid", None)]
    for n, choice in zip(unmatched, rest, strict=False):
        matched[n] = choice
    return matched, rest[len(unmatched) :]
