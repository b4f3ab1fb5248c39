"""Anki cloze syntax: {{c1::answer}} or {{c1::answer::hint}}, several deletions allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str
    hint: str


def deletions(prompt: str) -> list[Deletion]:
    return [Deletion(int(m[1]), m[2], m[3] or "") for m in DELETION.finditer(prompt)]


def problems(prompt: str) -> list[str]:
    found = deletions(prompt)
    if not found:
        return [_("A cloze needs at least one deletion, written {{c1::text}} (several: c1, c2, …).")]
    messages = []
    leftover = DELETION.sub("", prompt)
    if "{{" in leftover or "}}" in leftover:
        messages.append(_("A deletion is malformed: write {{c1::text}} or {{c1::text::hint}}, braces balanced."))
    if any(not d.answer.strip() for d in found):
        messages.append(_("A deletion is empty: put the hidden text between '::' and '}}'."))
    numbers = sorted({d.number for d in found})
    if numbers != list(range(1, len(numbers) + 1)):
        listing = ", ".join(f"c{n}" for n in numbers)
        messages.append(_("Number deletions from c1 without gaps; found %(listing)s.") % {"listing": listing})
    return messages


def blanked(prompt: str, blank: str = "［＿＿＿］") -> str:
    """The prompt as a learner sees it: each deletion replaced by a blank (with its hint, if any)."""
    return DELETION.sub(lambda m: f"［{m[3]}］" if m[3] else blank, prompt)


def revealed(prompt: str) -> str:
    return DELETION.sub(lambda m: m[2], prompt)


def answers(prompt: str) -> list[str]:
    """One expected answer per deletion number (c1, c2, …); repeated numbers share one answer."""
    by_number: dict[int, str] = {}
    for d in deletions(prompt):
        by_number.setdefault(d.number, d.answer)
    return [by_number[n] for n in sorted(by_number)]


# A cloze's other right answers per blank live in Question.accepted_answers (unused by a cloze
# otherwise) as "c1::翻倍": still a list of strings, so the admin, the API and the exports carry them
# as they carry a short answer's.
_ALTERNATIVE = re.compile(r"c(\d+)::(.*)", re.DOTALL)


def alternatives(accepted_answers) -> dict[int, list[str]]:
    """The stored alternatives by deletion number: ["c1::翻倍", "c1::翻一番"] → {1: ["翻倍", "翻一番"]}."""
    by_number: dict[int, list[str]] = {}
    for entry in accepted_answers or []:
        if (match := _ALTERNATIVE.fullmatch(str(entry))) and match[2].strip():
            by_number.setdefault(int(match[1]), []).append(match[2])
    return by_number


def stored_alternatives(by_number: dict[int, list[str]]) -> list[str]:
    """The inverse of alternatives(): how they are kept in Question.accepted_answers."""
    return [f"c{number}::{answer}" for number in sorted(by_number) for answer in by_number[number]]


def accepted(prompt: str, accepted_answers) -> list[list[str]]:
    """Every right answer per blank (c1, c2, …): the deletion's text first, then its alternatives."""
    extra = alternatives(accepted_answers)
    numbers = sorted({d.number for d in deletions(prompt)})
    return [[answer, *extra.get(number, [])] for number, answer in zip(numbers, answers(prompt), strict=True)]
