"""The question bank as files (content/FORMAT.md), in four parts by role.

- spec: the format — its keys, the specs an item becomes, the checks on one item;
- reader: YAML files → specs, naming file, item and problem;
- writer: specs → database, all or nothing;
- dump: database → YAML files, byte-identical to what was loaded.

Another format is one module beside these: read it into specs with `spec.ItemReader`, then
`write_bank` them.
"""

from __future__ import annotations

from pathlib import Path

from django.db import OperationalError, connection, transaction
from django.db.models import Count
from django.dispatch import Signal
from django.utils.translation import gettext as _

from quizapp.library.bank import skip
from quizapp.library.bank.dump import dump_bank
from quizapp.library.bank.reader import FileRead, bank_paths, read_bank
from quizapp.library.bank.spec import BankError, FactSpec
from quizapp.library.bank.writer import LoadReport, write_bank
from quizapp.library.bank_files import BankFile
from quizapp.library.checks import why_how_share
from quizapp.library.models import Article, Question

__all__ = ["BankError", "LoadReport", "dump_bank", "load_bank", "read_bank", "write_bank"]


# Any constant of our own: the PostgreSQL advisory lock that serialises loads.
_LOAD_LOCK = 0x71756978  # "quix"


def load_bank(folder: Path, force: bool = False) -> LoadReport:
    """Validate every YAML file in `folder` (BankError lists all problems), then write them all.

    A file that would write nothing is left out (bank/skip.py says when): the report counts it under
    `skipped` and repeats its warnings and why/how share from its last load. `force` reads every file.

    One load at a time: a second waits for the first to commit and then reads what it wrote (two
    at once both inserted the same new rows and one died on an IntegrityError). PostgreSQL: an
    advisory lock; SQLite: the transaction is IMMEDIATE (settings), so it takes the write lock first.
    If the wait runs out, BankError says another load is in progress and nothing is written.

    The report also holds what is wrong with drafts (warnings) and each article's why/how share."""
    try:
        with transaction.atomic():
            _wait_for_other_loads()
            _hold_the_library()
            kept = {} if force else skip.unchanged(bank_paths(folder))
            files: dict[str, FileRead] = {}
            report = write_bank(_read(folder, kept, files))
            _remember(files)
    except OperationalError as exc:
        if not _is_lock_wait(exc):
            raise
        raise BankError(
            [_("another load_content run is in progress; nothing was written — run it again when that one ends")]
        ) from None
    report.skipped = len(kept)
    report.not_in_files += sum(record.not_in_file for record in kept.values())
    for name in sorted([*files, *kept]):  # in the order the files are read, as a full load reports them
        if name in files:
            read = files[name]
            report.warnings += read.warnings
            report.why_how[read.article.source_file] = _why_how(read.facts)
        else:
            record = kept[name]
            report.warnings += record.warnings
            report.why_how[record.article.source_file] = (record.why_how, record.published)
    return report


def _read(folder: Path, kept: dict[str, BankFile], files: dict[str, FileRead]) -> list[tuple[Article, list[FactSpec]]]:
    """Read every file but the `kept` ones, which hold what the checks across files need from them in the
    database. A file that names an id a kept file's article holds reads that file too (the id may be
    used twice); when the files read have problems, every file is read, so the problems are listed
    exactly as a full load lists them. `kept` is left holding the files actually left out."""
    while True:
        files.clear()
        try:
            bank = read_bank(folder, leave_out=kept, files=files)
        except BankError:
            if not kept:
                raise
            kept.clear()
            continue
        clash = skip.holding(bank, {record.article_id for record in kept.values()})
        if not clash:
            return bank
        for name in [name for name, record in kept.items() if record.article_id in clash]:
            del kept[name]


def _why_how(facts: list[FactSpec]) -> tuple[int, int]:
    return why_how_share((q.status, q.tags) for f in facts for q in f.questions)


def _remember(files: dict[str, FileRead]) -> None:
    """Record each file read, with its article's rows as this load leaves them, so the next load can leave it out."""
    articles = {read.article.pk for read in files.values()}
    states = skip.article_states(articles)
    in_database = dict(
        Question.objects.filter(fact__article__in=articles)
        .order_by()
        .values_list("fact__article_id")
        .annotate(n=Count("pk"))
    )
    records = []
    for name, read in files.items():
        questions = sum(len(f.questions) for f in read.facts)
        why_how, published = _why_how(read.facts)
        records.append(
            BankFile(
                name=name,
                article=read.article,
                digest=read.digest,
                loader=skip.loader_version(),
                state=states.get(read.article.pk, ""),
                facts=len(read.facts),
                questions=questions,
                why_how=why_how,
                published=published,
                not_in_file=in_database.get(read.article.pk, 0) - questions,
                warnings=read.warnings,
            )
        )
    fields = [f.name for f in BankFile._meta.concrete_fields if f.name not in ("id", "name")]
    BankFile.objects.bulk_create(records, update_conflicts=True, unique_fields=["name"], update_fields=fields)


# Sent inside a load's transaction on PostgreSQL, after the articles are locked: whatever every write to
# the library also writes (the library version's row) is locked by its receiver, in this order.
holding_the_library = Signal()


def _wait_for_other_loads() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOAD_LOCK])


def _hold_the_library() -> None:
    """No edit of an article, a fact, a question or its tags or choices commits while this load runs, so
    the rows it compares are the rows whose state it records: an edit committed between the two would
    be recorded as the file's, and the next load would leave it in place where a full load overwrites
    it. Such an edit waits for the load (as one does today once the load has written): every write to
    facts and questions rewrites the library version's row (decks/library_version.py), which its
    receiver of `holding_the_library` locks after the articles (decks builds on the library, not the
    other way round). SQLite's IMMEDIATE transaction already lets one writer at a time."""
    if connection.vendor == "postgresql":
        # Articles first: an article's new text drifts its facts, so that edit takes the locks in this order.
        list(Article.objects.select_for_update().order_by("pk").values_list("pk"))
        holding_the_library.send(sender=Article)


def _is_lock_wait(exc: OperationalError) -> bool:
    """SQLite's busy timeout ran out, or PostgreSQL's statement timeout cancelled the wait for the lock."""
    text = str(exc).lower()
    return "locked" in text or "statement timeout" in text or "canceling statement" in text
