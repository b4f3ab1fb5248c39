"""Reading the bank's YAML files (content/<seed stem>.yaml) into validated specs.

Every file is read and every problem collected before anything is written, each named by file,
item and what is wrong.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from quizapp.library import safe_yaml
from quizapp.library.bank.spec import BankError, FactSpec, ItemReader
from quizapp.library.models import Article, Choice

# Bounds on a bank file, far above what the format needs: the shipped files are ~90 kB and nest
# 7 deep (file → facts → fact → questions → question → choices → choice).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 12


def read_bank(folder: Path, warnings: list[str] | None = None) -> list[tuple[Article, list[FactSpec]]]:
    """Parse and validate every file; raise BankError listing every problem found. What is wrong with
    a draft or retired question only (checks.py) is appended to `warnings` instead, led by its status."""
    if not folder.is_dir():
        raise BankError([_("%(folder)s: no such folder") % {"folder": folder}])
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise BankError([_("%(folder)s: no .yaml files to load") % {"folder": folder}])
    problems: list[str] = []
    articles = {a.source_file: a for a in Article.objects.all()}
    seen: dict[uuid.UUID, str] = {}
    result = []
    for path in paths:
        warn = partial(_warning, [] if warnings is None else warnings, path.name)
        read = _read_file(path, articles, seen, partial(_problem, problems, path.name), warn)
        if read is not None:
            result.append(read)
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
) -> tuple[Article, list[FactSpec]] | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        fail(
            "",
            _("the file is %(size)d kB; at most %(limit)d kB")
            % {"size": size // 1024, "limit": MAX_FILE_BYTES // 1024},
        )
        return None
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"), MAX_DEPTH)
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
    return article, [spec for n, item in enumerate(data["facts"], 1) if (spec := items.fact(n, item)) is not None]
