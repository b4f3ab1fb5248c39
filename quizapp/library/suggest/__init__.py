"""Draft questions proposed from a fact, of every kind the fact can carry: cloze on its figures,
dates and names; numeric; true/false both ways; single choice with same-kind distractors;
multiple response on the items it lists; why/how from the reasons it states.

Suggestions are plain data until an author accepts one; then it becomes a *draft* question.
Modules: words (segmentation, names), figures (numbers, units, dates, kinds), reasons (causal
sentences), context (the article's reading), and one module per question kind.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from itertools import chain

from quizapp.library.models import Fact
from quizapp.library.suggest import blanks, choices, multiple, numeric, statements, why
from quizapp.library.suggest.base import Draft, Suggestion
from quizapp.library.suggest.context import article_text, fact_sentences, sentences
from quizapp.library.suggest.figures import Figure, figures

__all__ = ["GROUPS", "Suggestion", "suggest"]

GROUPS = ("cloze", "numeric", "true_false", "choice", "multiple", "why")


def suggest(fact: Fact, corpus: list[Fact] | None = None) -> list[Suggestion]:
    """Suggestions for `fact`; `corpus` (other facts) supplies distractors once its article runs out.

    No two facts get the same distractor set: the facts (this one and the corpus) are taken in the
    article's order and each avoids the sets of those before it, so the answer does not depend on
    which fact is asked about first."""
    facts = _in_order(fact, corpus or [])
    claims = _claims(facts)
    earlier = facts[: next(i for i, f in enumerate(facts) if f is fact)]
    taken = frozenset(chain.from_iterable(claims[id(f)] for f in earlier))
    draft, others = _draft(fact, facts, taken)
    return [
        *blanks.suggestions(draft),
        *numeric.suggestions(draft),
        *statements.suggestions(draft),
        *_with_choices(draft, others),
    ]


def _with_choices(draft: Draft, others: list[tuple[Figure, str]]) -> list[Suggestion]:
    return [*choices.suggestions(draft, others), *multiple.suggestions(draft), *why.suggestions(draft)]


def _in_order(fact: Fact, corpus: list[Fact]) -> list[Fact]:
    rest = [f for f in corpus if f is not fact and (f.pk is None or f.pk != fact.pk)]
    return sorted([fact, *rest], key=lambda f: (f.article_id, f.start, f.pk or 0))


def _draft(
    fact: Fact, facts: list[Fact], taken: frozenset, readings: dict | None = None
) -> tuple[Draft, list[tuple[Figure, str]]]:
    """The draft for `fact`; `readings` keeps each article's reading across the facts of one pass."""
    others: list[tuple[Figure, str]] = []
    index = 0
    for other in facts:
        if other is fact:
            continue
        if other.article_id == fact.article_id:
            index += other.start < fact.start or (other.start == fact.start and (other.pk or 0) < (fact.pk or 0))
        else:
            others += _quote_figures(other.quote, other.article.title)
    readings = {} if readings is None else readings
    if fact.article_id not in readings:
        readings[fact.article_id] = article_text(fact.article)
    return Draft(fact, readings[fact.article_id], fact_sentences(fact), index, taken), others


@lru_cache(maxsize=4096)
def _quote_figures(quote: str, title: str) -> tuple[tuple[Figure, str], ...]:
    return tuple((f, f"《{title}》「{s.text}」") for s in sentences(quote) for f in figures(s.text))


_CLAIMS: dict[str, dict[int, list[frozenset[str]]]] = {}
_claims_lock = threading.Lock()


def _claims(facts: list[Fact]) -> dict[int, list[frozenset[str]]]:
    """The distractor sets each fact's choice questions take, facts in order, each avoiding those
    before it: keyed by id() of the fact objects given. Worked out once for the same facts."""
    fingerprint = hashlib.sha256(
        repr([
            (f.pk, str(f.uuid), f.article_id, f.start, f.quote, f.restatement, f.article.content_hash, f.article.title)
            for f in facts
        ]).encode()
    ).hexdigest()  # fmt: skip
    with _claims_lock:
        by_position = _CLAIMS.get(fingerprint)
    if by_position is None:
        by_position, taken, readings = {}, set(), {}
        for i, f in enumerate(facts):
            draft, others = _draft(f, facts, frozenset(taken), readings)
            by_position[i] = [wrong_set(s) for s in _with_choices(draft, others)]
            taken.update(by_position[i])
        with _claims_lock:
            if len(_CLAIMS) >= 8:
                _CLAIMS.clear()
            _CLAIMS[fingerprint] = by_position
    return {id(f): by_position[i] for i, f in enumerate(facts)}


def wrong_set(s: Suggestion) -> frozenset[str]:
    return frozenset(c["text"] for c in s.choices if not c["is_correct"])
