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

from quizapp.library.bank.dump import dump_bank
from quizapp.library.bank.reader import read_bank
from quizapp.library.bank.spec import BankError
from quizapp.library.bank.writer import LoadReport, write_bank
from quizapp.library.checks import why_how_share

__all__ = ["BankError", "LoadReport", "dump_bank", "load_bank", "read_bank", "write_bank"]


def load_bank(folder: Path) -> LoadReport:
    """Validate every YAML file in `folder` (BankError lists all problems), then write them all.

    The report also holds what is wrong with drafts (warnings) and each article's why/how share."""
    warnings: list[str] = []
    bank = read_bank(folder, warnings)
    report = write_bank(bank)
    report.warnings = warnings
    report.why_how = {
        article.source_file: why_how_share((q.status, q.tags) for f in facts for q in f.questions)
        for article, facts in bank
    }
    return report
