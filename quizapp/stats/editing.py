"""Item statistics in the authoring admin: the question's panel, the article's sentences learners
miss most, and the one-click acceptance of a probably-right typed answer. Registered with the
library's admin through library/item_statistics.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizapp.accounts.roles import Perm
from quizapp.library.models import Article, Question
from quizapp.library.permissions import may_change
from quizapp.stats import items, stored
from quizapp.stats.models import ItemStatistic
from quizapp.stats.regrade import (
    NotAcceptable,
    Regraded,
    accept_answer,
    pending_regrade,
    regrade_under_current_key,
)
from quizapp.stats.sentences import missed_sentences
from quizapp.stats.table import statistics_csv

BAR_WIDTH = 240  # px of the choice chart's longest possible bar (a choice everyone picked)


def may_accept(user, question: Question) -> bool:
    return user.has_perm(Perm.CHANGE_QUESTION) and may_change(user, question) and question.type in items.ACCEPTS


def question_panel(question: Question, user) -> str:
    row = ItemStatistic.objects.filter(pk=question.pk).first()
    stats = stored.restore(question, row, list(question.choices.all()))
    samples = [(items.SCOPES[s], items.MODES[m], stats.samples[s, m]) for s in items.SCOPES for m in items.MODES]
    bars = [{"rate": c, "width": round(BAR_WIDTH * (c.rate or 0)), "y": 26 * i} for i, c in enumerate(stats.choices)]
    context = {
        "stats": stats,
        "stale": row is not None and row.generation != row.computed,
        "samples": samples,
        "bars": bars,
        "chart_height": 26 * len(bars),
        "bar_width": BAR_WIDTH,
        "min_sample": items.figures.MIN_SAMPLE,
        "can_accept": may_accept(user, question),
        "accept_url": reverse("admin:library_question_accept_answer", args=[question.pk]),
        # A key changed since answers were graded: how many marks an explicit regrade would change.
        "pending": _pending(question),
        "can_regrade": user.has_perm(Perm.PUBLISH_QUESTION),
        "regrade_url": reverse("admin:library_question_regrade", args=[question.pk]),
    }
    return render_to_string("admin/stats/question_panel.html", context)


def _pending(question: Question, fresh: bool = False) -> Regraded:
    """pending_regrade, worked out once per question object: the change page shows it twice (the
    note at the top, the panel's offer) and it grades every answer given under an earlier key."""
    if fresh:  # just saved: the object's prefetched choices are the ones from before the save
        return pending_regrade(Question.objects.prefetch_related("choices").get(pk=question.pk))
    if "_pending_regrade" not in question.__dict__:
        question.__dict__["_pending_regrade"] = pending_regrade(question)
    return question.__dict__["_pending_regrade"]


def regrade_note(question: Question, user, *, fresh: bool = False) -> str:
    """At the top of the change page and in the message after a save: a regrade waits, with a link
    to the panel's offer (the regrade itself is a POST there, beside what it will change)."""
    pending = _pending(question, fresh)
    if not pending.answers:
        return ""
    text = _(
        "The key has changed since learners answered: under the current key %(answers)s stored answer(s) of "
        "%(learners)s learner(s) would get another mark (%(lowered)s lower)."
    ) % {"answers": pending.answers, "learners": pending.learners, "lowered": pending.lowered}
    link = _("Regrade them…") if user.has_perm(Perm.PUBLISH_QUESTION) else _("See them; an editor can regrade them.")
    url = reverse("admin:library_question_change", args=[question.pk]) + "#regrade-offer"
    return format_html('{} <a class="regrade-link" href="{}">{}</a>', text, url, link)


def article_panel(article: Article) -> str:
    context = {"missed": missed_sentences(article), "min_sample": items.figures.MIN_SAMPLE}
    return render_to_string("admin/stats/article_panel.html", context)


@require_POST
def accept_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """One click from the statistics panel: the button's value is "<blank number>:<answer>" ("" for
    a short answer's blank number)."""
    question = get_object_or_404(Question, pk=pk)
    back = reverse("admin:library_question_change", args=[pk]) + "#item-statistics"
    if not may_accept(request.user, question):
        messages.error(request, _("You may not change this question's accepted answers."))
        return HttpResponseRedirect(back)
    blank, _sep, text = request.POST.get("accept", "").partition(":")
    try:
        number = int(blank) if blank.isascii() and blank.isdigit() else None
        result = accept_answer(question, text, blank=number, user=request.user)
    except NotAcceptable as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    messages.success(
        request,
        _("“%(answer)s” is now accepted; %(answers)d stored answer(s) in %(attempts)d attempt(s) were regraded.")
        % {"answer": text.strip(), "answers": result.answers, "attempts": result.attempts},
    )
    return HttpResponseRedirect(back)


@require_POST
def regrade_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """The explicit regrade the panel offers after a key change (editors only: it changes learners' marks)."""
    question = get_object_or_404(Question, pk=pk)
    back = reverse("admin:library_question_change", args=[pk]) + "#item-statistics"
    if not request.user.has_perm(Perm.PUBLISH_QUESTION):
        messages.error(request, _("Only editors may regrade learners' answers."))
        return HttpResponseRedirect(back)
    result = regrade_under_current_key(question, user=request.user)
    messages.success(
        request,
        _(
            "Regraded: %(answers)d answer(s) of %(learners)d learner(s) now have the mark the current key gives "
            "(%(lowered)d lower); each learner sees a note on the results."
        )
        % {"answers": result.answers, "learners": result.learners, "lowered": result.lowered},
    )
    return HttpResponseRedirect(back)


class AdminStatistics:
    """What library/item_statistics.py asks of a provider."""

    def for_questions(self, questions):
        return stored.for_questions(questions)

    def needing_attention(self, questions):
        return stored.needing_attention(questions)

    def question_panel(self, question, user):
        return question_panel(question, user)

    def regrade_note(self, question, user, *, fresh=False):
        return regrade_note(question, user, fresh=fresh)

    def article_panel(self, article):
        return article_panel(article)

    def admin_urls(self, admin_view) -> list:
        return [
            path("<int:pk>/accept-answer/", admin_view(accept_view), name="library_question_accept_answer"),
            path("<int:pk>/regrade/", admin_view(regrade_view), name="library_question_regrade"),
            path("statistics.csv", admin_view(statistics_csv), name="library_question_statistics_csv"),
        ]
