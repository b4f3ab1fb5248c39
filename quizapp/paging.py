"""Lists a person pages through (home, articles, decks, study): a fixed number of rows a page, so a
page costs the same whatever the size of the library (issue 18). Figures that need joins (counts)
are worked out for the page's rows only, never for the whole list."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 20


def page_of(request: HttpRequest, items, per_page: int = PER_PAGE) -> Page:
    """The page `?page=` asks for. A number past the end gives the last page and anything else the
    first (Paginator.get_page): a link that outlived its page still lands somewhere sensible."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def figured(ids: QuerySet, annotated: QuerySet) -> list:
    """The rows of `annotated` (a queryset with counts, in the list's order) whose ids `ids` selects — a
    page of `values_list("pk", flat=True)` — in one statement (the ids as a subquery), whose cost is a
    page's, not the library's."""
    return list(annotated.filter(pk__in=ids))
