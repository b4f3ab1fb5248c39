"""What a suggestion may draw on beyond its own fact: the article's sentences, figures, names and
stated reasons, read once per article text (distractors come from the same article first)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quizapp.library.models import Article, Fact, Tag
from quizapp.library.suggest import words
from quizapp.library.suggest.enumerations import Listing, listings
from quizapp.library.suggest.figures import Figure, figures, latest_date
from quizapp.library.suggest.reasons import MARKERS, Reason, reasons

SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
CLAUSE = re.compile(r"[，,；;：:。！!]")
CONNECTIVE = re.compile(r"^(?:并且|並且|而且|而|但|然而|同时|同時|所以|因此|例如|比如|即|当然|當然|也)")
QUOTE_MARKS = '“”「」『』"《》（）()'
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Sentence:
    start: int  # offset in the text it was cut from
    text: str


def sentences(text: str) -> list[Sentence]:
    found = []
    for m in SENTENCE.finditer(text):
        stripped = m[0].strip()
        if len(stripped) >= 4:
            found.append(Sentence(m.start() + m[0].index(stripped), stripped))
    return found


@dataclass(frozen=True)
class ArticleText:
    pk: int
    title: str
    script: str
    latest: tuple[int, int, int] | None
    user_words: frozenset[str]  # the article's quoted names and the bank's tags
    names: dict[str, str]  # word → jieba flag
    figures: tuple[tuple[Figure, str], ...]  # each figure with the sentence that states it
    reasons: tuple[Reason, ...]
    lists: tuple[Listing, ...]  # its enumerations (A、B、C)
    claims: tuple[tuple[str, str], ...]  # its statements, clause by clause, with their sentence


def article_text(article: Article) -> ArticleText:
    """The article's reading, cached on its text: one read of the body per article and process."""
    published = article.published_on
    latest = (published.year, published.month, published.day) if published else None
    tags = tuple(sorted(t for t in Tag.objects.values_list("name", flat=True) if _CJK.search(t)))
    return _read(article.pk, article.content_hash, article.title, article.script, latest, tags)


@lru_cache(maxsize=32)
def _read(pk: int, content_hash: str, title: str, script: str, latest, tags: tuple[str, ...]) -> ArticleText:
    body = Article.objects.values_list("body", flat=True).get(pk=pk)
    user_words = frozenset(words.quoted_names(body)) | frozenset(tags)
    words.add_user_words(user_words)
    found_figures, found_reasons, found_lists, found_claims = [], [], [], []
    previous = ""
    for sentence in sentences(body):
        if not sentence.text.endswith(("？", "?")):
            found_claims += [(c.strip(), sentence.text) for c in CLAUSE.split(sentence.text) if _is_claim(c.strip())]
        found_figures += [(f, sentence.text) for f in figures(sentence.text)]
        found_reasons += reasons(sentence.text, previous)
        previous = sentence.text
        found_lists += listings(sentence.text)
    return ArticleText(
        pk, title, script, latest_date(latest, body), user_words, words.article_names(body, user_words),
        tuple(found_figures), tuple(found_reasons), tuple(found_lists), tuple(found_claims),
    )  # fmt: skip


def _is_claim(clause: str) -> bool:
    """A clause that says something by itself: long enough, no quotation or aside cut in half."""
    return (
        8 <= len(clause) <= 40
        and not any(mark in clause for mark in QUOTE_MARKS)
        and bool(_CJK.search(clause))
        and not CONNECTIVE.match(clause)  # 并且…, 例如…: half of a statement
        and not MARKERS.search(clause)
    )


def fact_sentences(fact: Fact) -> list[Sentence]:
    return sentences(fact.quote.strip())
