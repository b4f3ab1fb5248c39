"""The library's enumerations: the values its models store, with the labels the admin and learners read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Script(models.TextChoices):
    SIMPLIFIED = "zh-Hans", _("简体中文")
    TRADITIONAL = "zh-Hant", _("繁體中文")


class Drift(models.TextChoices):
    OK = "ok", _("matches the article")
    RELOCATED = "relocated", _("relocated after re-import")
    FLAGGED = "flagged", _("needs re-anchoring")


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("single choice")
    MULTIPLE_RESPONSE = "multiple_response", _("multiple response")
    TRUE_FALSE = "true_false", _("true/false")
    CLOZE = "cloze", _("cloze")
    SHORT_ANSWER = "short_answer", _("short answer")
    NUMERIC = "numeric", _("numeric")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")
    # Kept for the history of learners who met it, never served again (live() wants published):
    # a question with answers, cards or reviews is retired, not deleted (issue 19.5).
    RETIRED = "retired", _("retired")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("easy")
    MEDIUM = 2, _("medium")
    HARD = 3, _("hard")
