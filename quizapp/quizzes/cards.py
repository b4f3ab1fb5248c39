"""The question card's content, rendered once and kept in a cache (issue 18, point 6).

A question fetch used to read the question and its choices and convert every text to the reader's
script on every request. Here a question's prompt, cloze pieces and each choice's text are rendered
(escaped, in the reader's script) once per content version; the attempt's shuffled order is assembled
from the per-choice pieces, so every shuffle of a question shares one entry. The practice card's form
body is kept rendered too (`card_body`), per choice order and number of withdrawn questions. What
belongs to one learner — the CSRF token, the progress, what is ticked or typed, an error — is never in
an entry: the templates add it on every request.

The key names the question, its content version (Question.updated_at: every save of the question
moves it, and a choice's save or delete moves it too, see `_choice_changed`), the interface language
and the reading script. The version comes from the database in the statement that checks which of
the attempt's questions are still live (fetch.py, Attempt.withdraw_stale), so an edit shows at once on every
app server. Hence the cache is the "cards" one (settings.CACHES), in each process: a key read from
the database never names stale content, and a hit costs no round trip to Redis. (A bulk
`Choice.objects.update()` sends no signal: whoever does one must move the questions' updated_at.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from quizapp.library.context_processors import in_script
from quizapp.library.models import Choice, Question, QuestionType
from quizapp.library.reading import cloze_segments

# Entries of a version nobody asks for any more just age out (an edit makes a new key).
CARD_TIMEOUT = 24 * 60 * 60
CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE)
BODY_TEMPLATE = "quizzes/_card_body.html"


def card_key(question_id: int, version: datetime, script: str) -> str:
    return f"qcard:{question_id}:{version.timestamp():.6f}:{get_language()}:{script}"


def _shown(text: str, script: str) -> str:
    """Escaped once here, so the templates print the piece as it is."""
    return mark_safe(conditional_escape(in_script(text, script)))  # noqa: S308


@dataclass
class Card:
    """What the card shows of one question; the templates read it where they read a Question."""

    pk: int
    type: str
    numeric_unit: str
    prompt: str  # escaped, in the script
    choices: list[tuple[int, str]] = field(default_factory=list)  # (id, escaped text), stored order
    segments: list[dict] = field(default_factory=list)  # a cloze's text pieces and blanks
    key: str = ""  # the cache key it is kept under: its rendered form bodies are kept under keys built on it


def render_card(question: Question, script: str) -> Card:
    """The card of one question in `script`; reads question.choices.all() (prefetch them)."""
    card = Card(question.pk, question.type, question.numeric_unit, _shown(question.prompt, script))
    if question.type in CHOICE_TYPES:
        card.choices = [(c.pk, _shown(c.text, script)) for c in question.choices.all()]
    if question.type == QuestionType.CLOZE:
        card.segments = [
            {"blank": p["blank"], "hint": _shown(p["hint"], script)}
            if "blank" in p
            else {"text": _shown(p["text"], script)}
            for p in cloze_segments(question.prompt)
        ]
    return card


def card_for(question: Question, script: str) -> Card:
    """The card of a question already read (with its choices prefetched), through the cache."""
    key = card_key(question.pk, question.updated_at, script)
    card = caches["cards"].get(key)
    if card is None:
        card = render_card(question, script)
        card.key = key
        caches["cards"].set(key, card, CARD_TIMEOUT)
    return card


def cached_card(question_id: int, version: datetime, script: str) -> Card:
    """The card of a question known only by id and content version: no statement when it is cached."""
    key = card_key(question_id, version, script)
    card = caches["cards"].get(key)
    if card is None:
        question = Question.objects.prefetch_related("choices").get(pk=question_id)
        card = render_card(question, script)
        # Stored under the version it was read at: an edit in between has a newer version of its own.
        card.key = card_key(question_id, question.updated_at, script)
        caches["cards"].set(card.key, card, CARD_TIMEOUT)
    return card


def current_card(attempt, question_id: int, script: str) -> Card:
    """The card of the attempt's question to answer now, by the version Attempt.withdraw_stale read."""
    version = getattr(attempt, "live_versions", {}).get(question_id)
    if version is None:  # not read by this request: read the question itself
        return card_for(Question.objects.prefetch_related("choices").get(pk=question_id), script)
    return cached_card(question_id, version, script)


def in_order(card: Card, order: list[int] | None) -> list[dict]:
    """The card's choices in the attempt's shuffled order (the stored order without one)."""
    choices = [{"pk": pk, "text": text} for pk, text in card.choices]
    if order:
        rank = {cid: i for i, cid in enumerate(order)}
        choices.sort(key=lambda c: rank.get(c["pk"], len(rank)))
    return choices


def card_body(context: dict) -> str:
    """The practice card's form body (quizzes/_card_body.html) for `context` (views._question_context).
    With nothing of the learner's in it — no error, nothing submitted — it is the same for everyone at this
    card (question, version, language, script), choice order and number of withdrawn questions: rendered
    once per process then, which takes about half of the card's template work off each fetch."""
    if context.get("error") is not None or context.get("submitted") is not None or not context["question"].key:
        return render_to_string(BODY_TEMPLATE, context)
    order = ",".join(str(choice["pk"]) for choice in context["choices"])
    key = f"{context['question'].key}:body:{order}:{len(context['attempt'].withdrawn_ids)}"
    body = caches["cards"].get(key)
    if body is None:
        body = render_to_string(BODY_TEMPLATE, context)
        caches["cards"].set(key, body, CARD_TIMEOUT)
    return body


def _choice_changed(sender, instance: Choice, raw: bool = False, **kwargs) -> None:
    """A choice has no version of its own: its question's moves, so the question's card is rebuilt
    (and everything else keyed by Question.updated_at — Anki notes, deck packages — sees the edit)."""
    if not raw:
        Question.objects.filter(pk=instance.question_id).update(updated_at=timezone.now())


def connect() -> None:
    post_save.connect(_choice_changed, sender=Choice, dispatch_uid="card-choice-saved")
    post_delete.connect(_choice_changed, sender=Choice, dispatch_uid="card-choice-deleted")
