"""Which parts of an article are covered by facts and questions (the admin's coverage map)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from quizapp.library.models import Article, Drift, Fact, Status


@dataclass
class ParagraphCoverage:
    number: int
    segments: list[tuple[str, Fact | None]]
    facts: list[Fact] = field(default_factory=list)  # each with n_questions and n_published
    questions: int = 0

    @property
    def uncovered(self) -> bool:
        return not self.facts


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

    @property
    def first_uncovered(self) -> int | None:
        return next((p.number for p in self.paragraphs if p.uncovered), None)


def article_coverage(article: Article) -> Coverage:
    """Two statements whatever the article's length: its facts with their question counts (grouped
    in the database, not fetched and counted), and its paragraphs, whose text the segments are cut
    from — the article's body is never read."""
    facts = list(
        article.facts.annotate(
            n_questions=Count("questions"), n_published=Count("questions", filter=Q(questions__status=Status.PUBLISHED))
        ).order_by("start")
    )
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
        questions = sum(f.n_questions for f in here)
        published = sum(f.n_published for f in here)
        segments, cursor = [], 0
        for fact in here:
            start, end = fact.start - p.start, fact.end - p.start
            if start < cursor or end > len(p.text):
                continue  # overlapping spans are listed beside the paragraph, not drawn twice
            segments.append((p.text[cursor:start], None))
            segments.append((p.text[start:end], fact))
            cursor = end
        segments.append((p.text[cursor:], None))
        cov.paragraphs.append(ParagraphCoverage(p.number, [s for s in segments if s[0]], here, questions))
        if questions:
            cov.with_questions += 1
        elif here:
            cov.with_facts_only += 1
        else:
            cov.uncovered += 1
        cov.published += published
        cov.unpublished += questions - published
    return cov
