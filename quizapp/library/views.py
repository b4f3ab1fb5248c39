from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizapp.library.context_processors import SCRIPT_CHOICES, SCRIPT_COOKIE, reading_script
from quizapp.library.models import Article, Drift, Fact
from quizapp.library.scripts import convert
from quizapp.paging import figured, page_of

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
    if stale:
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
    }
    return render(request, "library/article_detail.html", context)


def _highlighted_fact(request: HttpRequest, article: Article) -> Fact | None:
    raw = request.GET.get("hl", "")
    if not raw.isdigit():
        return None
    return Fact.objects.filter(article=article, pk=int(raw)).first()


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
