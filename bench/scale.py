"""Scale benchmark (issue 18): fill the project's own models to S, M or L and time the pages one person opens.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_q .venv/bin/python bench/scale.py --size M

Sizes (articles, questions, learners, answers, reviews): S 5/260/50/2,000/1,000; M 50/5,000/5,000/200,000/
50,000; L 500/50,000/50,000/2,000,000/500,000. Rows go in with bulk_create in batches, into an empty database
(migrated here; a database that already holds the size is measured as it is). `--decks N` adds N hand-picked
decks (the issue's /study/ failed past 416). Each page is requested in-process (django.test.Client, so
the time is the server's: middleware, queries, rendering) by one learner with cards, attempts and reviews;
the statement count and the median of `--repeat` runs are printed as a markdown table and, with `--out`,
written as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
from collections import deque
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "20000")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from quizapp.accounts.models import Learner  # noqa: E402
from quizapp.decks.automatic import ensure_automatic_decks  # noqa: E402
from quizapp.decks.models import Deck, DeckKind, anki_deck_id_for  # noqa: E402
from quizapp.library.models import Article, Choice, Fact, Paragraph, Question, QuestionType, Status, Tag  # noqa: E402
from quizapp.quizzes.models import Answer, Attempt, Quiz  # noqa: E402
from quizapp.study.models import CardState, ReviewLog, Stage  # noqa: E402

SIZES = {  # articles, questions, learners, answers, reviews
    "S": (5, 260, 50, 2_000, 1_000),
    "M": (50, 5_000, 5_000, 200_000, 50_000),
    "L": (500, 50_000, 50_000, 2_000_000, 500_000),
}
BATCH = 5_000
PARAGRAPHS = 20
PAGES = [
    "/", "/?page=2", "/articles/", "/articles/?page=3", "/api/v1/articles/", "/api/v1/questions/",
    "/decks/", "/decks/?page=3", "/study/", "/decks/all/", "/study/all/", "/decks/all/anki.apkg",
    "POST /quizzes/mixed-practice/start/",
]  # fmt: skip
# What authors and editors open (as a superuser); {question} and {article} are filled in with real ids. The
# search finds one question at every size: 第4242题 found none at S, whose page then skipped the statement
# that reads its rows' statistics (one statement fewer than at L, the same code).
EDITOR_PAGES = [
    "/admin/library/question/", "/admin/library/question/?attention=yes", "/admin/library/question/?q=第242题",
    "/admin/library/question/{question}/change/", "/admin/library/fact/", "/admin/library/article/",
    "/admin/library/article/{article}/change/", "/admin/quizzes/quiz/", "/admin/decks/deck/",
]  # fmt: skip


def _bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _chunks(make, total: int):
    """bulk_create `total` rows made by make(i), a batch at a time (never all in memory)."""
    for start in range(0, total, BATCH):
        yield [make(i) for i in range(start, min(total, start + BATCH))]


def fill(size: str, extra_decks: int, rng: random.Random) -> None:
    n_articles, n_questions, n_learners, n_answers, n_reviews = SIZES[size]
    now = timezone.now()
    sentence = "2023年蚂蚁集团研发投入211.9亿元，再创新高。"
    body = "\n\n".join(f"第{p}段：{sentence}" for p in range(1, PARAGRAPHS + 1))
    articles = _bulk(
        Article,
        [
            Article(title=f"文章{a}", source_file=f"scale-{a:05d}.txt", content_hash="x", body=body)
            for a in range(n_articles)
        ],
    )
    paragraphs, facts = [], []
    for article in articles:
        offset = 0
        for number, text in enumerate(body.split("\n\n"), 1):
            paragraphs.append(
                Paragraph(article=article, number=number, start=offset, end=offset + len(text), text=text)
            )
            start = offset + text.index(sentence)
            facts.append(
                Fact(article=article, quote=sentence, start=start, end=start + len(sentence), paragraph=number)
            )
            offset += len(text) + 2
    _bulk(Paragraph, paragraphs)
    facts = _bulk(Fact, facts)
    questions = _bulk(
        Question,
        [
            Question(
                fact=facts[i % len(facts)], type=QuestionType.SINGLE_CHOICE, prompt=f"第{i}题：2023年研发投入是多少？",
                explanation="ESG报告披露，2023年研发投入211.9亿元。", status=Status.PUBLISHED, anchored=True,
            )
            for i in range(n_questions)
        ],
    )  # fmt: skip
    choices = [
        Choice(question=q, order=o, text=text, is_correct=o == 0)
        for q in questions
        for o, text in enumerate(["211.9亿元", "200亿元", "150亿元", "100亿元"])
    ]
    choice_ids: dict[int, list[int]] = {}
    for choice in _bulk(Choice, choices):  # the right one first
        choice_ids.setdefault(choice.question_id, []).append(choice.pk)
    items = {q.pk: _item(rng) for q in questions}
    tags = _bulk(Tag, [Tag(name=f"scale-tag-{t}") for t in range(20)])
    through = Question.tags.through
    _bulk(through, [through(question_id=q.pk, tag_id=tags[q.pk % len(tags)].pk) for q in questions])
    ensure_automatic_decks()
    picked = _bulk(
        Deck,
        [
            Deck(kind=DeckKind.PICKED, slug=f"scale-{d}", name=f"精选{d}", anki_deck_id=anki_deck_id_for(f"scale-{d}"))
            for d in range(extra_decks)
        ],
    )
    deck_through = Deck.picked.through
    _bulk(
        deck_through, [deck_through(deck_id=d.pk, question_id=q.pk) for d in picked for q in rng.sample(questions, 10)]
    )
    learner_ids = [
        pk
        for rows in _chunks(lambda i: Learner(session_key=f"scale-{i}"), n_learners)
        for pk in (row.pk for row in _bulk(Learner, rows))
    ]
    ability = {pk: rng.gauss(0, 1) for pk in learner_ids}
    quiz_ids = list(Quiz.objects.values_list("pk", flat=True))
    per_attempt = 10
    question_ids = [q.pk for q in questions]
    picks: deque[list[int]] = deque()  # the choice each answer of the attempts made so far picked, in order

    def attempt(i: int) -> Attempt:
        learner = learner_ids[i % len(learner_ids)]
        asked = rng.sample(question_ids, per_attempt)
        picks.append([_pick(rng, ability[learner], items[q], choice_ids[q]) for q in asked])
        right = sum(p == choice_ids[q][0] for p, q in zip(picks[-1], asked, strict=True))
        return Attempt(
            quiz_id=quiz_ids[i % len(quiz_ids)], learner_id=learner, mode="practice", question_ids=asked,
            position=per_attempt, finished_at=now, score=right,
        )  # fmt: skip

    for rows in _chunks(attempt, n_answers // per_attempt):
        answers = []
        for a in _bulk(Attempt, rows):
            for q, picked in zip(a.question_ids, picks.popleft(), strict=True):
                right = picked == choice_ids[q][0]
                answers.append(
                    Answer(
                        attempt=a, question_id=q, response=picked, is_correct=right, score=float(right),
                        time_taken_ms=rng.randint(3_000, 60_000),
                    )
                )  # fmt: skip
        _bulk(Answer, answers)
    cards_per_learner = max(1, n_reviews // n_learners)
    for rows in _chunks(
        lambda i: ReviewLog(
            learner_id=learner_ids[i // cards_per_learner % len(learner_ids)],
            question_id=question_ids[i % len(question_ids)], rating=3, reviewed_at=now - timedelta(days=1),
            stage_before=Stage.LEARNING, due_after=now + timedelta(days=3),
        ),
        n_reviews,
    ):  # fmt: skip
        _bulk(ReviewLog, rows)
        _bulk(
            CardState,
            [
                _card(r.learner_id, r.question_id, Stage.REVIEW, r.due_after, r.reviewed_at)
                for r in {(r.learner_id, r.question_id): r for r in rows}.values()
            ],
        )


def _item(rng: random.Random) -> tuple[float, float, list[float]]:
    """A question as learners meet it: difficulty, slope (how sharply ability tells) and how attractive each
    wrong choice is (one question in 30 has a distractor nobody believes)."""
    weights = [1.0, 1.0, 0.04 if rng.random() < 1 / 30 else 1.0]
    return rng.gauss(-0.3, 0.5), rng.uniform(1.2, 2.4), weights


def _pick(rng: random.Random, ability: float, item: tuple[float, float, list[float]], choices: list[int]) -> int:
    """The choice a learner of this ability picks (a two-parameter logistic model, as item response theory
    has it): abler learners answer right more often, so attempts' totals discriminate as real ones do, and
    only a minority of questions is flagged (the issue's first fill gave random answers: 49,991 of 50,000)."""
    difficulty, slope, weights = item
    if rng.random() < 1 / (1 + math.exp(-slope * (ability - difficulty))):
        return choices[0]
    return rng.choices(choices[1:], weights=weights)[0]


def _card(learner_id: int, question_id: int, stage: int, due, introduced) -> CardState:
    """A card as FSRS leaves it after a few reviews (the study page previews the next intervals from it)."""
    step = None if stage == Stage.REVIEW else 0
    return CardState(
        learner_id=learner_id, question_id=question_id, stage=stage, step=step, stability=4.0, difficulty=5.0,
        due=due, last_review=introduced, reps=2, introduced_at=introduced,
    )  # fmt: skip


def bench_learner(rng: random.Random):
    """The learner who opens the pages: 300 cards in every state."""
    user, _ = get_user_model().objects.get_or_create(username="scale-bench")
    learner, _ = Learner.objects.get_or_create(user=user)
    if not CardState.objects.filter(learner=learner).exists():
        now = timezone.now()
        questions = list(Question.objects.order_by("?").values_list("pk", flat=True)[:300])
        hours = timedelta(hours=1)
        cards = [
            _card(
                learner.pk,
                q,
                rng.choice(list(Stage)),
                now + rng.randint(-48, 96) * hours,
                now - rng.randint(0, 72) * hours,
            )
            for q in questions
        ]
        _bulk(CardState, cards)
    return user


def bench_editor():
    user, _ = get_user_model().objects.get_or_create(username="scale-editor")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def editor_pages() -> list[str]:
    question = Question.objects.order_by("-pk").values_list("pk", flat=True).first()
    article = Article.objects.order_by("pk").values_list("pk", flat=True).first()
    return [page.format(question=question, article=article) for page in EDITOR_PAGES]


def measure(user, pages: list[str], repeat: int) -> list[dict]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    rows = []
    for page in pages:
        method, _, url = page.rpartition(" ")
        send = client.post if method == "POST" else client.get
        # Wall time moves with the machine's load; the Django process's CPU time and the statements'
        # own time (sql: wall, PostgreSQL's work and the wait for it) say where it went.
        times, cpu, sql, statements, status = [], [], [], 0, None
        for _ in range(repeat + 1):  # the first run warms caches and is not counted
            connection.queries_log.clear()  # the log keeps 9,000 statements; filling overran it
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                try:
                    response = send(url)
                    if getattr(response, "streaming", False):
                        b"".join(response.streaming_content)
                    status = response.status_code
                except Exception as error:  # noqa: BLE001 — a page that fails is a result too
                    status = type(error).__name__
                elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu_started
            times.append(elapsed)
            cpu.append(cpu_used)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries))
            statements = len(queries)
        rows.append(
            {
                "url": page, "status": status, "statements": statements, "ms": statistics.median(times[1:]) * 1000,
                "cpu ms": statistics.median(cpu[1:]) * 1000, "sql ms": statistics.median(sql[1:]) * 1000,
            }
        )  # fmt: skip
    return rows


def worker_build_seconds() -> float | None:
    """CPU-bound time the background worker spends on the 全部题目 package (None before packages moved off
    the request). The file is removed first, so this is a full build."""
    try:
        from quizapp.decks import packages
    except ImportError:
        return None
    deck = Deck.objects.get(kind=DeckKind.ALL)
    version = packages.content_version(deck)
    packages.package_path(deck.pk, version).unlink(missing_ok=True)
    started = time.perf_counter()
    packages.build_package.call(deck.pk, version)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="S")
    parser.add_argument("--decks", type=int, default=0, help="extra hand-picked decks")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", nargs="*", help=f"only these (default: {' '.join(PAGES)})")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--no-build", action="store_true", help="skip timing the worker's package build")
    parser.add_argument("--editor", action="store_true", help="only the editor pages (or --pages, as the editor)")
    args = parser.parse_args()
    rng = random.Random(18)
    call_command("migrate", verbosity=0)
    target = SIZES[args.size][1]
    if Question.objects.count() < target:
        started = time.perf_counter()
        with transaction.atomic():
            fill(args.size, args.decks, rng)
            call_command("rebuild_search_index", stdout=sys.stderr)  # bulk_create sends no post_save
        print(f"filled {args.size} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if connection.vendor == "postgresql":  # planner statistics, as autovacuum would gather them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    user = bench_learner(rng)
    if args.editor:
        rows = measure(bench_editor(), args.pages or editor_pages(), args.repeat)
    else:
        rows = measure(user, args.pages or PAGES, args.repeat)
    if not args.pages and not args.editor:
        rows += measure(bench_editor(), editor_pages(), args.repeat)
    counts = {m.__name__: m.objects.count() for m in (Article, Question, Learner, Answer, ReviewLog, Deck)}
    print(f"{connection.vendor}, size {args.size}: {counts}\n")
    print(f"load average {os.getloadavg()[0]:.1f}\n")
    print("| page | status | statements | server ms (median) | CPU ms | SQL ms |\n|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| `{row['url']}` | {row['status']} | {row['statements']} | {row['ms']:.0f} | {row['cpu ms']:.0f} "
            f"| {row['sql ms']:.0f} |"
        )
    build = None if args.no_build else worker_build_seconds()
    if build is not None:
        print(f"\nThe worker built the 全部题目 package in {build:.1f} s (outside any request).")
    if args.out:
        args.out.write_text(
            json.dumps({"size": args.size, "vendor": connection.vendor, "counts": counts, "pages": rows})
        )


if __name__ == "__main__":
    main()
