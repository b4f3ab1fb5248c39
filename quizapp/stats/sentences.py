"""Which sentences of an article learners miss most: the stored statistics (answers, score and
flashcard reviews) of every question on each fact, and on each paragraph, in one grouped query."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum

from quizapp.library.models import Article
from quizapp.stats.figures import MIN_SAMPLE
from quizapp.stats.models import ItemStatistic


@dataclass
class Missed:
    answers: int = 0
    score: float = 0.0  # summed
    reviews: int = 0
    again: int = 0

    @property
    def miss_rate(self) -> float | None:
        return 1 - self.score / self.answers if self.answers else None

    @property
    def again_rate(self) -> float | None:
        return self.again / self.reviews if self.reviews else None

    @property
    def judged(self) -> bool:
        return self.answers >= MIN_SAMPLE

    def add(self, other: Missed) -> None:
        self.answers += other.answers
        self.score += other.score
        self.reviews += other.reviews
        self.again += other.again


@dataclass
class MissedFact(Missed):
    fact_id: int = 0
    quote: str = ""
    paragraph: int = 0


@dataclass
class MissedSentences:
    facts: list[MissedFact] = field(default_factory=list)  # most missed first
    paragraphs: list[tuple[int, Missed]] = field(default_factory=list)  # most missed first


def missed_sentences(article: Article) -> MissedSentences:
    by_fact: dict[int, MissedFact] = {}

    def fact(row: dict) -> MissedFact:
        key = row["question__fact_id"]
        if key not in by_fact:
            by_fact[key] = MissedFact(
                fact_id=key, quote=row["question__fact__quote"], paragraph=row["question__fact__paragraph"]
            )
        return by_fact[key]

    keys = ("question__fact_id", "question__fact__quote", "question__fact__paragraph")
    stored = ItemStatistic.objects.filter(question__fact__article=article).values(*keys)
    sums = stored.annotate(n=Sum("answers"), total=Sum("score_sum"), n_reviews=Sum("reviews"), n_again=Sum("again"))
    for row in sums.order_by():
        fact(row).add(Missed(answers=row["n"], score=row["total"], reviews=row["n_reviews"], again=row["n_again"]))
    paragraphs: dict[int, Missed] = {}
    for missed in by_fact.values():
        paragraphs.setdefault(missed.paragraph, Missed()).add(missed)
    return MissedSentences(
        facts=sorted(by_fact.values(), key=_most_missed),
        paragraphs=sorted(paragraphs.items(), key=lambda item: _most_missed(item[1])),
    )


def _most_missed(missed: Missed):
    return (-(missed.miss_rate or 0), -(missed.again_rate or 0), -missed.answers)
