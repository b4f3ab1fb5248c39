"""A suggestion, and what every question builder shares: the fact in hand, the article it comes
from, the script to write in, and deterministic picks that differ from fact to fact."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from itertools import combinations

from quizapp.library.models import Fact
from quizapp.library.scripts import convert
from quizapp.library.suggest.context import ArticleText, Sentence

BLANK = "（　　）"
CLAUSE_ENDS = "，,；;。！？!?：:"


@dataclass
class Suggestion:
    type: str
    group: str  # cloze, numeric, true_false, choice, why: how the admin groups them
    label: str  # what is asked about: a figure kind ("money"), "name", or a reason's relation
    prompt: str
    explanation: str
    choices: list[dict] = field(default_factory=list)
    answer_bool: bool | None = None
    numeric_value: str | None = None
    numeric_unit: str = ""
    numeric_tolerance: str = "0"
    tags: list[str] = field(default_factory=list)
    answer: str = ""  # the answer in words, for checks and display

    @property
    def key(self) -> str:
        """A fingerprint, so accepting checks that the author saw this exact suggestion."""
        return hashlib.sha256(json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Draft:
    """The fact a builder works on, with its article's reading."""

    fact: Fact
    article: ArticleText
    sentences: list[Sentence]
    index: int = 0  # the fact's place among its article's facts
    taken: frozenset[frozenset[str]] = frozenset()  # distractor sets earlier facts use

    def pick(self, pool: list, key=str) -> list:
        """Distractors from `pool`: three, or two when the pool is small or its threes are used up,
        never a set (by the texts `key` gives) that an earlier fact has taken; [] when none is left,
        as no question is better than a repeated one. The starting set differs from fact to fact."""
        ordered = sorted(pool, key=key)
        for k in (3, 2):
            combos = list(combinations(ordered, k))
            for i in range(len(combos)):
                combo = combos[(self.index + i) % len(combos)]
                if frozenset(map(key, combo)) not in self.taken:
                    return list(combo)
        return []

    def say(self, text: str) -> str:
        """Our own words in the article's script; quoted text is never passed through here."""
        return convert(text, self.article.script)

    @property
    def explanation(self) -> str:
        quote = self.fact.quote.strip()
        return (
            (self.fact.restatement.strip() + "\n" if self.fact.restatement.strip() else "")
            + self.say("原文：")
            + f"「{quote}」"
        )

    def ranked(self, items, key=str) -> list:
        """`items` in an order that is fixed for this fact and differs from fact to fact."""
        seed = str(self.fact.uuid)
        return sorted(items, key=lambda item: hashlib.sha1(f"{seed}|{key(item)}".encode()).hexdigest())


def clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """What comes before text[start:end] in its sentence, and the rest of its clause after it."""
    stop = end
    while stop < len(text) and text[stop] not in CLAUSE_ENDS:
        stop += 1
    return text[:start], text[end:stop]
