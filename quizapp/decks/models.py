from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from quizapp.decks.library_version import (
    LibraryVersion,
    cached_under,
    current_version,
    live_type_counts,
    version_subquery,
)
from quizapp.library.models import Article, Question, QuestionQuerySet, Tag, count_subquery, with_article_heading

__all__ = ["LibraryVersion"]  # a model of this app, defined beside its triggers

ALL_SLUG = "all"
ALL_NAME = "全部题目"


class DeckKind(models.TextChoices):
    ARTICLE = "article", _("article")
    TAG = "tag", _("tag")
    ALL = "all", _("all questions")
    PICKED = "picked", _("hand-picked")
    # A "quiz" kind (the questions of one quizzes.Quiz) comes with the quizzes app: add the
    # choice, a nullable FK to Quiz, a branch in Deck.questions() and in the check constraint.


def anki_deck_id_for(slug: str) -> int:
    """A 13-digit id derived from the slug: the same deck gets the same id on every server.

    Anki's own deck ids are millisecond timestamps (13 digits), so ours look alike and stay
    far below JavaScript's 2**53, which Anki's web views use.
    """
    digest = int.from_bytes(hashlib.sha256(f"quizapp deck {slug}".encode()).digest()[:8], "big")
    return 10**12 + digest % (9 * 10**12)


def article_deck_slug(article: Article) -> str:
    # From the seed file name, not the pk, so every installation derives the same Anki deck id.
    stem = slugify(Path(article.source_file).stem)[:60].strip("-_")
    if not stem:
        stem = hashlib.sha1(article.source_file.encode()).hexdigest()[:12]
    return f"article-{stem}"


# The path from a question to what each kind of deck selects it by. Grouping rows on it counts
# every deck of that kind in one statement, instead of one correlated count per deck.
RULE_PATHS = {DeckKind.ARTICLE: "fact__article", DeckKind.TAG: "tags", DeckKind.PICKED: "decks"}
ONE_EACH = {"n": models.Count("pk")}  # what attach_*_counts count per deck


def rule_value(deck: Deck) -> int | None:
    return {DeckKind.ARTICLE: deck.article_id, DeckKind.TAG: deck.tag_id, DeckKind.PICKED: deck.pk}.get(deck.kind)


def _grouped(rows: models.QuerySet, kind: str, aggregates: dict[str, Any], to_question: str, keys=None):
    """`aggregates` of `rows` per deck of `kind` whose rule value is in `keys` (None: every such deck)."""
    label = models.Value(kind, output_field=models.CharField())
    if kind == DeckKind.ALL:  # every row; a constant groups nothing, so this is one row
        part = rows.values(rule_kind=label, rule_key=models.Value(None, output_field=models.IntegerField()))
    else:
        path = to_question + RULE_PATHS[kind]
        part = rows.filter(**({f"{path}__isnull": False} if keys is None else {f"{path}__in": keys}))
        part = part.values(rule_kind=label, rule_key=models.F(path))
    return part.order_by().annotate(**aggregates)


def _in_one_statement(parts: list[models.QuerySet]) -> dict[tuple[str, int | None], dict[str, int]]:
    found = {}
    if parts:
        for row in parts[0].union(*parts[1:], all=True).order_by():
            found[row.pop("rule_kind"), row.pop("rule_key")] = row
    return found


def grouped_by_rule(
    decks: list[Deck], rows: models.QuerySet, aggregates: dict[str, Any], to_question: str = ""
) -> dict[int, dict[str, int]]:
    """`aggregates` over the rows that fall in each deck (live questions, or a learner's cards of
    them), by deck pk: one statement for all of `decks`, whatever their number and kinds (a UNION ALL
    of one grouped count per kind; none when `decks` is empty). `to_question` is the path from a row
    to its question ("" for questions, "question__" for cards)."""
    by_kind: dict[str, list[Deck]] = defaultdict(list)
    for deck in decks:
        by_kind[deck.kind].append(deck)
    parts = [
        _grouped(rows, kind, aggregates, to_question, {rule_value(deck) for deck in members})
        for kind, members in by_kind.items()
    ]
    found = _in_one_statement(parts)
    empty = dict.fromkeys(aggregates, 0)
    return {deck.pk: found.get((deck.kind, rule_value(deck)), empty) for deck in decks}


def deck_counts_of_kind(version: str | None, kind: str) -> dict[int, int]:
    """Live questions of every deck of `kind` (article, tag or hand-picked) by rule value, counted in one
    statement once per library version (the triggers watch tags and picks too): a page of decks then
    counts nothing. Counting only the page's decks read all 50,000 questions at L as well (the planner
    scans the table for a page's hundred articles), ~25 ms on every page; counting every deck of a kind
    costs 20-50 ms at L, once per change of the library, and only for the kinds a page shows."""

    def every() -> dict[int, int]:
        rows = _in_one_statement([_grouped(Question.objects.live(), kind, ONE_EACH, "")])
        return {key: row["n"] for (_, key), row in rows.items()}

    return cached_under(version, f"deck-counts:{kind}", every)


def attach_question_counts(decks: list[Deck]) -> list[Deck]:
    """Set `question_count` (live questions) on each deck from the counts cached under the library's
    version (read with the decks by with_library_version, else here): no count statement on a page
    while the library stays as it is, whatever the kinds and number of its decks; after a change, one
    statement for each kind on the page that no page has asked for since."""
    if not decks:
        return decks
    first = decks[0]
    version = first.library_version if hasattr(first, "library_version") else current_version()
    # One cache read per kind on the page (a round trip each with Redis), not one per deck.
    by_kind = {kind: deck_counts_of_kind(version, kind) for kind in {d.kind for d in decks} - {DeckKind.ALL}}
    if any(deck.kind == DeckKind.ALL for deck in decks):
        by_kind[DeckKind.ALL] = {None: sum(live_type_counts(version).values())}
    for deck in decks:
        deck.question_count = by_kind[deck.kind].get(rule_value(deck), 0)
    return decks


def attach_withheld_counts(decks: list[Deck], withheld: set[int]) -> list[Deck]:
    """Set `withheld_count` on each deck: how many of its live questions are in `withheld` (an open
    exam's, for its learner: revealed.withheld_question_ids). No statement when nothing is withheld,
    else one grouped statement."""
    held = Question.objects.live().filter(pk__in=withheld)
    counts = grouped_by_rule(decks, held, ONE_EACH) if withheld else {}
    for deck in decks:
        deck.withheld_count = counts[deck.pk]["n"] if withheld else 0
    return decks


class DeckQuerySet(models.QuerySet):
    def automatic(self) -> DeckQuerySet:
        return self.filter(kind__in=[DeckKind.ARTICLE, DeckKind.ALL])

    def with_question_counts(self) -> DeckQuerySet:
        """Annotate `question_count` (published questions) in the same query, whatever the kind."""
        live = Question.objects.live()
        ref = models.OuterRef
        return self.annotate(
            question_count=models.Case(
                models.When(kind=DeckKind.ALL, then=count_subquery(live)),
                models.When(kind=DeckKind.ARTICLE, then=count_subquery(live.filter(fact__article=ref("article")))),
                models.When(kind=DeckKind.TAG, then=count_subquery(live.filter(tags=ref("tag")))),
                models.When(kind=DeckKind.PICKED, then=count_subquery(live.filter(decks=ref("pk")))),
                default=0,
            )
        )

    def in_listing_order(self) -> DeckQuerySet:
        # The "all" deck first, then articles in library order, then the rest by name.
        rank = models.Case(
            models.When(kind=DeckKind.ALL, then=0), models.When(kind=DeckKind.ARTICLE, then=1), default=2
        )
        return self.with_source().with_library_version().order_by(rank, "article__source_file", "name")

    def listing(self) -> list[Deck]:
        """Every deck with its count, in a fixed number of statements however many decks there are."""
        return attach_question_counts(list(self.in_listing_order()))

    def with_library_version(self) -> DeckQuerySet:
        """The library's version on each deck, read in the same statement: 全部题目's counts are cached
        under it (Deck.type_counts)."""
        return self.annotate(library_version=version_subquery())

    def with_source(self) -> DeckQuerySet:
        """Decks with the article or tag they draw from, minus the article body."""
        return with_article_heading(self, "article").select_related("tag")


class Deck(models.Model):
    """A named set of published questions, studied in the browser and exported to Anki."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used in URLs and by export_anki."))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DeckKind.choices, default=DeckKind.PICKED)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="decks", verbose_name=_("article")
    )
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="decks", verbose_name=_("tag")
    )
    picked = models.ManyToManyField(
        Question,
        blank=True,
        related_name="decks",
        verbose_name=_("hand-picked questions"),
        help_text=_("Only for hand-picked decks. Questions that are not published are left out of the deck."),
    )
    # Assigned once and never recomputed: renaming the deck (or even its slug) must not make
    # Anki see a different deck.
    anki_deck_id = models.BigIntegerField(_("Anki deck ID"), unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeckQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("deck")
        verbose_name_plural = _("decks")
        constraints = [
            models.CheckConstraint(
                name="deck_kind_matches_source",
                condition=(
                    models.Q(kind=DeckKind.ARTICLE, article__isnull=False, tag__isnull=True)
                    | models.Q(kind=DeckKind.TAG, tag__isnull=False, article__isnull=True)
                    | models.Q(kind__in=[DeckKind.ALL, DeckKind.PICKED], article__isnull=True, tag__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["article"], condition=models.Q(kind=DeckKind.ARTICLE), name="one_deck_per_article"
            ),
            models.UniqueConstraint(fields=["kind"], condition=models.Q(kind=DeckKind.ALL), name="one_all_deck"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.anki_deck_id is None:
            self.anki_deck_id = anki_deck_id_for(self.slug)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("decks:detail", args=[self.slug])

    def get_download_url(self) -> str:
        return reverse("decks:download", args=[self.slug])

    def get_study_url(self) -> str:
        return reverse("study:deck", args=[self.slug])

    def clean(self) -> None:
        if self.kind == DeckKind.ARTICLE and not self.article_id:
            raise ValidationError({"article": _("An article deck needs its article.")})
        if self.kind == DeckKind.TAG and not self.tag_id:
            raise ValidationError({"tag": _("A tag deck needs its tag.")})
        if self.kind != DeckKind.ARTICLE and self.article_id:
            raise ValidationError({"article": _("Only an article deck has an article.")})
        if self.kind != DeckKind.TAG and self.tag_id:
            raise ValidationError({"tag": _("Only a tag deck has a tag.")})

    @property
    def download_filename(self) -> str:
        return f"quizapp-{self.slug}.apkg"

    def questions(self) -> QuestionQuerySet:
        """The deck's published questions, in library order."""
        live = Question.objects.live()
        match self.kind:
            case DeckKind.ALL:
                return live
            case DeckKind.ARTICLE:
                return live.for_article(self.article_id)
            case DeckKind.TAG:
                return live.filter(tags=self.tag_id)
            case DeckKind.PICKED:
                return live.filter(decks=self) if self.pk else live.none()
        raise ValueError(f"unknown deck kind {self.kind!r}")

    def type_counts(self) -> dict[str, int]:
        """The deck's live questions by type: 全部题目's from the cache, under the library version read
        with the deck (with_library_version; else read now), the others' counted."""
        if self.kind == DeckKind.ALL:
            version = self.library_version if hasattr(self, "library_version") else current_version()
            return live_type_counts(version)
        return dict(self.questions().order_by().values_list("type").annotate(n=models.Count("pk")))

    def holds_any(self, question_ids: set[int]) -> bool:
        """Whether the deck has one of these questions (an .apkg carries every answer of its deck)."""
        return bool(question_ids) and self.questions().filter(pk__in=question_ids).exists()
