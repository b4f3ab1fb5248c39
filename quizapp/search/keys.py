"""The folded form both sides of a search are compared in, so that a term needs one lookup."""

from __future__ import annotations

import unicodedata

from quizapp.library.scripts import to_simplified

# Put between characters on the way through OpenCC so that it converts character by character: a
# phrase rule (乾隆 stays 乾隆 while 乾 alone becomes 干) would otherwise fold a substring of a text
# differently from the text itself, and the substring would not be found in it.
_APART = "\x1f"


def search_key(text: str) -> str:
    """Full-width made half-width, case folded, traditional characters made simplified."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    folded = folded.replace(_APART, "")
    return to_simplified(_APART.join(folded)).replace(_APART, "")


def grams(key: str) -> list[str]:
    """What an index entry must hold for its text to contain `key`: `key` itself when it is one
    character, else each pair of neighbouring characters (a Chinese name is often two)."""
    if len(key) < 2:
        return [key] if key else []
    return sorted({key[i : i + 2] for i in range(len(key) - 1)})
