from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from quizapp.accounts.learners import current_learner_id
from quizapp.accounts.throttle import endpoint_wait, wait_message
from quizapp.decks.faces import faces
from quizapp.decks.models import Deck, attach_question_counts, attach_withheld_counts
from quizapp.decks.packages import package_response, ready_package
from quizapp.errors import too_many_requests
from quizapp.library.context_processors import SCRIPT_CHOICES, reading_script
from quizapp.library.models import QuestionType
from quizapp.library.revealed import EXAM_HOLDS_DECK, withheld_question_ids
from quizapp.paging import page_of
from quizapp.prepared import waiting_page
from quizapp.web import HtmxHttpRequest, vary_on_htmx

PAGE_SIZE = 25


def deck_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, Deck.objects.in_listing_order())
    decks = attach_question_counts(list(page))
    # Every published question is listed; those of an exam the learner has open are studied after it.
    attach_withheld_counts(decks, withheld_question_ids(current_learner_id(request)))
    return render(request, "decks/deck_list.html", {"decks": decks, "page": page})


def deck_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    deck = get_object_or_404(Deck.objects.with_source().with_library_version(), slug=slug)
    by_type = deck.type_counts()  # 全部题目's from the cache: counting every live question took ~25 ms at L
    deck.question_count = sum(by_type.values())
    paginator = Paginator(deck.questions().for_cards(), PAGE_SIZE)
    paginator.count = deck.question_count  # known: the paginator need not count the deck again
    page = paginator.get_page(request.GET.get("page"))
    rows = [(question, faces(question)) for question in page]
    context = {"deck": deck, "page": page, "rows": rows}
    if request.htmx:
        # "More questions": only the next rows (and the next "more" link).
        response = render(request, "decks/deck_detail.html#question-rows", context)
    else:
        attach_withheld_counts([deck], withheld_question_ids(current_learner_id(request)))
        labels = dict(QuestionType.choices)
        context["type_counts"] = sorted(((labels[kind], n) for kind, n in by_type.items()), key=lambda t: -t[1])
        response = render(request, "decks/deck_detail.html", context)
    return vary_on_htmx(response)


def download(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The deck as an Anki package, from the file built for its current content. While that is
    being built the page says so and asks again (htmx every few seconds, a refresh without JS).
    A GET: it only reads, and browsers can resume or retry it."""
    deck = get_object_or_404(Deck, slug=slug)
    # The text in 原文, 简体 or 繁體: ?script=, else the reader's preference (display only, as on the pages).
    script = request.GET.get("script") or reading_script(request)
    if script not in SCRIPT_CHOICES:
        return HttpResponseBadRequest(_("Unknown script; choose original, zh-Hans or zh-Hant."))
    path = ready_package(deck, script)
    # The waiting page asks again for the same script: the one asked for, or the preference it follows.
    query = f"?script={script}" if "script" in request.GET else ""
    context = {"deck": deck, "download_url": deck.get_download_url() + query}
    if waiting := waiting_page(request, path, "decks/preparing.html", context):
        return waiting
    if wait := endpoint_wait(request, "download"):  # only sending the file counts, not asking if it is ready
        return too_many_requests(wait, wait_message(wait))
    if deck.holds_any(withheld_question_ids(current_learner_id(request))):
        return HttpResponse(EXAM_HOLDS_DECK, status=409, content_type="text/plain; charset=utf-8")
    filename = deck.download_filename
    if script != "original":  # both can sit side by side in a downloads folder
        filename = filename.removesuffix(".apkg") + f"-{script}.apkg"
    return vary_on_htmx(package_response(path, filename))
