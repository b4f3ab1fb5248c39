"""Wrong typed answers that are probably right: a looser comparison than grading's, for an author
to look at (never to grade by).

Keys are compared after normalise_text, which already folds width, case, punctuation and
simplified/traditional script; on top of that an answer is probably right when it is
  - the same amount with the unit spelt otherwise ("211.9亿人民币" for "211.9亿元"),
  - the number without its unit, or the unit written differently ("211.9" for "211.9亿元"),
  - one slip of the pen away (two for long answers), with the same digits ("韩欣毅" for "韩歆毅"),
  - the answer with a word or two more or fewer ("蚂蚁集团" for "蚂蚁"), those words holding no
    digits or magnitudes.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from quizapp.library.normalise import normalise_text, parse_number, parse_quantity

REASONS = {
    "unit": _("the same amount with its unit written differently"),
    "bare": _("the number without its unit"),
    "spelling": _("one or two characters differ"),
    "extent": _("the answer with a word more or fewer"),
}
_LEADING_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NUMERALS = set("0123456789零〇一二两三四五六七八九十百千万亿")


def probable_reason(expected: list[str], given: str) -> str | None:
    """Why `given` (graded wrong) is probably one of `expected`, as a key of REASONS; None if not."""
    typed = normalise_text(given)
    if not typed:
        return None
    return next((r for e in expected if (r := _reason(e, given, typed)) is not None), None)


def _reason(expected: str, given: str, typed: str) -> str | None:
    key = normalise_text(expected)
    if not key:
        return None
    wanted, got = parse_quantity(expected), parse_quantity(given)
    if wanted is not None and got is not None:
        if got.value == wanted.value and got.base != wanted.base:
            return "unit"
        if _as_written(key) is not None and parse_number(given, key[len(_as_written(key)) :]) == _number(key):
            return "bare"
        return None  # two different amounts are not a slip of the pen
    if _digits(key) == _digits(typed) and 0 < _distance(key, typed) <= (2 if len(key) >= 8 else 1) <= len(key) - 2:
        return "spelling"
    shorter, longer = sorted((key, typed), key=len)
    if len(shorter) >= 2 and shorter in longer and len(longer) - len(shorter) <= 2:
        extra = longer.replace(shorter, "", 1)
        if not (set(extra) & _NUMERALS):
            return "extent"
    return None


def _as_written(key: str) -> str | None:
    match = _LEADING_NUMBER.match(key)
    return match[0] if match and match.end() < len(key) else None


def _number(key: str):
    return parse_quantity(_as_written(key) or "").value if _as_written(key) else None


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch in _NUMERALS)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions and substitutions of one character)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
