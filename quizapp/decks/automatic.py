"""The decks that exist without anyone making them: one per article, and one of everything."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from quizapp.decks.models import ALL_NAME, ALL_SLUG, Deck, DeckKind, anki_deck_id_for, article_deck_slug
from quizapp.library.models import Article


@dataclass
class EnsureReport:
    created: int = 0
    renamed: int = 0
    unchanged: int = 0


# What a deck's slug, name and description are made from.
_DESCRIBED = ("pk", "title", "source_file", "publisher", "author", "published_on")


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
    """Idempotent: safe after every migrate, import or load, and while servers run (it only adds and
    renames rows). Set-based: the same handful of statements for five articles or five thousand."""
    report = EnsureReport()
    with transaction.atomic():
        setattr(report, ensure_all_deck()[1], 1)
        articles = list(Article.objects.listed().only(*_DESCRIBED))
        decks = {deck.article_id: deck for deck in Deck.objects.filter(kind=DeckKind.ARTICLE).only("article", "name")}
        # In the order they were made, so the first of two articles that want one slug keeps it.
        missing = sorted((article for article in articles if article.pk not in decks), key=lambda a: a.pk)
        wanted = {article.pk: article_deck_slug(article) for article in missing}
        taken = set(Deck.objects.filter(slug__in=wanted.values()).values_list("slug", flat=True))
        new = []
        for article in missing:
            slug = wanted[article.pk]
            if slug in taken:  # another deck has it (or an earlier article of this run): as ensure_article_deck
                slug = f"{slug}-{article.pk}"
            taken.add(slug)
            new.append(
                Deck(
                    kind=DeckKind.ARTICLE,
                    article=article,
                    slug=slug,
                    name=article.title[:200],
                    description=_article_description(article),
                    anki_deck_id=anki_deck_id_for(slug),  # bulk_create skips Deck.save(), which sets it
                )
            )
        # A deck made meanwhile by a concurrent import or migrate is skipped, not an error.
        Deck.objects.bulk_create(new, ignore_conflicts=True)
        renamed = []
        for article in articles:
            deck = decks.get(article.pk)
            if deck is not None and deck.name != article.title[:200]:
                deck.name, deck.updated_at = article.title[:200], timezone.now()  # bulk_update skips auto_now
                renamed.append(deck)
        Deck.objects.bulk_update(renamed, ["name", "updated_at"])
    report.created += len(new)
    report.renamed = len(renamed)
    report.unchanged += len(articles) - len(new) - len(renamed)
    return report
