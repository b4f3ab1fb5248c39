from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizapp.accounts.learners import current_learner, current_learner_id
from quizapp.decks.faces import faces
from quizapp.decks.models import Deck, attach_question_counts
from quizapp.library.models import with_article_heading
from quizapp.library.revealed import withheld_question_ids
from quizapp.paging import page_of
from quizapp.params import optional_number
from quizapp.study import queue
from quizapp.study.forms import ReviewForm
from quizapp.study.models import CardState, LearnerRef, Rating, ReviewLog, ReviewOutcome, review
from quizapp.web import HtmxHttpRequest, vary_on_htmx

TEMPLATE = "study/deck.html"


def index(request: HtmxHttpRequest) -> HttpResponse:
    learner = current_learner_id(request)
    now = timezone.now()
    page = page_of(request, Deck.objects.in_listing_order())
    # A deck without published questions has nothing to study; it is left out of its page.
    decks = [deck for deck in attach_question_counts(list(page)) if deck.question_count]
    counts = queue.deck_counts(learner, decks, now)
    rows = [(deck, counts[deck.pk]) for deck in decks]
    context = {"rows": rows, "has_decks": bool(rows) or page.number > 1, "page": page}
    return render(request, "study/index.html", context)


def _deck_or_404(slug: str) -> Deck:
    return get_object_or_404(Deck.objects.with_question_counts(), slug=slug)


def _render(
    request: HtmxHttpRequest,
    deck: Deck,
    learner: LearnerRef,
    now: datetime,
    *,
    card: queue.StudyCard | None = None,
    side: str = "front",
    status: str = "",
    chosen: bool = False,
) -> HttpResponse:
    counts = queue.deck_counts(learner, [deck], now)[deck.pk]
    if not chosen:
        card = queue.next_card(learner, deck, counts, now)
    context = {
        "deck": deck,
        "counts": counts,
        "card": card,
        "side": side,
        "status": status,
        "forecast": queue.forecast(learner, deck, now),
        "next_due": None if card else queue.next_due(learner, deck),
        "new_per_day": queue.NEW_PER_DAY,
        "now": now,
        "oob": bool(request.htmx),
    }
    template = f"{TEMPLATE}#htmx-update" if request.htmx else TEMPLATE
    response = render(request, template, context)
    return vary_on_htmx(response)


def deck(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The next card's front; `?card=<question id>&side=back` shows a card's back (the no-JS flip)."""
    deck = _deck_or_404(slug)
    learner = current_learner_id(request)  # nothing is made on GET: someone new just sees new cards
    now = timezone.now()
    chosen = optional_number(request.GET, "card")
    if chosen is None:
        return _render(request, deck, learner, now)
    if chosen in withheld_question_ids(learner):  # its back would answer a question of the open exam
        return _render(
            request,
            deck,
            learner,
            now,
            status=_("That card is in the exam you have open; it comes back once the exam is over."),
        )
    card = queue.chosen_card(learner, deck, chosen, now)
    if card is None:
        raise Http404(_("This deck has no such card."))
    side = "back" if request.GET.get("side") == "back" else "front"
    return _render(request, deck, learner, now, card=card, side=side, chosen=True)


def _status(outcome: ReviewOutcome, rating: int) -> str:
    if not outcome.reviewed:
        return _("That card was already rated; here is the next one.")
    return _("%(rating)s: next review in %(interval)s.") % {
        "rating": Rating(rating).label,
        "interval": queue.short_interval(outcome.state.due - outcome.state.last_review),
    }


@require_POST
def rate(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    deck = _deck_or_404(slug)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # 422 as for any invalid form; study.js shows the text (htmx swaps nothing on errors).
        return HttpResponse(form.error_text(), status=422, content_type="text/plain; charset=utf-8")
    question = get_object_or_404(deck.questions(), pk=form.cleaned_data["question"])
    learner = current_learner(request, create=True)
    rating = form.cleaned_data["rating"]
    outcome = review(learner, question, rating, seen_reps=form.cleaned_data["reps"])
    status = _status(outcome, rating)
    if not request.htmx:
        messages.info(request, status)
        return redirect(deck.get_study_url())
    return _render(request, deck, learner, timezone.now(), status=status)


def card_history(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    learner = current_learner_id(request)
    state = get_object_or_404(
        with_article_heading(CardState.objects.owned_by(learner), "question__fact__article"),
        pk=pk,
    )
    logs = ReviewLog.objects.owned_by(learner).filter(question=state.question_id)
    context = {"state": state, "face": faces(state.question), "logs": logs, "now": timezone.now()}
    return render(request, "study/card.html", context)
