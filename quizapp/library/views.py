from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizapp.accounts.learners import current_learner_id
from quizapp.library.context_processors import SCRIPT_CHOICES, SCRIPT_COOKIE, reading_script
from quizapp.library.models import Article, Drift, Fact
from quizapp.library.revealed import withheld_question_ids
from quizapp.library.scripts import convert
from quizapp.paging import figured, page_of
from quizapp.params import optional_number

ONE_YEAR = 365 * 24 * 3600


def article_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, Article.objects.listed().values_list("pk", flat=True))
    articles = figured(page.object_list, Article.objects.with_counts().order_by("source_file"))
    return render(request, "library/article_list.html", {"articles": articles, "page": page})


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The page is built from the paragraph rows: the body itself is never read.
    article = get_object_or_404(Article.objects.listed().prefetch_related("tags", "paragraphs"), pk=pk)
    script = reading_script(request)
    highlight = _highlighted_fact(request, article)
    # A flagged fact's offsets now cover other text: highlighting them would show a false source.
    stale = highlight is not None and highlight.drift == Drift.FLAGGED
    in_exam = _asked_in_open_exam(request, highlight)
    if stale or in_exam:
        highlight = None

    def show(text: str) -> str:
        return text if script == "original" else convert(text, script)

    paragraphs = []
    for p in article.paragraphs.all():
        if highlight and highlight.paragraph == p.number:
            cut_start, cut_end = highlight.start - p.start, highlight.end - p.start
            parts = (show(p.text[:cut_start]), show(p.text[cut_start:cut_end]), show(p.text[cut_end:]))
            paragraphs.append({"number": p.number, "anchor": p.anchor, "parts": parts})
        else:
            paragraphs.append({"number": p.number, "anchor": p.anchor, "text": show(p.text)})
    context = {
        "article": article,
        "title": show(article.title),
        "paragraphs": paragraphs,
        "highlight": highlight,
        "stale_highlight": stale,
        "highlight_in_exam": in_exam,
    }
    return render(request, "library/article_detail.html", context)


def _highlighted_fact(request: HttpRequest, article: Article) -> Fact | None:
    fact_id = optional_number(request.GET, "hl")
    if fact_id is None:
        return None
    return Fact.objects.filter(article=article, pk=fact_id).first()


def _asked_in_open_exam(request: HttpRequest, fact: Fact | None) -> bool:
    """Marking a quote shows the answer of a cloze or short answer on it: not while an exam of this
    learner asks a question on that fact."""
    withheld = withheld_question_ids(current_learner_id(request)) if fact is not None else set()
    return bool(withheld) and fact.questions.filter(pk__in=withheld).exists()


@require_POST
def set_script(request: HttpRequest) -> HttpResponse:
    """Remember the learner's reading script in a cookie, so it holds without an account."""
    script = request.POST.get("script", "")
    if script not in SCRIPT_CHOICES:
        return HttpResponseBadRequest(_("Unknown script; choose original, zh-Hans or zh-Hant."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    response.set_cookie(SCRIPT_COOKIE, script, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    return response
