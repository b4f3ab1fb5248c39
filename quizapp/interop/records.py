"""A question as one format-neutral record, and the questions a user may take out of the bank.

A record is the bank's own mapping for a question (content/FORMAT.md: id, type, status, …)
plus `fact` ({id, quote, article}), `source_url` (absolute, from SITE_URL) and `title`.
Every format writes records and reads them back, so the rules of the bank live in one place.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from quizapp.accounts.roles import Perm
from quizapp.library import cloze
from quizapp.library.bank.dump import question_to_data
from quizapp.library.models import Question, QuestionQuerySet, Tag

# Tags that carry what a format has no field for; prefixed so they never clash with an author's tag.
META = "quizapp-"
FORMATS = ("moodle", "gift", "csv", "xlsx")
# Uploads larger than this are refused before they are parsed (the whole bank is ~0.5 MB as XML).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Namespace for ids of questions that arrive without one, so re-importing the same file updates.
IMPORTED_IDS = uuid.UUID("5b1f0a0e-8f1c-4c43-9a43-7a51d8c1e2a1")


class FormatError(Exception):
    """The file as a whole cannot be read (wrong format, broken, too large): nothing is imported."""


@dataclass
class Parsed:
    """One item of an imported file: a record, or why it was refused."""

    where: str
    record: dict | None = None
    refused: str = ""


def export_scope(user) -> str:
    """ "all" for authors and editors (drafts and questions in review too), else "published"."""
    if user and user.is_authenticated and user.is_staff and user.has_perm(Perm.ADD_QUESTION):
        return "all"
    return "published"


def in_scope(scope: str) -> QuestionQuerySet:
    questions = Question.objects.all()
    return questions if scope == "all" else questions.published()


def exportable(user) -> QuestionQuerySet:
    """Published questions for everyone; drafts and questions in review too for authors and editors."""
    return in_scope(export_scope(user))


def for_export(questions: QuestionQuerySet) -> QuestionQuerySet:
    tags = Tag.objects.only("name")
    return questions.with_source().prefetch_related(
        "choices", Prefetch("tags", queryset=tags), Prefetch("fact__tags", queryset=tags)
    )


def records(questions: Iterable[Question]) -> list[dict]:
    """Questions (with their source, choices and tags loaded: see for_export) as records."""
    site = settings.SITE_URL
    result = []
    for question in questions:
        fact = question.fact
        record = question_to_data(question)
        record["fact"] = {
            "id": str(fact.uuid),
            "quote": fact.quote,
            "article": fact.article.source_file,
            "restatement": fact.restatement,
            "erratum": fact.erratum,
            "tags": sorted(t.name for t in fact.tags.all()),
        }
        record["source_url"] = site + fact.source_url()
        record["title"] = f"《{fact.article.title}》第 {fact.paragraph} 段"
        record["article_title"] = fact.article.title
        result.append(record)
    return result


def meta_tags(record: dict) -> list[str]:
    """The record's tags plus the meta tags that let our own export be read back exactly."""
    fact = record.get("fact") or {}
    extra = [f"{META}status:{record['status']}", f"{META}difficulty:{record['difficulty']}"]
    if fact:
        extra += [f"{META}fact:{fact['id']}", f"{META}article:{fact['article']}"]
    return [*record.get("tags", []), *extra]


def apply_meta_tags(record: dict, tags: Iterable[str]) -> dict:
    """Split meta tags from an imported item's tags into the record's fields."""
    own, fact = [], {}
    for tag in tags:
        key, _, value = tag.removeprefix(META).partition(":") if tag.startswith(META) else ("", "", "")
        if key == "status":
            record["status"] = value
        elif key == "difficulty" and value.isdigit():
            record["difficulty"] = int(value)
        elif key in ("fact", "article"):
            fact["id" if key == "fact" else "article"] = value
        elif key == "type":
            record["type"] = value
        elif key == "unit":
            record["unit"] = value
        elif tag.strip():
            own.append(re.sub(r"\s+", "_", tag.strip()))
    record["tags"] = list(dict.fromkeys(own))
    if fact:
        record["fact"] = {**record.get("fact", {}), **fact}
    return record


# What the interchange formats have no field for, carried where each allows (Moodle XML: custom
# fields; GIFT: comment lines; CSV/xlsx: columns) so our own export reads back into the same facts.
# A cloze's alternatives are written one per line as Question.accepted_answers keeps them ("c1::翻倍").
EXTRAS = ("restatement", "erratum", "fact_tags", "check_override", "alternatives")


def extras(record: dict) -> dict[str, str]:
    """The record's extras as text, empty ones left out (fact tags separated by spaces)."""
    fact = record.get("fact") or {}
    alternatives = record.get("alternatives") or {}
    found = {
        "restatement": fact.get("restatement", ""),
        "erratum": fact.get("erratum", ""),
        "fact_tags": " ".join(fact.get("tags") or []),
        "check_override": record.get("check_override", ""),
        "alternatives": "\n".join(f"{key}::{alt}" for key, alts in alternatives.items() for alt in alts),
    }
    return {name: value for name, value in found.items() if value}


def apply_extras(record: dict, found: dict[str, str]) -> dict:
    """Put extras read from a file (name → text) back into the record: the inverse of extras()."""
    fact = {}
    for name in EXTRAS:
        value = (found.get(name) or "").strip()
        if not value:
            continue
        if name == "fact_tags":
            fact["tags"] = value.split()
        elif name == "alternatives":
            by_number = cloze.alternatives(value.splitlines())
            record[name] = {f"c{number}": alts for number, alts in by_number.items()}
        elif name == "check_override":
            record[name] = value
        else:
            fact[name] = value
    if fact:
        record["fact"] = {**record.get("fact", {}), **fact}
    return record


def percent(share: int) -> str:
    """100% split `share` ways, as Moodle writes grades: 33.33333, 50, 12.5."""
    return f"{100 / share:.5f}".rstrip("0").rstrip(".")


def imported_id(*parts: str) -> str:
    return str(uuid.uuid5(IMPORTED_IDS, "\x1f".join(parts)))


SOURCE_LINE = "\n\n出处：「{quote}」 {url}"
_SOURCE_LINE = re.compile(r"\n\n出处：「(?P<quote>.*)」 (?P<url>\S+)\Z", re.DOTALL)


def feedback_text(record: dict) -> str:
    """General feedback as plain text: the explanation, then the source quote and its link."""
    quote = (record.get("fact") or {}).get("quote")
    if not quote:
        return record["explanation"]
    return record["explanation"] + SOURCE_LINE.format(quote=quote, url=record.get("source_url", ""))


def split_feedback(text: str, record: dict) -> None:
    """The inverse of feedback_text: explanation into the record, the quote into its fact."""
    match = _SOURCE_LINE.search(text)
    if match:
        record["explanation"] = text[: match.start()]
        record["fact"] = {**record.get("fact", {}), "quote": match["quote"]}
    else:
        record["explanation"] = text


_BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>|</div>\s*<div[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def html_to_text(text: str, fmt: str = "html") -> str:
    """Text from a format that may hold HTML (Moodle's questiontext, Anki fields)."""
    if fmt != "html":
        return text.strip()
    return html.unescape(_TAGS.sub("", _BREAKS.sub("\n", text))).strip()
