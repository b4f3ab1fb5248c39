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
from django.utils.translation import gettext as _

from quizapp.library.bank.dump import dump_bank
from quizapp.library.bank.reader import read_bank
from quizapp.library.bank.spec import BankError
from quizapp.library.bank.writer import LoadReport, write_bank
from quizapp.library.checks import why_how_share

__all__ = ["BankError", "LoadReport", "dump_bank", "load_bank", "read_bank", "write_bank"]


# Any constant of our own: the PostgreSQL advisory lock that serialises loads.
_LOAD_LOCK = 0x71756978  # "quix"


def load_bank(folder: Path) -> LoadReport:
    """Validate every YAML file in `folder` (BankError lists all problems), then write them all.

    One load at a time: a second waits for the first to commit and then reads what it wrote (two
    at once both inserted the same new rows and one died on an IntegrityError). PostgreSQL: an
    advisory lock; SQLite: the transaction is IMMEDIATE (settings), so it takes the write lock first.
    If the wait runs out, BankError says another load is in progress and nothing is written.

    The report also holds what is wrong with drafts (warnings) and each article's why/how share."""
    warnings: list[str] = []
    try:
        with transaction.atomic():
            _wait_for_other_loads()
            bank = read_bank(folder, warnings)
            report = write_bank(bank)
    except OperationalError as exc:
        if not _is_lock_wait(exc):
            raise
        raise BankError(
            [_("another load_content run is in progress; nothing was written — run it again when that one ends")]
        ) from None
    report.warnings = warnings
    report.why_how = {
        article.source_file: why_how_share((q.status, q.tags) for f in facts for q in f.questions)
        for article, facts in bank
    }
    return report


def _wait_for_other_loads() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOAD_LOCK])


def _is_lock_wait(exc: OperationalError) -> bool:
    """SQLite's busy timeout ran out, or PostgreSQL's statement timeout cancelled the wait for the lock."""
    text = str(exc).lower()
    return "locked" in text or "statement timeout" in text or "canceling statement" in text
