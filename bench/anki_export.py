"""Benchmark: our Anki writer against raw genanki on the same notes.

    .venv/bin/python bench/anki_export.py [--n 10000] [--repeat 5]

Builds N unsaved Question model instances (with fact, article, choices and tags attached as
prefetch_related would attach them, so no database is touched), exports them through
quizapp.decks.anki.write_apkg, and separately writes the very same notes (same note types,
same fields, same tags and GUIDs, computed beforehand) with plain genanki calls and genanki's
own Package.write_to_file. Prints a markdown table and writes it to bench/results/anki_export.md.
"""

from __future__ import annotations

import argparse
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

from quizapp.decks.anki import NoteBuilder, write_apkg  # noqa: E402
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


def ours(questions: list[Question], path: Path) -> float:
    start = time.perf_counter()
    with path.open("wb") as out:
        write_apkg(questions, out, deck_id=1234567890123, deck_name="bench")
    return time.perf_counter() - start


def raw_genanki(specs: list[tuple], path: Path) -> float:
    start = time.perf_counter()
    deck = genanki.Deck(1234567890123, "quizapp::bench")
    for model, fields, tags, guid, due in specs:
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=guid, due=due))
    genanki.Package(deck).write_to_file(str(path))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of questions (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the median is reported")
    args = parser.parse_args()

    questions = make_questions(args.n)
    builder = NoteBuilder()
    # The raw run gets the finished fields for free: it measures genanki alone.
    specs = []
    for position, question in enumerate(questions):
        note = builder.note(question, position)
        specs.append((note.model, list(note.fields), list(note.tags), note.guid, note.due))

    SCRATCH.mkdir(parents=True, exist_ok=True)
    ours_path, raw_path = SCRATCH / "ours.apkg", SCRATCH / "raw.apkg"
    ours(questions[:100], ours_path)  # warm up imports and caches for both
    raw_genanki(specs[:100], raw_path)
    ours_times, raw_times = [], []
    for _ in range(args.repeat):
        ours_times.append(ours(questions, ours_path))
        raw_times.append(raw_genanki(specs, raw_path))
    ours_s, raw_s = statistics.median(ours_times), statistics.median(raw_times)
    ours_best, raw_best = min(ours_times), min(raw_times)

    table = "\n".join(
        [
            f"# Anki export benchmark ({args.n:,} questions, median of {args.repeat})",
            "",
            f"Python {platform.python_version()}, genanki {version('genanki')}, {platform.machine()}, "
            f"{os.cpu_count()} CPU(s), {datetime.now(UTC):%Y-%m-%d}.",
            "",
            "| writer | median (s) | best (s) | notes/s (median) | file size |",
            "|---|---:|---:|---:|---:|",
            f"| quizapp `write_apkg` (from Question objects: fields, escaping, deflate) | {ours_s:.3f} | "
            f"{ours_best:.3f} | {args.n / ours_s:,.0f} | {ours_path.stat().st_size / 1e6:.2f} MB |",
            f"| raw genanki (fields precomputed, `Package.write_to_file`) | {raw_s:.3f} | "
            f"{raw_best:.3f} | {args.n / raw_s:,.0f} | {raw_path.stat().st_size / 1e6:.2f} MB |",
            f"| **ratio** ours / raw | **{ours_s / raw_s:.2f}×** | **{ours_best / raw_best:.2f}×** | | |",
            "",
        ]
    )
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "anki_export.md").write_text(table, encoding="utf-8")
    ours_path.unlink(missing_ok=True)
    raw_path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
