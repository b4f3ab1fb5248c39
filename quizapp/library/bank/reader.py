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

from quizapp.library.bank.spec import BankError, FactSpec, ItemReader
from quizapp.library.models import Article

# libyaml's parser when PyYAML was built with it (the wheels are): the same safe subset, ~8x faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_bank(folder: Path, warnings: list[str] | None = None) -> list[tuple[Article, list[FactSpec]]]:
    """Parse and validate every file; raise BankError listing every problem found. What is wrong with
    a draft only (checks.py) is appended to `warnings` instead."""
    if not folder.is_dir():
        raise BankError([f"{folder}: no such folder"])
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise BankError([f"{folder}: no .yaml files to load"])
    problems: list[str] = []
    articles = {a.source_file: a for a in Article.objects.all()}
    seen: dict[uuid.UUID, str] = {}
    result = []
    for path in paths:
        warn = partial(_problem, [] if warnings is None else warnings, path.name)
        read = _read_file(path, articles, seen, partial(_problem, problems, path.name), warn)
        if read is not None:
            result.append(read)
    if problems:
        raise BankError(problems)
    return result


def _problem(problems: list[str], name: str, where: str, message: str) -> None:
    problems.append(f"{name}: {where}: {message}" if where else f"{name}: {message}")


def _read_file(
    path: Path,
    articles: dict[str, Article],
    seen: dict[uuid.UUID, str],
    fail: Callable[[str, str], None],
    warn: Callable[[str, str], None],
) -> tuple[Article, list[FactSpec]] | None:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except UnicodeDecodeError:
        fail("", "not UTF-8 text")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        fail(where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})")
        return None
    if not isinstance(data, dict) or set(data) != {"article", "facts"}:
        fail("", "the file must be a mapping with exactly the keys 'article' and 'facts'")
        return None
    article = articles.get(str(data["article"]))
    if article is None:
        fail("article", f"{data['article']!r} is not imported; run import_articles on seeds/ first")
        return None
    if not isinstance(data["facts"], list):
        fail("facts", "must be a list")
        return None
    items = ItemReader(article, fail, seen, path.name, warn)
    return article, [spec for n, item in enumerate(data["facts"], 1) if (spec := items.fact(n, item)) is not None]
