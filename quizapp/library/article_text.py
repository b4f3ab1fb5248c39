"""Articles from the browser: a pasted text or an uploaded file goes through the parser and the store
of `import_articles` (importer.read_article, importer.import_bytes), shown to the editor first."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizapp.library.importer import ARTICLE_SUFFIXES, Outcome, import_bytes, read_article
from quizapp.library.models import Article
from quizapp.library.parsing import UnusableFile


class ArticleTextForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Article text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
        help_text=gettext_lazy(
            "Paste the whole article; a header (标题：…, 作者：…) or YAML front matter is read as import_articles does."
        ),
    )
    upload = forms.FileField(
        label=gettext_lazy("or a file"),
        required=False,
        help_text=gettext_lazy("A UTF-8 .txt or .md file."),
    )
    # The digest of the text the editor saw in the preview: confirming adds exactly that text.
    checked = forms.CharField(required=False, widget=forms.HiddenInput)
    # An upload's file name, kept through the confirmation: the article's name in the repository.
    upload_name = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name  # the article's file name when replacing; a new one's comes from the upload

    def clean(self):
        data = super().clean()
        upload, text = data.get("upload"), data.get("text") or ""
        if upload is not None and text.strip():
            raise forms.ValidationError(_("Paste a text or choose a file, not both."))
        name = PurePath(upload.name if upload is not None else data.get("upload_name") or "").name
        if name and PurePath(name).suffix.lower() not in ARTICLE_SUFFIXES:
            raise forms.ValidationError(_("Choose a .txt or .md file."))
        raw = upload.read() if upload is not None else text.replace("\r\n", "\n").encode("utf-8")
        if not raw.strip():
            raise forms.ValidationError(_("Paste the article's text or choose a .txt or .md file."))
        try:
            data["parsed"] = read_article(raw, self.name or name or "pasted.txt")
        except UnusableFile as exc:
            raise forms.ValidationError(_("This text cannot become an article: %(reason)s") % {"reason": exc}) from None
        # From here on the upload travels as text, so the confirmation needs no second upload.
        data["text"] = raw.decode("utf-8-sig")
        data["raw"], data["upload_name"] = data["text"].encode("utf-8"), name
        data["digest"] = hashlib.sha256(data["raw"]).hexdigest()
        return data


def article_text_view(request: HttpRequest, admin_site, article: Article | None = None) -> HttpResponse:
    """Add an article (article=None) or replace one's text: preview what the parser found, then store it."""
    name = article.source_file if article else ""
    form = ArticleTextForm(request.POST or None, request.FILES or None, name=name)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST and data["checked"] == data["digest"]:
            return _store(request, article, data)
        preview = data["parsed"]
        # Show what will be stored, with the text in the box and the digest of what was shown.
        shown = {"text": data["text"], "checked": data["digest"], "upload_name": data["upload_name"]}
        form = ArticleTextForm(initial=shown, name=name)
    title = _("Replace the text of “%(title)s”") % {"title": article.title} if article else _("Add an article")
    context = {
        **admin_site.each_context(request),
        "title": title,
        "form": form,
        "preview": preview,
        "article": article,
        "opts": Article._meta,
    }
    return render(request, "admin/library/article/text_form.html", context)


def _store(request: HttpRequest, article: Article | None, data: dict) -> HttpResponse:
    if article is None:
        new_id = uuid.uuid4()
        # A pasted text lives in the repository under its id; an upload keeps its file's name.
        name = data["upload_name"] or f"{new_id}.txt"
        clash = Article.objects.filter(source_file=name).first()
        if clash is not None:
            messages.error(request, _("An article from a file of this name exists: replace its text from its page."))
            return HttpResponseRedirect(reverse("admin:library_article_change", args=[clash.pk]))
        result = import_bytes(data["raw"], name, new_id=new_id)
    else:
        result = import_bytes(data["raw"], article.source_file, article=article)
    if result.outcome == Outcome.FAILED:
        messages.error(request, _("Nothing was stored: %(reason)s") % {"reason": result.detail})
        return HttpResponseRedirect(request.path)
    if result.outcome == Outcome.CREATED:
        messages.success(request, _("Article added: %(detail)s.") % {"detail": result.detail})
    elif article is None:  # the text of an article already in the library: it is not added twice
        messages.warning(request, _("This text is already in the library as this article; nothing was added."))
    else:
        messages.success(request, _("Text replaced: %(detail)s.") % {"detail": result.detail or _("unchanged")})
    return HttpResponseRedirect(reverse("admin:library_article_change", args=[result.article.pk]))
