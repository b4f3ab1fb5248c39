"""Downloads of questions in the interchange formats, and the admin's import with its preview."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from quizapp.accounts.roles import Perm
from quizapp.interop import import_jobs, importing, uploads
from quizapp.interop.exporting import EXPORTS, export, ready_export
from quizapp.interop.records import MAX_UPLOAD_BYTES, FormatError, export_scope, in_scope
from quizapp.library.models import Article, Tag
from quizapp.library.permissions import may_publish
from quizapp.params import MAX_INT, optional_number
from quizapp.prepared import file_response, waiting_page
from quizapp.web import HtmxHttpRequest, attachment_response, vary_on_htmx


def download_response(questions, fmt: str, stem: str) -> HttpResponse:
    content, extension, content_type = export(questions, fmt)
    return attachment_response(content, f"{stem}.{extension}", content_type)


def download(request: HtmxHttpRequest, fmt: str) -> HttpResponse:
    """GET /export/<fmt>?article=<id>&tag=<name>: published questions (and drafts for authors).
    One article's questions (about a hundred) are written in the request; the whole bank, or a tag
    across it, comes from the file the worker built for the bank as it stands, and while that is
    being built the page says so and asks again (htmx every few seconds, a refresh without JS)."""
    if fmt not in EXPORTS:
        raise Http404
    scope, tag, stem = export_scope(request.user), request.GET.get("tag", ""), "quizapp-questions"
    if (article := optional_number(request.GET, "article")) is not None:
        found = get_object_or_404(Article.objects.listed(), pk=article)
        questions, stem = in_scope(scope).for_article(found), f"quizapp-article-{found.pk}"
        if tag:
            questions, stem = questions.filter(tags__name=tag), f"{stem}-{tag}"
        return download_response(questions, fmt, stem)
    if tag:  # only tags that exist: a made-up one must not make the worker build a file
        get_object_or_404(Tag.objects.only("pk"), name=tag)
        stem = f"{stem}-{tag}"
    path = ready_export(fmt, scope, tag)
    context = {"download_url": request.get_full_path(), "format": fmt}
    if waiting := waiting_page(request, path, "interop/preparing.html", context):
        return waiting
    return vary_on_htmx(file_response(path, f"{stem}.{EXPORTS[fmt][1]}", EXPORTS[fmt][2]))


def _read(content: bytes, fmt: str):
    try:
        return importing.parse(content, fmt), ""
    except FormatError as exc:
        return None, str(exc)


@staff_member_required
def import_questions(request: HttpRequest) -> HttpResponse:
    """Upload → preview (created / updated / refused, proposed facts) → confirm → written by the worker."""
    if not request.user.has_perm(Perm.ADD_QUESTION):
        raise Http404
    articles = Article.objects.listed()
    # The admin's own pages get its header, title and links from each_context: without it they showed Django's.
    context = {**admin.site.each_context(request), "title": _("Import questions")}
    context |= {"articles": articles, "formats": list(importing.READERS)}
    if request.method != "POST":
        return render(request, "interop/import.html", context)
    article = articles.filter(pk=optional_number(request.POST, "article") or 0).first()
    token = request.POST.get("upload", "")
    if token:
        kept = uploads.fetch(request.user.pk, token)
        if kept is None:
            messages.error(request, _("The preview expired; upload the file again."))
            return redirect("interop:import")
        fmt, content = kept
    else:
        upload, fmt = request.FILES.get("file"), request.POST.get("format", "")
        if upload is None or upload.size > MAX_UPLOAD_BYTES:
            context["error"] = _("Choose a file of at most %(kb)d KB.") % {"kb": MAX_UPLOAD_BYTES // 1024}
            return render(request, "interop/import.html", context, status=400)
        content = upload.read()
    parsed, error = _read(content, fmt)
    if error:
        context["error"] = error
        return render(request, "interop/import.html", context, status=400)
    picks = {
        key.removeprefix("anchor-"): optional_number(request.POST, key, minimum=0, maximum=MAX_INT)
        for key in request.POST
        if key.startswith("anchor-") and request.POST.get(key) and request.POST.get("confirm-" + key[7:])
    }
    plan = importing.plan(parsed, article=article, can_publish=may_publish(request.user), picks=picks)
    if request.POST.get("write") and plan.accepted:
        # The worker writes it (in one transaction); the preview's upload goes with it.
        job = import_jobs.start(
            request.user, fmt, content, article=article, picks=picks, can_publish=may_publish(request.user)
        )
        uploads.discard(token)
        return redirect("interop:import-job", job=job)
    # The file stays on the server (not in the page) until the import is confirmed or expires.
    token = token or uploads.keep(request.user.pk, fmt, content)
    context.update(plan=plan, upload=token, article=article, fmt=fmt)
    return render(request, "interop/import.html", context)


@staff_member_required
def import_job(request: HtmxHttpRequest, job: str) -> HttpResponse:
    """The confirmed import: waiting for the worker (htmx asks again), then its report or its error."""
    state = import_jobs.status(request.user.pk, job)
    if state is None:
        raise Http404
    context = {**admin.site.each_context(request), "title": _("Import questions")}
    context |= {"job": state, "refresh_url": request.path}
    if state["state"] == import_jobs.DONE:
        counts = {"created": state["created"], "updated": state["updated"], "refused": len(state["refused"])}
        context["report"] = _("Imported: %(created)d created, %(updated)d updated, %(refused)d refused.") % counts
    template = "interop/import_job.html#job-status" if request.htmx else "interop/import_job.html"
    return vary_on_htmx(render(request, template, context))
