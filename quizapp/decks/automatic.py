"""The decks that exist without anyone making them: one per article, and one of everything."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from quizapp.decks.models import ALL_NAME, ALL_SLUG, Deck, DeckKind, article_deck_slug
from quizapp.library.models import Article


@dataclass
class EnsureReport:
    created: int = 0
    renamed: int = 0
    unchanged: int = 0


def _article_description(article: Article) -> str:
    details = [d for d in (article.publisher, article.author) if d]
    if article.published_on:
        details.append(article.published_on.isoformat())
    suffix = f"（{' · '.join(details)}）" if details else ""
    return f"文章《{article.title}》的全部已发布题目{suffix}。"


def ensure_article_deck(article: Article) -> tuple[Deck, str]:
    """Create the article's deck, or rename it after the article; returns (deck, what happened)."""
    deck = Deck.objects.filter(kind=DeckKind.ARTICLE, article=article).first()
    if deck is None:
        slug = article_deck_slug(article)
        if Deck.objects.filter(slug=slug).exists():
            slug = f"{slug}-{article.pk}"
        deck = Deck.objects.create(
            kind=DeckKind.ARTICLE,
            article=article,
            slug=slug,
            name=article.title[:200],
            description=_article_description(article),
        )
        return deck, "created"
    # The deck follows its article's title; the Anki deck id stays (it was fixed at creation).
    if deck.name != article.title[:200]:
        deck.name = article.title[:200]
        deck.save(update_fields=["name", "updated_at"])
        return deck, "renamed"
    return deck, "unchanged"


def ensure_all_deck() -> tuple[Deck, str]:
    deck, created = Deck.objects.get_or_create(
        kind=DeckKind.ALL,
        defaults={"slug": ALL_SLUG, "name": ALL_NAME, "description": "题库中全部已发布的题目。"},
    )
    return deck, "created" if created else "unchanged"


def ensure_automatic_decks() -> EnsureReport:
    """Idempotent: safe after every migrate, import or load."""
    report = EnsureReport()
    with transaction.atomic():
        outcomes = [ensure_all_deck()[1]]
        for article in Article.objects.listed():
            outcomes.append(ensure_article_deck(article)[1])
    for outcome in outcomes:
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
