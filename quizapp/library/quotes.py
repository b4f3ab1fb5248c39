"""Finding an author's quote in an article body, forgiving differences in whitespace."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def _squeeze(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and for each kept character its index in the original."""
    kept, index = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            kept.append(ch)
            index.append(i)
    return "".join(kept), index


class QuoteIndex:
    """An article body squeezed once, for finding many quotes in it (loading a whole bank)."""

    def __init__(self, body: str):
        self.body = body
        self._hay, self._index = _squeeze(body)

    def occurrences(self, quote: str) -> list[tuple[int, int]]:
        needle = _SPACE.sub("", quote)
        if not needle:
            return []
        spans, pos = [], self._hay.find(needle)
        while pos != -1:
            spans.append((self._index[pos], self._index[pos + len(needle) - 1] + 1))
            pos = self._hay.find(needle, pos + 1)
        return spans


def quote_occurrences(body: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) span of `body` that equals `quote` once whitespace is ignored."""
    return QuoteIndex(body).occurrences(quote)


def find_quote(body: str | QuoteIndex, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    index = body if isinstance(body, QuoteIndex) else QuoteIndex(body)
    body = index.body
    spans = index.occurrences(quote)
    if not spans:
        raise ValueError("The quote is not in the article (whitespace is ignored; punctuation must match).")
    if occurrence is None:
        if len(spans) > 1:
            raise ValueError(
                f"The quote occurs {len(spans)} times in the article; lengthen it or choose which occurrence."
            )
        start, end = spans[0]
    else:
        if not 1 <= occurrence <= len(spans):
            raise ValueError(f"Occurrence {occurrence} does not exist; the quote occurs {len(spans)} time(s).")
        start, end = spans[occurrence - 1]
    if "\n\n" in body[start:end]:
        raise ValueError("The quote spans more than one paragraph; quote within a single paragraph.")
    return start, end


def occurrence_of(body: str, quote: str, start: int) -> int | None:
    """Which occurrence starts at `start` (1-based), or None when the quote is unique."""
    spans = quote_occurrences(body, quote)
    if len(spans) <= 1:
        return None
    for n, (s, _e) in enumerate(spans, 1):
        if s == start:
            return n
    return None
