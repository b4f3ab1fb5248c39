from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from quizapp.decks.anki import build_apkg
from quizapp.decks.faces import faces
from quizapp.decks.models import Deck
from quizapp.library.models import QuestionType
from quizapp.web import HtmxHttpRequest, apkg_response, vary_on_htmx

PAGE_SIZE = 25


def deck_list(request: HttpRequest) -> HttpResponse:
    return render(request, "decks/deck_list.html", {"decks": Deck.objects.listing()})


def deck_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    deck = get_object_or_404(Deck.objects.for_listing(), slug=slug)
    page = Paginator(deck.questions().for_cards(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(question, faces(question)) for question in page]
    context = {"deck": deck, "page": page, "rows": rows}
    if request.htmx:
        # "More questions": only the next rows (and the next "more" link).
        response = render(request, "decks/deck_detail.html#question-rows", context)
    else:
        labels = dict(QuestionType.choices)
        by_type = deck.questions().order_by().values("type").annotate(n=Count("pk"))
        context["type_counts"] = sorted(((labels[row["type"]], row["n"]) for row in by_type), key=lambda t: -t[1])
        response = render(request, "decks/deck_detail.html", context)
    return vary_on_htmx(response)


def download(request: HttpRequest, slug: str) -> HttpResponse:
    """The deck as an Anki package. A GET: it only reads, and browsers can resume or retry it."""
    deck = get_object_or_404(Deck, slug=slug)
    content = build_apkg(deck)
    return apkg_response(content, deck.download_filename)
