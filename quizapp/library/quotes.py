"""Text at the edges: what authors type, cleaned before it is stored, and their quotes found in an
article whatever the whitespace and width (全角/半角) of either."""

from __future__ import annotations

import unicodedata
from functools import cache

from django.utils.translation import gettext


def clean_text(text: str) -> str:
    """Text as it is stored, whoever typed it (admin, API, bank files): line endings as LF.

    Browsers post textareas with CRLF; storing them as typed made an unchanged save look like an edit.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


@cache
def _fold(ch: str) -> str:
    # NFKC maps full-width forms to half-width ones (，→ ,  １→ 1  （→ ( ), leaving CJK punctuation that has
    # no half-width twin (。、「」) alone. One character at a time, so every folded character keeps its place.
    return unicodedata.normalize("NFKC", ch)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """The text folded and without whitespace, and for each kept character its index in the original."""
    kept, index = [], []
    for i, ch in enumerate(text):
        for folded in ch if ch.isascii() else _fold(ch):
            if not folded.isspace():
                kept.append(folded)
                index.append(i)
    return "".join(kept), index


class QuoteIndex:
    """An article body squeezed once, for finding many quotes in it (loading a whole bank)."""

    def __init__(self, body: str):
        self.body = body
        self._hay, self._index = _squeeze(body)

    def occurrences(self, quote: str) -> list[tuple[int, int]]:
        needle = _squeeze(quote)[0]
        if not needle:
            return []
        spans, pos = [], self._hay.find(needle)
        while pos != -1:
            spans.append((self._index[pos], self._index[pos + len(needle) - 1] + 1))
            pos = self._hay.find(needle, pos + 1)
        return spans


def quote_occurrences(body: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) span of `body` that equals `quote` once whitespace and width are ignored."""
    return QuoteIndex(body).occurrences(quote)


def occurrence_of(body: str, quote: str, start: int) -> int | None:
    """Which occurrence starts at `start` (1-based), or None when the quote is unique."""
    spans = quote_occurrences(body, quote)
    if len(spans) <= 1:
        return None
    for n, (s, _e) in enumerate(spans, 1):
        if s == start:
            return n
    return None


def ambiguous_quote_message(body: str, spans: list[tuple[int, int]], paragraph_at, shown: int = 5) -> str:
    """A short message for a quote found several times: a few occurrences with their paragraph,
    and the advice that ends the choosing (a whole page of red helped nobody)."""
    listing = "; ".join(
        f"{n} ¶{paragraph_at(s)}: {_in_context(body, s, e, width=8)}" for n, (s, e) in enumerate(spans[:shown], 1)
    )
    if len(spans) > shown:
        listing += " " + gettext("(and %(more)d more)") % {"more": len(spans) - shown}
    message = gettext("The quote occurs %(count)d times. Use a longer quote, or choose an occurrence — %(listing)s")
    return message % {"count": len(spans), "listing": listing}


def _in_context(body: str, start: int, end: int, width: int = 24) -> str:
    before = body[max(0, start - width) : start].split("\n\n")[-1]
    after = body[end : end + width].split("\n\n")[0]
    return f"…{before}【{body[start:end]}】{after}…"
