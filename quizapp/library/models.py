from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from quizapp.library import cloze
from quizapp.library.choices import Difficulty, Drift, QuestionType, Script, Status
from quizapp.library.quotes import QuoteIndex, ambiguous_quote_message


class Tag(models.Model):
    # Tags travel into Anki, where a tag cannot contain spaces: names are stored without them.
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


# Columns a list or a source line never shows: the body can run to tens of kilobytes.
ARTICLE_HEAVY_FIELDS = ("body", "edited_fields")


def with_article_heading(queryset: models.QuerySet, path: str) -> models.QuerySet:
    """`queryset` joined to the article at `path` (e.g. "fact__article") for its title and link,
    leaving the article's body unread."""
    return queryset.select_related(path).defer(*(f"{path}__{f}" for f in ARTICLE_HEAVY_FIELDS))


def count_subquery(queryset: models.QuerySet) -> Coalesce:
    """How many rows `queryset` (filtered on an OuterRef) has, as a correlated subquery: an index
    lookup per outer row instead of a join that multiplies rows before counting."""
    counted = queryset.order_by().annotate(n=models.Func(models.F("pk"), function="COUNT")).values("n")
    return Coalesce(models.Subquery(counted[:1]), 0)


class ArticleQuerySet(models.QuerySet):
    def listed(self) -> ArticleQuerySet:
        """Articles for a list or a heading: everything but the body."""
        return self.defer(*ARTICLE_HEAVY_FIELDS)

    def with_counts(self) -> ArticleQuerySet:
        """Listed articles with their paragraph, fact and published-question counts. Facts and their
        questions are joined once (a row per question, one pass over the bank whatever the plan);
        paragraphs are counted in a subquery, as joining them too multiplied the rows (4.9 million
        for 500 articles, issue 18). A subquery per article for the questions was no better: the
        planner may scan the whole question table for each article."""
        # Counted as Question.objects.live() selects them: what a learner of the article will meet.
        published = models.Q(facts__questions__status=Status.PUBLISHED, facts__questions__anchored=True) & ~models.Q(
            facts__drift=Drift.FLAGGED
        )
        return self.listed().annotate(
            paragraph_count=count_subquery(Paragraph.objects.filter(article=models.OuterRef("pk"))),
            fact_count=models.Count("facts", distinct=True),
            question_count=models.Count("facts__questions", filter=published),
        )


class Article(models.Model):
    # Metadata fields an editor may correct in the admin; the importer leaves an edited one alone.
    METADATA_FIELDS = ("title", "author", "publisher", "published_on", "source_url", "byline")

    # The article's identity: a renamed file, a pasted text or a fresh clone keep it.
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    title_is_provisional = models.BooleanField(
        _("title is provisional"),
        default=False,
        help_text=_("The file gave no title; this one was derived from the first sentence."),
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    script = models.CharField(_("script"), max_length=8, choices=Script.choices, default=Script.SIMPLIFIED)
    body = models.TextField(_("body"))
    truncated = models.BooleanField(
        _("truncated"), default=False, help_text=_("The text ends mid-sentence in the source file.")
    )
    source_file = models.CharField(_("source file"), max_length=255, unique=True)
    # The folder import_articles read it from (blank: added in the admin): a same-named file elsewhere is another.
    source_folder = models.CharField(_("source folder"), max_length=1000, blank=True, editable=False)
    content_hash = models.CharField(_("content hash"), max_length=64)
    edited_fields = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # The metadata an editor corrects; the body is the file's, and re-imports keep their own record.
    history = HistoricalRecords(excluded_fields=["body", "content_hash", "edited_fields"])

    class Meta:
        ordering = ["source_file"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:article", args=[self.pk])

    def paragraph_at(self, offset: int) -> int:
        """Number of the paragraph holding body offset `offset` (1-based)."""
        return self.body.count("\n\n", 0, offset) + 1


class Paragraph(models.Model):
    """One paragraph of an article body; rebuilt on every import, addressed as #p<number>."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["article", "number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_paragraph_number")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.anchor}"

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


class FactQuerySet(models.QuerySet):
    def flagged(self) -> FactQuerySet:
        return self.filter(drift=Drift.FLAGGED)

    def with_source(self) -> FactQuerySet:
        """Facts with their article's title and link, minus the article body."""
        return with_article_heading(self, "article")


class Fact(models.Model):
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="facts", verbose_name=_("article"))
    quote = models.TextField(_("quote"), help_text=_("A verbatim span of one paragraph of the article."))
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField(_("paragraph"))
    restatement = models.TextField(_("restatement"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="facts", verbose_name=_("tags"))
    erratum = models.TextField(
        _("erratum"), blank=True, help_text=_("Where the article is wrong or inconsistent: what, and why.")
    )
    drift = models.CharField(_("source drift"), max_length=10, choices=Drift.choices, default=Drift.OK)
    drift_note = models.CharField(_("drift note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")

    def __str__(self) -> str:
        return self.quote if len(self.quote) <= 40 else self.quote[:39] + "…"

    # Set by anchor() when a flagged fact finds its quote again; save() then acts on it.
    _reanchored = False

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self._reanchored:
            self.questions.unpublish()
            self._reanchored = False

    def anchor(
        self,
        quote: str,
        occurrence: int | None = None,
        *,
        article: Article | None = None,
        paragraph_hint: int | None = None,
        index: QuoteIndex | None = None,
    ) -> None:
        """Place the fact on `quote` in its article (or in `article`, moving it there): whitespace
        may differ, the quote must stay within one paragraph. When it occurs more than once,
        `occurrence` (1-based) or `paragraph_hint` (a paragraph holding exactly one) picks it; a
        fact keeps its own place when its quote and article are unchanged. Sets quote, offsets and
        paragraph and clears any drift; `index` saves re-reading the body when anchoring many.
        Raises ValidationError keyed by the field to fix ("quote" or "occurrence")."""
        quote = quote.strip()
        unchanged = self.pk is not None and quote == self.quote and (article is None or article.pk == self.article_id)
        if article is not None:
            self.article = article
        body = self.article.body
        spans = (index or QuoteIndex(body)).occurrences(quote)
        if not spans:
            raise ValidationError(
                {"quote": gettext("This quote is not in the article. Copy it exactly (spaces may differ).")}
            )
        if occurrence is None and len(spans) > 1:
            occurrence = self._pick_occurrence(spans, paragraph_hint, keep=unchanged)
        if occurrence is None and len(spans) > 1:
            raise ValidationError({"occurrence": ambiguous_quote_message(body, spans, self.article.paragraph_at)})
        if occurrence is not None and not 1 <= occurrence <= len(spans):
            message = gettext("There are only %(count)d occurrence(s).")
            raise ValidationError({"occurrence": message % {"count": len(spans)}})
        start, end = spans[(occurrence or 1) - 1]
        if "\n\n" in body[start:end]:
            raise ValidationError({"quote": gettext("A quote must stay within one paragraph.")})
        self.quote, self.start, self.end = quote, start, end
        self.paragraph = self.article.paragraph_at(start)
        # Questions written against the lost quote went out of sight; on the new one an editor
        # must look at them again before learners do (see save()).
        self._reanchored = self._reanchored or (self.pk is not None and self.drift == Drift.FLAGGED)
        self.drift, self.drift_note = Drift.OK, ""

    def _pick_occurrence(self, spans: list[tuple[int, int]], paragraph: int | None, *, keep: bool) -> int | None:
        if paragraph:
            here = [n for n, (start, _end) in enumerate(spans, 1) if self.article.paragraph_at(start) == paragraph]
            return here[0] if len(here) == 1 else None
        if keep and (self.start, self.end) in spans:
            return spans.index((self.start, self.end)) + 1
        return None

    def source_url(self) -> str:
        if self.drift == Drift.FLAGGED:  # its paragraph number is stale too
            return f"{self.article.get_absolute_url()}?hl={self.pk}"
        return f"{self.article.get_absolute_url()}?hl={self.pk}#p{self.paragraph}"


class QuestionQuerySet(models.QuerySet):
    def published(self) -> QuestionQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def live(self) -> QuestionQuerySet:
        """What learners may see — quizzes, open attempts, decks, study, the API, Anki exports:
        published, on a confirmed fact whose quote the article still holds. A question whose fact
        drift flagged leaves learners at once, without waiting for anyone to unpublish it."""
        return self.published().filter(anchored=True).exclude(fact__drift=Drift.FLAGGED)

    def needing_reanchoring(self) -> QuestionQuerySet:
        return self.filter(fact__drift=Drift.FLAGGED)

    def for_article(self, article: Article | int) -> QuestionQuerySet:
        return self.filter(fact__article=article)

    def with_source(self) -> QuestionQuerySet:
        """Questions with their fact and the article's title and link (the source line under
        feedback, cards and exports), minus the article body."""
        return with_article_heading(self, "fact__article")

    def for_cards(self) -> QuestionQuerySet:
        """Questions as a card or an answer key shows them: choices and the source line."""
        return self.with_source().prefetch_related("choices")

    # The status changes of the review workflow, in bulk; who may make them is the caller's check.
    # update() skips auto_now, so each sets updated_at itself (Anki exports rely on it).

    def _set_status(self, status: Status, reason: str = "") -> int:
        """Row by row with a history record each (a bare update() would change them unrecorded)."""
        rows = list(self)
        for question in rows:
            question.status, question.updated_at = status, timezone.now()
        bulk_update_with_history(rows, Question, ["status", "updated_at"], default_change_reason=reason)
        return len(rows)

    def passing_checks(self) -> QuestionQuerySet:
        """Leaves out questions whose answer is not in their fact (checks.blocked): a bulk action skips them."""
        from quizapp.library.checks import blocked  # checks reads these models

        return self.exclude(pk__in=[q.pk for q in blocked(self)])

    def send_to_review(self) -> int:
        return self.filter(status=Status.DRAFT).passing_checks()._set_status(Status.REVIEW)

    def publish(self) -> int:
        """Publishes the selected questions that are in review (a draft is reviewed first) and stand on
        a confirmed fact (see Question.anchored) whose quote is still in the article (not flagged)."""
        waiting = self.filter(status=Status.REVIEW, anchored=True).exclude(fact__drift=Drift.FLAGGED)
        return waiting.passing_checks()._set_status(Status.PUBLISHED)

    def unpublish(self) -> int:
        """Published questions go back to review."""
        return self.filter(status=Status.PUBLISHED)._set_status(Status.REVIEW)

    def return_to_author(self, reason: str) -> int:
        """Questions in review go back to draft; the reason stays in each one's history for its author."""
        return self.filter(status=Status.REVIEW)._set_status(Status.DRAFT, reason)


class Question(models.Model):
    TYPES_WITH_CHOICES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE)

    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="questions", verbose_name=_("fact"))
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    prompt = models.TextField(_("prompt"))
    explanation = models.TextField(_("explanation"))
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("author"),
    )
    answer_bool = models.BooleanField(_("statement is true"), null=True, blank=True)
    accepted_answers = models.JSONField(_("accepted answers"), default=list, blank=True)
    numeric_value = models.DecimalField(_("numeric value"), max_digits=24, decimal_places=6, null=True, blank=True)
    numeric_tolerance = models.DecimalField(
        _("numeric tolerance"), max_digits=24, decimal_places=6, default=0, blank=True
    )
    numeric_unit = models.CharField(_("unit"), max_length=20, blank=True)
    # An imported question whose fact is only the importer's best guess is not anchored until an
    # author confirms the fact (or picks another); until then it cannot be published.
    anchored = models.BooleanField(
        _("fact confirmed"),
        default=True,
        help_text=_("Off while the fact is only the importer's proposal: confirm it or choose another fact."),
    )
    check_override = models.TextField(
        _("answer check override"),
        blank=True,
        help_text=_("Why this answer may stand although it is not in the fact's quote or restatement."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["fact__article", "fact__start", "created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        permissions = [("publish_question", "Can review and publish questions")]

    def __str__(self) -> str:
        return self.prompt if len(self.prompt) <= 50 else self.prompt[:49] + "…"

    @property
    def has_choices(self) -> bool:
        return self.type in self.TYPES_WITH_CHOICES

    def learner_prompt(self) -> str:
        """The prompt as a learner first sees it: a cloze's deletions are blanks."""
        return cloze.blanked(self.prompt) if self.type == QuestionType.CLOZE else self.prompt

    def revealed_prompt(self) -> str:
        """The prompt with the answer in place: a cloze's deletions filled in."""
        return cloze.revealed(self.prompt) if self.type == QuestionType.CLOZE else self.prompt


class Choice(models.Model):
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)  # its `id:` in the bank files
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]  # not "question": that follows Question's ordering, joining fact and article
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


from quizapp.library import bank_files, comments, trail  # noqa: E402, F401  (models: BankFile, Comment; history reasons)
