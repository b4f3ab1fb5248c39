"""Draft questions proposed from a fact, of every kind the fact can carry: cloze on its figures,
dates and names; numeric; true/false both ways; single choice with same-kind distractors; why/how
from the reasons it states.

Suggestions are plain data until an author accepts one; then it becomes a *draft* question.
Modules: words (segmentation, names), figures (numbers, units, dates, kinds), reasons (causal
sentences), context (the article's reading), and one module per question kind.
"""

from __future__ import annotations

from quizapp.library.models import Fact
from quizapp.library.suggest import blanks, choices, numeric, statements, why
from quizapp.library.suggest.base import Draft, Suggestion
from quizapp.library.suggest.context import article_text, fact_sentences, sentences
from quizapp.library.suggest.figures import Figure, figures

__all__ = ["GROUPS", "Suggestion", "suggest"]

GROUPS = ("cloze", "numeric", "true_false", "choice", "why")


def suggest(fact: Fact, corpus: list[Fact] | None = None) -> list[Suggestion]:
    """Suggestions for `fact`; `corpus` (other facts) supplies distractors once its article runs out."""
    others: list[tuple[Figure, str]] = []
    index = 0
    for other in corpus or ():
        if other.article_id == fact.article_id:
            index += other.start < fact.start or (other.start == fact.start and other.pk < fact.pk)
        else:
            for sentence in sentences(other.quote):
                where = f"《{other.article.title}》「{sentence.text}」"
                others += [(f, where) for f in figures(sentence.text)]
    draft = Draft(fact, article_text(fact.article), fact_sentences(fact), index)
    return [
        *blanks.suggestions(draft),
        *numeric.suggestions(draft),
        *statements.suggestions(draft),
        *choices.suggestions(draft, others),
        *why.suggestions(draft),
    ]
