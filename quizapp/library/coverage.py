"""Which parts of an article are covered by facts and questions (the admin's coverage map)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.library.models import Article, Drift, Fact, Status


@dataclass
class ParagraphCoverage:
    number: int
    segments: list[tuple[str, Fact | None]]
    facts: int = 0
    questions: int = 0


@dataclass
class Coverage:
    paragraphs: list[ParagraphCoverage] = field(default_factory=list)
    with_questions: int = 0
    with_facts_only: int = 0
    uncovered: int = 0
    facts: int = 0
    published: int = 0
    unpublished: int = 0
    flagged: list[Fact] = field(default_factory=list)


def article_coverage(article: Article) -> Coverage:
    facts = list(article.facts.prefetch_related("questions").order_by("start"))
    # A flagged fact's offsets point at whatever text took its place: it is listed for an author,
    # never drawn on the article nor counted as covering a paragraph.
    flagged = [f for f in facts if f.drift == Drift.FLAGGED]
    by_paragraph: dict[int, list[Fact]] = {}
    for fact in facts:
        if fact.drift != Drift.FLAGGED:
            by_paragraph.setdefault(fact.paragraph, []).append(fact)
    cov = Coverage(facts=len(facts) - len(flagged), flagged=flagged)
    for p in article.paragraphs.all():
        here = by_paragraph.get(p.number, [])
        questions = [q for f in here for q in f.questions.all()]
        segments, cursor = [], p.start
        for fact in here:
            if fact.start < cursor or fact.end > p.end:
                continue  # overlapping or drifted spans are listed, not drawn twice
            segments.append((article.body[cursor : fact.start], None))
            segments.append((article.body[fact.start : fact.end], fact))
            cursor = fact.end
        segments.append((article.body[cursor : p.end], None))
        cov.paragraphs.append(ParagraphCoverage(p.number, [s for s in segments if s[0]], len(here), len(questions)))
        if questions:
            cov.with_questions += 1
        elif here:
            cov.with_facts_only += 1
        else:
            cov.uncovered += 1
        cov.published += sum(q.status == Status.PUBLISHED for q in questions)
        cov.unpublished += sum(q.status != Status.PUBLISHED for q in questions)
    return cov
