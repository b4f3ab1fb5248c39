"""Reading the bank's YAML files (content/<seed stem>.yaml) into validated specs.

Every file is read and every problem collected before anything is written, each named by file,
item and what is wrong.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from quizapp.library import safe_yaml
from quizapp.library.bank import skip
from quizapp.library.bank.spec import BankError, FactSpec, ItemReader
from quizapp.library.models import Article, Choice

# Bounds on a bank file, far above what the format needs: the shipped files are ~90 kB and nest
# 7 deep (file → facts → fact → questions → question → choices → choice).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 12


@dataclass
class FileRead:
    """One file as read: what the load keeps of it to leave it out next time (bank/skip.py)."""

    digest: str  # of the bytes parsed, not re-read: a file saved meanwhile is not taken for the one read
    article: Article
    facts: list[FactSpec]
    warnings: list[str]


def bank_paths(folder: Path) -> list[Path]:
    """The bank's files, in the order they are read; BankError when there are none."""
    if not folder.is_dir():
        raise BankError([_("%(folder)s: no such folder") % {"folder": folder}])
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise BankError([_("%(folder)s: no .yaml files to load") % {"folder": folder}])
    return paths


def read_bank(
    folder: Path,
    warnings: list[str] | None = None,
    *,
    leave_out: Collection[str] = (),
    files: dict[str, FileRead] | None = None,
) -> list[tuple[Article, list[FactSpec]]]:
    """Parse and validate every file but those named in `leave_out`; raise BankError listing every problem
    found. What is wrong with a draft or retired question only (checks.py) is appended to `warnings`
    instead, led by its status. `files` receives each file read, by name."""
    paths = [p for p in bank_paths(folder) if p.name not in leave_out]
    problems: list[str] = []
    articles = {a.source_file: a for a in Article.objects.all()} if paths else {}
    seen: dict[uuid.UUID, str] = {}
    result = []
    for path in paths:
        own: list[str] = []
        read = _read_file(
            path, articles, seen, partial(_problem, problems, path.name), partial(_warning, own, path.name)
        )
        if warnings is not None:
            warnings += own
        if read is not None:
            digest, article, facts = read
            result.append((article, facts))
            if files is not None:
                files[path.name] = FileRead(digest, article, facts, own)
    problems += _moved_choices(result, seen)
    if problems:
        raise BankError(problems)
    return result


def _moved_choices(bank: list[tuple[Article, list[FactSpec]]], seen: dict[uuid.UUID, str]) -> list[str]:
    """A choice id that the database holds on another question: a choice stays with its question
    (learners' answers to that question name it), so the file is wrong — never a unique-key crash."""
    questions = [q for _article, facts in bank for f in facts for q in f.questions]
    question_of = {c.uuid: q.uuid for q in questions for c in q.choices if c.uuid}
    stored = Choice.objects.filter(uuid__in=question_of).values_list("uuid", "question__uuid").order_by("pk")
    message = _("id %(id)s is a choice of question %(other)s; a choice cannot move to another question")
    return [
        f"{seen[choice]}: {message % {'id': choice, 'other': owner}}"
        for choice, owner in stored
        if owner != question_of[choice]
    ]


def _warning(warnings: list[str], name: str, where: str, message: str, status: str) -> None:
    # Led by the status the question is loaded with: nothing is demoted, a draft stays a draft.
    warnings.append(f"{status}: {name}: {where}: {message}")


def _problem(problems: list[str], name: str, where: str, message: str) -> None:
    problems.append(f"{name}: {where}: {message}" if where else f"{name}: {message}")


def _read_file(
    path: Path,
    articles: dict[str, Article],
    seen: dict[uuid.UUID, str],
    fail: Callable[[str, str], None],
    warn: Callable[[str, str], None],
) -> tuple[str, Article, list[FactSpec]] | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        fail(
            "",
            _("the file is %(size)d kB; at most %(limit)d kB")
            % {"size": size // 1024, "limit": MAX_FILE_BYTES // 1024},
        )
        return None
    raw = path.read_bytes()
    try:
        # As read_text() would: newlines of any kind read as "\n".
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        data = safe_yaml.load(text, MAX_DEPTH)
    except UnicodeDecodeError:
        fail("", _("not UTF-8 text"))
        return None
    except safe_yaml.Refused as exc:
        fail(_("line %(line)d") % {"line": exc.line}, exc.problem)
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)d") % {"line": mark.line + 1} if mark else ""
        fail(where, _("not valid YAML (%(problem)s)") % {"problem": getattr(exc, "problem", None) or exc})
        return None
    if not isinstance(data, dict) or set(data) != {"article", "facts"}:
        fail("", _("the file must be a mapping with exactly the keys 'article' and 'facts'"))
        return None
    article = articles.get(str(data["article"]))
    if article is None:
        message = _("%(article)s is not imported; run import_articles on seeds/ (and content/articles/) first")
        fail("article", message % {"article": repr(data["article"])})
        return None
    if not isinstance(data["facts"], list):
        fail("facts", _("must be a list"))
        return None
    items = ItemReader(article, fail, seen, path.name, warn)
    return (
        skip.file_digest(raw),
        article,
        [spec for n, item in enumerate(data["facts"], 1) if (spec := items.fact(n, item)) is not None],
    )
