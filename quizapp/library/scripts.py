"""Simplified ⇄ traditional Chinese, through OpenCC."""

from __future__ import annotations

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


def detect_script(text: str) -> str:
    """'zh-Hant' when more characters change going to simplified than going to traditional."""
    # Character by character: phrase-level conversions would shift positions in a whole-text diff.
    counts = Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    traditional_only = sum(n for ch, n in counts.items() if to_simplified(ch) != ch)
    simplified_only = sum(n for ch, n in counts.items() if to_traditional(ch) != ch)
    return "zh-Hant" if traditional_only > simplified_only else "zh-Hans"
