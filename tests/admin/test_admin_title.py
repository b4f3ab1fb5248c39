"""Every admin page carries the project's own header and title, never Django's default ("Django
administration", "Django 管理"): the walk follows the admin's URL list, not a hand list, so a page
added later (a model, a custom view, a third-party app's) is walked too."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from quizapp.interop import import_jobs
from quizapp.library.comments import Comment, CommentKind
from quizapp.proposals.models import Proposal
from tests.factories import curated, make_fact, make_one_of_each_type, make_picked_deck

# Django's defaults in its own catalogues (base_site.html falls back to them without each_context).
DEFAULTS = ("Django administration", "Django site admin", "Django 管理", "Django 站点管理")
OBJECT_URL = re.compile(r"<(?:path|int):(?:object_id|pk|id)>")


def admin_routes() -> list[str]:
    """The admin's URL patterns as written, e.g. "admin/library/question/<int:pk>/retire/"."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return [r for r in found if r.startswith("admin/")]


def reachable_urls(user) -> list[str]:
    """Every admin page `user` may open: the site's pages, and for each registered model the user
    may view its list, add page, an object's change/history/delete pages and the model's own views."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = ["/admin/", "/admin/password_change/", "/admin/password_change/done/"]
    urls += [f"/admin/{app['app_label']}/" for app in admin.site.get_app_list(request)]
    routes = admin_routes()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        base = f"admin/{opts.app_label}/{opts.model_name}/"
        urls.append("/" + base)
        if model_admin.has_add_permission(request):
            urls.append(f"/{base}add/")
        obj = model_admin.get_queryset(request).order_by("pk").first()
        record = obj.history.order_by("history_id").first() if obj is not None and hasattr(obj, "history") else None
        if record is not None:  # simple_history's page of one past version (a regex route, filled here)
            urls.append(f"/{base}{obj.pk}/history/{record.history_id}/")
        for route in routes:
            own = route.startswith(base) and route != base and "^" not in route
            if not own or route.endswith(("add/", "<path:object_id>/")) or route == f"{base}preview/":
                continue
            if OBJECT_URL.search(route):
                if obj is not None:
                    urls.append("/" + OBJECT_URL.sub(str(obj.pk), route))
            elif "<" not in route:
                urls.append("/" + route)
    return urls


def problems_of(response, url: str, title: str) -> list[str]:
    if response.status_code >= 500:
        return [f"{url}: status {response.status_code}"]
    if not response.get("Content-Type", "").startswith("text/html"):
        return []  # a CSV download
    html = response.content.decode()
    found = [f"{url}: shows {d!r}" for d in DEFAULTS if d in html]
    if response.status_code == 200 and "<title>" in html and title not in html.split("</title>")[0]:
        found.append(f"{url}: title is not the project's")
    return found


@pytest.fixture
def library(client, author, editor):
    """One of everything an admin page shows: questions of each type, decks, a quiz, a proposal, a
    comment and a finished import job of the editor's."""
    questions = make_one_of_each_type(make_fact(restatement="研发投入"))
    make_picked_deck(questions)
    curated(questions)
    Comment.objects.create(question=questions[0], author=author, kind=CommentKind.COMMENT, text="请看第二个选项")
    Proposal.objects.create(
        question=questions[0], proposed_by=author, values={"prompt": "新题干"}, base_updated_at=questions[0].updated_at
    )
    return questions


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("who", ["editor", "author", "superuser"])
def test_every_admin_page_has_the_project_title(client, library, editor, author, settings, language, who):
    settings.LANGUAGE_CODE = language
    users = {"editor": editor, "author": author}
    user = users.get(who) or get_user_model().objects.create_superuser("root", password="pw-root")
    client.force_login(user)
    with translation.override(language):
        title = str(admin.site.site_title)
        job = import_jobs.start(
            user, "gift", b"::q1:: \xe7\xa0\x94\xe5\x8f\x91{=1 ~2}", article=None, picks={}, can_publish=True
        )
    urls = [*reachable_urls(user), "/admin/import/", f"/admin/import/{job}/", "/admin/no-such-page/"]
    assert len(urls) > 30  # the walk found the models' pages, not only the fixed ones
    problems: list[str] = []
    for url in urls:
        response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE=language)
        problems += problems_of(response, url, title)
    client.post("/admin/logout/")
    for url in ("/admin/login/", "/admin/logout/", "/admin/"):  # logged out: the log-in page
        response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE=language)
        problems += problems_of(response, url, title)
    assert problems == []


def test_the_walk_would_catch_a_page_without_the_sites_context(rf, editor):
    """The check itself: a page rendered from base_site.html without each_context shows Django's title."""
    from django.template.response import TemplateResponse

    request = rf.get("/admin/x/")
    request.user = editor
    with translation.override("en"):
        response = TemplateResponse(request, "admin/base_site.html", {"title": "x"}).render()
        assert problems_of(response, "/admin/x/", str(admin.site.site_title))
