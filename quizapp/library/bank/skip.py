"""Which bank files a load may leave out: those that would write nothing (issue 18.5).

A re-run of an unchanged bank read, checked and compared every file in one transaction (`make run`
runs it on every start). A file is left out only when all three hold; when in doubt it is read:

- its bytes are the ones its last successful load parsed (a SHA-256 kept in BankFile);
- the rules are the ones that load read them by: `loader_version()` digests the source of every
  module that decides what a file becomes (format, checks, anchoring, writer), and `FORMAT`;
- its article's rows are the ones that load left: `article_states()` digests, per article, every
  fact, question and choice row (id, uuid, owner, `updated_at`, status) and the article's own. An
  edit moves `updated_at` (save(), and `changes.content_changed` for bulk updates, tags and choices);
  an added, deleted, moved or retired row changes the set or its owner or status. So a question
  edited in the admin, or deleted, loads its file again, which puts it back as the file says.

Checks across files read what the skipped files hold from the database: an id used twice is found by
`holding()` (a loaded file names an id a skipped article holds: that file is read too, so the problem
is worded as a full load words it). Each file's why/how share, its warnings and the questions of its
article that it leaves out are kept on its BankFile and reported again while it is skipped.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from quizapp.library.bank.spec import FactSpec
from quizapp.library.bank_files import BankFile
from quizapp.library.models import Article, Choice, Fact, Question

# Raise it when what a file becomes changes outside the modules below: every file loads again once.
FORMAT = 1
# What decides how a file is read, checked and written: a change to any of them loads every file again.
RULES = (
    "quizapp.library.bank.spec",
    "quizapp.library.bank.reader",
    "quizapp.library.bank.writer",
    "quizapp.library.checks",
    "quizapp.library.choices",
    "quizapp.library.cloze",
    "quizapp.library.columns",
    "quizapp.library.duplicates",
    "quizapp.library.models",
    "quizapp.library.normalise",
    "quizapp.library.quotes",
    "quizapp.library.reading",
    "quizapp.library.retiring",
    "quizapp.library.safe_yaml",
    "quizapp.library.scripts",
    "quizapp.library.validation",
)


@cache
def loader_version() -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for name in RULES:
        __import__(name)
        digest.update(Path(sys.modules[name].__file__).read_bytes())
    return digest.hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unchanged(paths: Iterable[Path]) -> dict[str, BankFile]:
    """The records of the files among `paths` that a load may leave out, by file name."""
    by_name = {p.name: p for p in paths}
    records = BankFile.objects.filter(name__in=by_name, loader=loader_version()).select_related("article")
    records = records.defer("article__body", "article__edited_fields")
    candidates = [r for r in records if file_digest(by_name[r.name].read_bytes()) == r.digest]
    articles = [r.article_id for r in candidates]
    # Two files writing one article: each load of one changes what the other left, so read both.
    shared = {a for a in articles if articles.count(a) > 1}
    candidates = [r for r in candidates if r.article_id not in shared]
    states = article_states([r.article_id for r in candidates])
    return {r.name: r for r in candidates if states.get(r.article_id) == r.state}


def article_states(article_ids: Iterable[int]) -> dict[int, str]:
    """A digest of each article's rows that the bank writes, and of the article itself (its name, which
    files use, and its text, which quotes are anchored in). Four statements whatever the number of articles."""
    ids = sorted(set(article_ids))
    digests = defaultdict(hashlib.sha256)
    articles = Article.objects.filter(pk__in=ids)
    rows = [
        ("article", articles.values_list("pk", "pk", "source_file", "content_hash", "updated_at")),
        ("fact", Fact.objects.filter(article__in=ids).values_list("article_id", "pk", "uuid", "updated_at", "drift")),
        (
            "question",
            Question.objects.filter(fact__article__in=ids).values_list(
                "fact__article_id", "pk", "uuid", "fact_id", "updated_at", "status"
            ),
        ),
        (
            "choice",
            Choice.objects.filter(question__fact__article__in=ids).values_list(
                "question__fact__article_id", "pk", "uuid", "question_id", "order"
            ),
        ),
    ]
    for kind, query in rows:
        for article, *values in query.order_by("pk"):
            digests[article].update(repr((kind, *values)).encode())
    return {article: digest.hexdigest() for article, digest in digests.items()}


def holding(bank: list[tuple[Article, list[FactSpec]]], article_ids: set[int]) -> set[int]:
    """Which of `article_ids` (skipped files' articles) hold a fact, question or choice id that `bank` names."""
    if not article_ids:
        return set()
    facts = [f for _article, specs in bank for f in specs]
    questions = [q for f in facts for q in f.questions]
    ids = {f.uuid for f in facts} | {q.uuid for q in questions}
    ids |= {c.uuid for q in questions for c in q.choices if c.uuid}
    found = Fact.objects.filter(uuid__in=ids, article__in=article_ids).values_list("article_id", flat=True)
    found = set(found)
    found |= set(
        Question.objects.filter(uuid__in=ids, fact__article__in=article_ids).values_list("fact__article_id", flat=True)
    )
    found |= set(
        Choice.objects.filter(uuid__in=ids, question__fact__article__in=article_ids).values_list(
            "question__fact__article_id", flat=True
        )
    )
    return found
