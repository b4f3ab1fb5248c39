"""Benchmark: our Anki writer against raw genanki on the same notes.

    .venv/bin/python bench/anki_export.py [--n 10000] [--repeat 7]

Builds N unsaved Question model instances (fact, article, choices and tags attached as
prefetch_related would attach them, so no database is touched) and times three writers,
interleaved, on the very same notes (asserted field by field, tag by tag, GUID by GUID):

1. ours: quizapp.decks.anki.write_apkg, from Question objects to a deflated .apkg;
2. raw genanki from plain data: the same fields built by hand from dicts, no Django, then
   genanki.Note and genanki's own Package.write_to_file: the same job without our code;
3. raw genanki alone: fields precomputed outside the timer, so only genanki is measured.

Prints a markdown table (wall-clock and CPU time; CPU time is steadier on a shared machine)
and writes it to bench/results/anki_export.md.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")

import django  # noqa: E402

django.setup()

import genanki  # noqa: E402
from django.conf import settings  # noqa: E402

from quizapp.decks.anki import NoteBuilder, write_apkg  # noqa: E402
from quizapp.decks.anki_models import BASIC, CHOICE, CLOZE, TRUE_FALSE  # noqa: E402
from quizapp.decks.faces import faces  # noqa: E402
from quizapp.library.models import Article, Choice, Fact, Question, QuestionType, Status, Tag  # noqa: E402

STAMP = datetime(2025, 1, 1, tzinfo=UTC)
RESULTS = ROOT / "bench" / "results"
SCRATCH = RESULTS / "tmp"

PROMPT = "第{i}题：2023年蚂蚁集团研发投入是多少？"
CLOZE_PROMPT = "第{i}题：2023年研发投入{{{{c1::211.9亿元}}}}，{{{{c2::再创新高}}}}。"
SENTENCE = "2023年蚂蚁集团研发投入高达211.9亿元，再创历史新高，其中大部分投向人工智能、安全与数据库等基础技术"
EXPLANATION = "ESG 报告披露：2023 年蚂蚁集团研发投入 211.9 亿元，同比增长，占营收的比例也在提高。"


def _prefetched(model, rows: list):
    # Exactly what prefetch_related leaves on an instance: a queryset whose results are cached.
    queryset = model.objects.all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def make_questions(n: int) -> list[Question]:
    articles = [
        Article(pk=a, title=f"蚂蚁向外生长（第{a}篇）", source_file=f"{a:03d}_bench.txt", updated_at=STAMP)
        for a in range(1, 6)
    ]
    tags = [Tag(pk=t, name=name) for t, name in enumerate(["figures", "people", "dates", "products"], 1)]
    types = list(QuestionType)
    questions = []
    for i in range(n):
        article = articles[i % len(articles)]
        fact = Fact(pk=i + 1, article=article, quote=f"{SENTENCE}（{i}）", paragraph=i % 40 + 1, updated_at=STAMP)
        kind = types[i % len(types)]
        question = Question(
            pk=i + 1,
            uuid=uuid.UUID(int=i + 1),
            fact=fact,
            type=kind,
            status=Status.PUBLISHED,
            prompt=(CLOZE_PROMPT if kind == QuestionType.CLOZE else PROMPT).format(i=i),
            explanation=EXPLANATION,
            answer_bool=i % 2 == 0,
            accepted_answers=["211.9亿元", "211.9 亿"],
            numeric_value=Decimal("211.900000"),
            numeric_unit="亿元",
            updated_at=STAMP + timedelta(minutes=i),
        )
        choices = []
        if kind in Question.TYPES_WITH_CHOICES:
            texts = ["211.9亿元", "200亿元", "150亿元", "100亿元"]
            correct = {0} if kind == QuestionType.SINGLE_CHOICE else {0, 1}
            choices = [
                Choice(pk=i * 4 + o, question=question, order=o, text=t, is_correct=o in correct)
                for o, t in enumerate(texts)
            ]
        question._prefetched_objects_cache = {"choices": _prefetched(Choice, choices)}
        question.tag_list = [tags[i % 4], tags[(i + 1) % 4]]  # as export_queryset's Prefetch(to_attr=) leaves them
        questions.append(question)
    return questions


def ours(questions: list[Question], path: Path) -> None:
    with path.open("wb") as out:
        write_apkg(questions, out)  # in per-article subdecks, as a download would


def raw_genanki(specs: list[tuple], path: Path) -> None:
    """genanki alone: the finished fields are handed to it."""
    deck = genanki.Deck(1234567890123, "quizapp::bench")
    for model, fields, tags, guid, due in specs:
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=guid, due=due))
    genanki.Package(deck).write_to_file(str(path))


def plain_rows(questions: list[Question]) -> list[dict]:
    """The questions as plain data (what a script without Django would start from)."""
    rows = []
    for q in questions:
        face = faces(q)
        rows.append(
            {
                "type": q.type,
                "prompt": q.prompt,
                "explanation": q.explanation,
                "answer": face.answer,
                "choices": [(c.text, c.correct) for c in face.choices],
                "quote": q.fact.quote,
                "url": f"{settings.SITE_URL}/articles/{q.fact.article.pk}/?hl={q.fact.pk}#p{q.fact.paragraph}",
                "title": q.fact.article.title,
                "paragraph": q.fact.paragraph,
                "stem": Path(q.fact.article.source_file).stem,
                "tags": [t.name for t in q.tag_list],
                "uuid": str(q.uuid),
            }
        )
    return rows


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def plain_note(row: dict, position: int) -> genanki.Note:
    """The same note fields as quizapp's NoteBuilder, written directly from plain data."""
    source = (
        f"<blockquote>{_e(row['quote'])}</blockquote>"
        f'<a href="{html.escape(row["url"])}">《{_e(row["title"])}》第 {row["paragraph"]} 段</a>'
    )
    prompt, explanation, kind = _e(row["prompt"]), _e(row["explanation"]), row["type"]
    if kind == "cloze":
        model, fields = CLOZE, [prompt, explanation, source]
    elif kind in ("single_choice", "multiple_response"):
        hint = '<p class="qz-hint">多选：选出所有正确的选项</p>' if kind == "multiple_response" else ""
        plain = "".join(f"<li>{_e(text)}</li>" for text, _ in row["choices"])
        marked = "".join(
            f'<li class="qz-correct"><span class="qz-mark">✓</span>{_e(text)}</li>'
            if correct
            else f'<li><span class="qz-mark"></span>{_e(text)}</li>'
            for text, correct in row["choices"]
        )
        model = CHOICE
        fields = [
            prompt,
            f'{hint}<ol class="qz-choices" type="A">{plain}</ol>',
            f'<ol class="qz-choices" type="A">{marked}</ol>',
            _e(row["answer"]),
            explanation,
            source,
        ]
    else:
        model = TRUE_FALSE if kind == "true_false" else BASIC
        fields = [prompt, _e(row["answer"]), explanation, source]
    tags = ["quizapp", f"article::{row['stem']}", f"type::{kind}", *(t.replace(" ", "_") for t in row["tags"])]
    return genanki.Note(model=model, fields=fields, tags=tags, guid=genanki.guid_for(row["uuid"]), due=position)


def raw_from_plain(rows: list[dict], path: Path) -> None:
    """The same job without Django: plain data in, the same notes out, through genanki."""
    deck = genanki.Deck(1234567890123, "quizapp::bench")
    for position, row in enumerate(rows):
        deck.add_note(plain_note(row, position))
    genanki.Package(deck).write_to_file(str(path))


def timed(run, path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds: CPU time is steadier on a shared machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    run(path)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of questions (default 10000)")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each, interleaved (default 7)")
    args = parser.parse_args()

    questions = make_questions(args.n)
    rows = plain_rows(questions)
    builder = NoteBuilder()
    specs = []
    for position, (question, row) in enumerate(zip(questions, rows, strict=True)):
        note = builder.note(question, position)
        reference = plain_note(row, position)
        # Same notes: the comparison is only fair if every field, tag and GUID is identical.
        assert (note.fields, list(note.tags), note.guid) == (reference.fields, list(reference.tags), reference.guid)
        specs.append((note.model, list(note.fields), list(note.tags), note.guid, note.due))

    SCRATCH.mkdir(parents=True, exist_ok=True)
    runs = {
        "ours": (lambda path: ours(questions, path)),
        "plain": (lambda path: raw_from_plain(rows, path)),
        "genanki": (lambda path: raw_genanki(specs, path)),
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    paths = {name: SCRATCH / f"{name}.apkg" for name in runs}
    for _ in range(args.repeat + 1):  # the first round warms up and is not counted
        for name, run in runs.items():
            times[name].append(timed(run, paths[name]))
    median = {name: statistics.median(w for w, _ in t[1:]) for name, t in times.items()}
    best = {name: min(w for w, _ in t[1:]) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t[1:]) for name, t in times.items()}
    size = {name: paths[name].stat().st_size / 1e6 for name in runs}

    def row(label: str, name: str) -> str:
        return (
            f"| {label} | {median[name]:.3f} | {best[name]:.3f} | {cpu[name]:.3f} | "
            f"{args.n / median[name]:,.0f} | {size[name]:.2f} MB |"
        )

    def ratio(label: str, name: str) -> str:
        return (
            f"| **ratio** ours / {label} | **{median['ours'] / median[name]:.2f}×** | "
            f"{best['ours'] / best[name]:.2f}× | **{cpu['ours'] / cpu[name]:.2f}×** | | |"
        )

    table = "\n".join(
        [
            f"# Anki export benchmark ({args.n:,} questions, {args.repeat} runs each, interleaved)",
            "",
            f"Python {platform.python_version()}, genanki {version('genanki')}, {platform.machine()}, "
            f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}, {datetime.now(UTC):%Y-%m-%d}.",
            "",
            "| writer | wall, median (s) | wall, best (s) | CPU, median (s) | notes/s | file size |",
            "|---|---:|---:|---:|---:|---:|",
            row("quizapp `write_apkg`: Question objects → fields → genanki notes → deflated .apkg", "ours"),
            row("raw genanki, same fields built from plain data (no Django), `write_to_file`", "plain"),
            row("raw genanki alone, fields precomputed, `write_to_file`", "genanki"),
            ratio("raw genanki from plain data", "plain"),
            ratio("genanki alone", "genanki"),
            "",
        ]
    )
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "anki_export.md").write_text(table, encoding="utf-8")
    for path in paths.values():
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
