"""Writing the question bank back to YAML files, in exactly the layout the reader reads (content/FORMAT.md)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from django.db.models import Case, Prefetch, Value, When

from quizapp.library import cloze
from quizapp.library.bank.spec import CHOICE_KEYS, FACT_KEYS, QUESTION_KEYS
from quizapp.library.models import Article, Drift, Fact, Question, QuestionType
from quizapp.library.quotes import occurrence_of


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _in_format(data: dict, keys: tuple[str, ...]) -> dict:
    """The keys in the format's order, empty ones left out (0 and false stay: a zero tolerance and
    a false statement mean something)."""
    return {k: data[k] for k in keys if data.get(k) not in (None, "", [], {})}


def question_to_data(q: Question) -> dict:
    data = {
        "id": str(q.uuid),
        "type": q.type,
        "status": q.status,
        "difficulty": q.difficulty,
        "tags": sorted(t.name for t in q.tags.all()),
        "prompt": q.prompt,
    }
    if q.has_choices:
        data["choices"] = [
            _in_format(
                {"id": str(c.uuid), "text": c.text, "correct": c.is_correct, "feedback": c.feedback}, CHOICE_KEYS
            )
            for c in q.choices.all()
        ]
    if q.type == QuestionType.TRUE_FALSE:
        data["answer"] = q.answer_bool
    if q.type == QuestionType.SHORT_ANSWER:
        data["accepted_answers"] = list(q.accepted_answers)
    if q.type == QuestionType.CLOZE:
        data["alternatives"] = {f"c{n}": answers for n, answers in cloze.alternatives(q.accepted_answers).items()}
    if q.type == QuestionType.NUMERIC:
        data["value"] = _number(q.numeric_value)
        data["tolerance"] = _number(q.numeric_tolerance)
        data["unit"] = q.numeric_unit
    data["explanation"] = q.explanation
    data["check_override"] = q.check_override
    return _in_format(data, QUESTION_KEYS)


def fact_to_data(f: Fact) -> dict:
    flagged = f.drift == Drift.FLAGGED
    data = _in_format(
        {
            "id": str(f.uuid),
            "quote": f.quote,
            # A flagged fact's offsets no longer point at its quote: no occurrence to name.
            "occurrence": None if flagged else occurrence_of(f.article.body, f.quote, f.start),
            "restatement": f.restatement,
            "tags": sorted(t.name for t in f.tags.all()),
            "erratum": f.erratum,
            "flagged": (f.drift_note or "flagged") if flagged else "",
        },
        FACT_KEYS,
    )
    # Always written, even empty: a fact without questions is a state an author reaches.
    data["questions"] = [question_to_data(q) for q in f.questions.all()]
    return data


# Flagged facts come first: their offsets are stale, and a load gives them none (0), so in any other
# place the next dump would move them.
FLAGGED_FIRST = Case(When(drift=Drift.FLAGGED, then=Value(0)), default=Value(1))


def _str_presenter(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list_presenter(dumper: yaml.SafeDumper, value: list):
    # Lists of words (tags, accepted answers) read best on one line: [figures, esg].
    flow = bool(value) and all(isinstance(v, str) and "\n" not in v for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _dumper(base: type) -> type:
    dumper = type(f"Bank{base.__name__}", (base,), {})
    dumper.add_representer(str, _str_presenter)
    dumper.add_representer(list, _list_presenter)
    return dumper


# libyaml's emitter when PyYAML was built with it (its wheels are): the same bytes as the pure-Python
# one on every shipped file (tests/library/test_bank_files_hardened.py compares them), several times faster.
PURE_DUMPER = _dumper(yaml.SafeDumper)
DUMPER = _dumper(yaml.CSafeDumper) if hasattr(yaml, "CSafeDumper") else PURE_DUMPER


def dump_bank(folder: Path, dumper: type = DUMPER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    question_order = Question.objects.order_by("created_at", "pk").prefetch_related("tags", "choices")
    articles = Article.objects.filter(facts__isnull=False).distinct().prefetch_related(
        Prefetch("facts", queryset=Fact.objects.order_by(FLAGGED_FIRST, "start", "pk").prefetch_related("tags")),
        Prefetch("facts__questions", queryset=question_order),
    )  # fmt: skip
    for article in articles:
        facts = [fact_to_data(f) for f in article.facts.all()]
        text = yaml.dump(
            {"article": article.source_file, "facts": facts},
            Dumper=dumper,
            allow_unicode=True,
            sort_keys=False,
            width=10_000,
        )
        path = folder / (Path(article.source_file).stem + ".yaml")
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
