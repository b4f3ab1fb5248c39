"""Enumerations (挂号缴费、疫苗预约、电子处方、送药上门) read as their items.

An enumeration's inner items are exact (between two 、); its first and last are cut from their
clause in whole words, stopping at the listing verb before (提供, 包括, 比如…) and at 等, a
numeral or a particle after, and no longer than the other items by more than two characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.library.suggest import words

MIN_ITEMS, MAX_ITEM = 3, 10
SEPARATOR = "、"
# Where a clause or a quotation ends: an item never runs across one.
_HARD_STOP = re.compile(r"[，,。；;：:！？!?（）()“”\"「」『』《》\s]")
# Words that introduce a list or tie it to its sentence, never part of its first item.
_BEFORE_WORDS = (
    "的 了 是 在 有 为 為 以 由 把 将 將 对 對 从 從 向 如 像 和 与 與 及 或 等 可 还 還 也 都 即 "
    "包括 包含 涵盖 涵蓋 负责 負責 提供 比如 例如 诸如 諸如 譬如 分成 分为 分為 成 锚定 錨定 做 覆盖 覆蓋 "
    "开始 開始 推出 接入 投资 投資 投入 围绕 圍繞 涉及 含 其中 分别 分別 像是 继 繼 基于 基於 承担 承擔 打通 通过 通過"
)
_BEFORE_STOP = frozenset(_BEFORE_WORDS.split())
# After the last item: a list ends at 等, a numeral (这三个), a pronoun or a particle.
_LEADING = re.compile(r"^(?:以及|到|和|与|與|及|或|而)")
_AFTER_STOP_FLAGS = ("m", "r", "u", "p", "c", "d", "f")
_AFTER_STOP = frozenset("等 等等 这 這 这些 這些 的 为 為 都 在内 在內 方面 以及 和 与 與 及".split())  # noqa: SIM905


@dataclass(frozen=True)
class Listing:
    sentence: str
    start: int  # where the first item begins in `sentence`
    end: int  # where the last item ends
    items: tuple[str, ...]


def listings(sentence: str) -> list[Listing]:
    """The enumerations in `sentence` with at least MIN_ITEMS items, each item whole words."""
    found = []
    for m in re.finditer(rf"[^{SEPARATOR}]+(?:{SEPARATOR}[^{SEPARATOR}]+)+", sentence):
        parts = m[0].split(SEPARATOR)
        # The inner parts must be items themselves; a longer run is clauses, not a list.
        inner = parts[1:-1]
        if any(not part.strip() or len(part) > MAX_ITEM or _HARD_STOP.search(part.strip()) for part in inner):
            continue
        first_at = m.start() + len(parts[0])  # the 、 after the first item
        last_at = m.end() - len(parts[-1])  # where the last item begins
        if not inner:
            continue
        limit = max(len(p.strip()) for p in inner) + 2
        first = _first_item(sentence, first_at, limit)
        last = _last_item(sentence, last_at, limit)
        if first is None or last is None:
            continue
        items = (
            sentence[first:first_at].strip(),
            *(_LEADING.sub("", p.strip()) for p in inner),  # 从快捷支付、到余额宝: 到 is not the item
            sentence[last_at:last].strip().removesuffix("等"),
        )
        if len(items) >= MIN_ITEMS and len(set(items)) == len(items) and min(map(len, items)) >= 2:
            found.append(Listing(sentence, first, last, items))
    return found


def _first_item(sentence: str, end: int, limit: int) -> int | None:
    """Where the first item begins: whole words back from `end`, stopping at a listing word."""
    start = end
    for t in reversed(words.tokens(sentence)):
        if t.end > end:
            continue
        word = t.word.strip()
        if word in _BEFORE_STOP or t.flag.startswith(("c", "p", "u")) or _HARD_STOP.search(t.word):
            break
        if end - t.start > limit:
            break
        start = t.start
    return start if start < end and start in words.boundaries(sentence) else None


def _last_item(sentence: str, start: int, limit: int) -> int | None:
    """Where the last item ends: whole words on from `start`, stopping at 等, a numeral, a particle."""
    end = start
    for t in words.tokens(sentence):
        if t.start < start:
            continue
        word = t.word.strip()
        if word in _AFTER_STOP or t.flag.startswith(_AFTER_STOP_FLAGS) and end > start or _HARD_STOP.search(t.word):
            break
        if t.end - start > limit:
            return None  # cut off mid-phrase (立足于|创业型企业): not an item
        end = t.end
    return end if end > start and end in words.boundaries(sentence) else None
