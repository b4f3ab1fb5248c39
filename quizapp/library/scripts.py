"""Simplified ⇄ traditional Chinese, through OpenCC."""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def convert(text: str, script: str) -> str:
    return to_traditional(text) if script == "zh-Hant" else to_simplified(text)


def spellings(text: str) -> set[str]:
    """`text` as typed, in simplified and in traditional script, and with full-width letters and
    digits made half-width (NFKC): a search for any of them should find the others."""
    narrow = unicodedata.normalize("NFKC", text)
    return {text, narrow, to_simplified(narrow), to_traditional(narrow)}


def detect_script(text: str) -> str:
    """'zh-Hant' when more characters change going to simplified than going to traditional."""
    # Character by character: phrase-level conversions would shift positions in a whole-text diff.
    counts = Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    traditional_only = sum(n for ch, n in counts.items() if to_simplified(ch) != ch)
    simplified_only = sum(n for ch, n in counts.items() if to_traditional(ch) != ch)
    return "zh-Hant" if traditional_only > simplified_only else "zh-Hans"
