"""Proposing a fact for an imported question: the article sentence most like the question.

Chinese has no spaces, so texts are segmented into words with jieba first; a sentence scores
by the words it shares with the question (prompt, answers and explanation), each weighted by
how rare it is in the article (idf), normalised by the sentence's own weight (cosine-like), so a
long paragraph does not win by sheer size.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import jieba

from quizapp.library import cloze
from quizapp.library.models import Article

_SENTENCE = re.compile(r"[^。！？!?；\n]+[。！？!?；]?")
_WORD = re.compile(r"\w")
MIN_SENTENCE = 6


@dataclass(frozen=True)
class Sentence:
    number: int  # position in the article's list of sentences: stable for the same text
    text: str
    paragraph: int
    score: float = 0.0


def sentences(article: Article) -> list[Sentence]:
    found = []
    for paragraph in article.paragraphs.order_by("number"):
        for match in _SENTENCE.finditer(paragraph.text):
            text = match[0].strip()
            if len(text) >= MIN_SENTENCE:
                found.append(Sentence(len(found), text, paragraph.number))
    return found


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in jieba.lcut(text.lower()) if _WORD.search(w))


def question_text(record: dict) -> str:
    parts = [cloze.revealed(record.get("prompt", "")), record.get("explanation", "")]
    parts += record.get("accepted_answers") or []
    parts += [c["text"] for c in record.get("choices") or [] if c.get("correct")]
    return " ".join(str(p) for p in parts)


def rank(record: dict, candidates: list[Sentence], limit: int = 5) -> list[Sentence]:
    """The best `limit` sentences for this question, best first."""
    if not candidates:
        return []
    bags = [Counter(_words(s.text)) for s in candidates]
    seen_in = Counter(word for bag in bags for word in bag)
    idf = {word: math.log((1 + len(bags)) / (1 + n)) + 1 for word, n in seen_in.items()}
    query = Counter(_words(question_text(record)))
    scored = []
    for sentence, bag in zip(candidates, bags, strict=True):
        shared = sum(min(query[w], n) * idf[w] ** 2 for w, n in bag.items() if w in query)
        norm = math.sqrt(sum((n * idf[w]) ** 2 for w, n in bag.items())) or 1.0
        scored.append(Sentence(sentence.number, sentence.text, sentence.paragraph, round(shared / norm, 3)))
    scored.sort(key=lambda s: (-s.score, s.number))
    return scored[:limit]
