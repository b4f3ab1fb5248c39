"""Import article files into the library: one file, one transaction, one reported outcome."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from quizapp.library.columns import column_problem
from quizapp.library.models import Article, Drift, Fact, Paragraph, Tag
from quizapp.library.parsing import ParsedArticle, UnusableFile, parse_article
from quizapp.library.quotes import quote_occurrences

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
MAX_BYTES = 5 * 1024 * 1024


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class ImportResult:
    path: Path
    outcome: Outcome
    detail: str = ""
    article: Article | None = None


# Articles imported from a file without an id of their own get one derived from the file name, so
# every clone that imports seeds/ gives the same article the same id.
ARTICLE_ID_NAMESPACE = uuid.UUID("5b1f7a8e-3c0d-4d6e-9a51-6f0c2b7e9d14")


def article_id_for(source_file: str) -> uuid.UUID:
    return uuid.uuid5(ARTICLE_ID_NAMESPACE, source_file)


def collect_paths(paths: list[Path]) -> tuple[list[Path], list[ImportResult]]:
    """Expand folders into their article files; a path that yields nothing is a failure."""
    files: list[Path] = []
    failures: list[ImportResult] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
            )
            if not found:
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                reason = _("the folder holds no article files (%(suffixes)s)") % {"suffixes": suffixes}
                failures.append(ImportResult(path, Outcome.FAILED, reason))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            failures.append(ImportResult(path, Outcome.FAILED, _("no such file or folder")))
    return _refuse_name_clashes(files, failures)


def _refuse_name_clashes(files: list[Path], failures: list[ImportResult]) -> tuple[list[Path], list[ImportResult]]:
    """An article is known by its file name: two files of one name would overwrite each other, so neither goes in."""
    by_name: dict[str, list[Path]] = {}
    for path in dict.fromkeys(files):  # the same file named twice is one file
        by_name.setdefault(path.name, []).append(path)
    kept = []
    for name, paths in by_name.items():
        if len(paths) == 1:
            kept.append(paths[0])
            continue
        for path in paths:
            others = ", ".join(str(p) for p in paths if p != path)
            reason = _("%(name)s is also the name of %(others)s; rename one") % {"name": name, "others": others}
            failures.append(ImportResult(path, Outcome.FAILED, reason))
    return kept, failures


def import_article(path: Path) -> ImportResult:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ImportResult(path, Outcome.FAILED, _("cannot read the file (%(error)s)") % {"error": exc.strerror})
    return import_bytes(raw, path.name, path=path)


def read_article(raw: bytes, name: str) -> ParsedArticle:
    """The article a file (or a pasted text) would become, checked as an import checks it; raises
    UnusableFile with the reason. The admin shows this to an editor before anything is stored."""
    if len(raw) > MAX_BYTES:
        raise UnusableFile(_("the file is larger than %(size)d MB") % {"size": MAX_BYTES // 1024 // 1024})
    parsed = parse_article(raw, name)
    _check_fits(parsed)
    if parsed.article_id:
        try:
            uuid.UUID(parsed.article_id)
        except ValueError:
            message = _("the front matter's id %(id)s is not a UUID")
            raise UnusableFile(message % {"id": repr(parsed.article_id[:40])}) from None
    return parsed


def import_bytes(
    raw: bytes, name: str, *, path: Path | None = None, article: Article | None = None, new_id: uuid.UUID | None = None
) -> ImportResult:
    """Import one article's bytes: the one path for import_articles and the admin (pasted text or an
    upload). `article` replaces that article's text, with the drift handling of a re-import; `new_id`
    is the id a new article gets when its text names none."""
    folder = str(path.parent.resolve()) if path is not None else ""  # a pasted text or an upload has none
    path = path or Path(name)
    try:
        parsed = read_article(raw, name)
    except UnusableFile as exc:
        return ImportResult(path, Outcome.FAILED, str(exc))
    try:
        return _store(path, folder, parsed, hashlib.sha256(raw).hexdigest(), article, new_id)
    except UnusableFile as exc:
        return ImportResult(path, Outcome.FAILED, str(exc))
    except DatabaseError as exc:  # what the checks above did not foresee: this file fails, the run goes on
        reason = _("the database refused it (%(error)s)") % {"error": str(exc).strip().splitlines()[0]}
        return ImportResult(path, Outcome.FAILED, reason)


def _check_fits(parsed: ParsedArticle) -> None:
    """Every value fits its column: a one-line reason here rather than a DataError from the database."""
    for name, value in _metadata(parsed).items():
        if problem := column_problem(Article, name, value):
            raise UnusableFile(
                _("the %(field)s %(problem)s")
                % {"field": Article._meta.get_field(name).verbose_name, "problem": problem}
            )
    for tag in parsed.tags:
        if problem := column_problem(Tag, "name", tag):
            raise UnusableFile(_("the tag %(tag)s %(problem)s") % {"tag": repr(tag[:40]), "problem": problem})


def _store(
    path: Path, folder: str, parsed: ParsedArticle, digest: str, target: Article | None, new_id: uuid.UUID | None
) -> ImportResult:
    with transaction.atomic():
        article = _same_article(path.name, folder, parsed, digest, target)
        if article is None:
            article_id = parsed.article_id or new_id or article_id_for(path.name)
            article = _create(path.name, parsed, digest, article_id)
            _note_folder(article, folder)
            detail = _("%(count)d paragraphs") % {"count": len(parsed.paragraphs)}
            return ImportResult(path, Outcome.CREATED, detail, article)
        same = _("the same article as %(file)s") % {"file": article.source_file}
        renamed = same if article.source_file != path.name else ""
        if article.content_hash == digest:
            return ImportResult(path, Outcome.UNCHANGED, renamed, article)
        detail = _update(article, parsed, digest)
        return ImportResult(path, Outcome.UPDATED, "; ".join(filter(None, [renamed, detail])), article)


def _same_article(name: str, folder: str, parsed: ParsedArticle, digest: str, target: Article | None) -> Article | None:
    """The article this text is a version of: the one being replaced, the one its front matter names,
    the one from a file of this name in the same folder, or — a renamed file without an id — the one
    with the same text. A text that names its id is that article alone, even when another has the
    same words. A file named like an article from another folder is refused (UnusableFile) unless
    its text is that article's: the name alone never decides (issue 19)."""
    articles = Article.objects.select_for_update()
    if target is not None:
        return articles.get(pk=target.pk)
    if parsed.article_id and (found := articles.filter(uuid=parsed.article_id).first()):
        return found
    if found := articles.filter(source_file=name).first():
        if parsed.article_id or not _elsewhere(found, folder) or found.content_hash == digest:
            _note_folder(found, folder)  # a clone moved elsewhere: its unchanged files follow it
            return found
        message = _(
            "%(name)s is the file name of the article “%(title)s”, imported from %(folder)s; this file in %(here)s "
            "has another text. To update that article from here, put its id in the front matter (id: %(id)s); "
            "to add a new article, rename the file"
        )
        raise UnusableFile(
            message
            % {"name": name, "title": found.title, "folder": found.source_folder, "here": folder, "id": found.uuid}
        )
    if parsed.article_id:
        return None
    return articles.filter(Q(content_hash=digest) | Q(body=parsed.body)).order_by("pk").first()


def _elsewhere(article: Article, folder: str) -> bool:
    """Whether the file comes from another folder than the article's (an article from the admin, or
    imported before folders were kept, has none: the file of its name is it, as before)."""
    return bool(folder and article.source_folder and article.source_folder != folder)


def _note_folder(article: Article, folder: str) -> None:
    if folder and article.source_folder != folder:
        Article.objects.filter(pk=article.pk).update(source_folder=folder)  # no history row: not an edit
        article.source_folder = folder


def _metadata(parsed: ParsedArticle) -> dict[str, object]:
    return {
        "title": parsed.title,
        "author": parsed.author,
        "byline": parsed.byline,
        "publisher": parsed.publisher,
        "published_on": parsed.published_on,
        "source_url": parsed.source_url,
    }


def _create(source_file: str, parsed: ParsedArticle, digest: str, article_id: uuid.UUID | str) -> Article:
    article = Article.objects.create(
        uuid=article_id,
        source_file=source_file,
        content_hash=digest,
        body=parsed.body,
        script=parsed.script,
        truncated=parsed.truncated,
        title_is_provisional=parsed.title_is_provisional,
        **_metadata(parsed),
    )
    article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in parsed.tags])
    _write_paragraphs(article, parsed)
    return article


def _update(article: Article, parsed: ParsedArticle, digest: str) -> str:
    changes = []
    for name, value in _metadata(parsed).items():
        if name not in article.edited_fields and getattr(article, name) != value:
            setattr(article, name, value)
            changes.append(name)
    if "title" not in article.edited_fields:
        article.title_is_provisional = parsed.title_is_provisional
    body_changed = article.body != parsed.body
    article.body = parsed.body
    article.script = parsed.script
    article.truncated = parsed.truncated
    article.content_hash = digest
    article.save()
    if "tags" not in article.edited_fields:
        article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in parsed.tags])
    parts = []
    if body_changed:
        _write_paragraphs(article, parsed)
        relocated, flagged = _follow_facts(article)
        parts.append(_("body changed"))
        if relocated:
            parts.append(_("%(count)d fact(s) relocated") % {"count": relocated})
        if flagged:
            parts.append(_("%(count)d fact(s) flagged for authors") % {"count": flagged})
    if changes:
        parts.append(_("metadata: %(fields)s") % {"fields": ", ".join(changes)})
    return "; ".join(parts) or _("file changed, text and metadata the same")


def _write_paragraphs(article: Article, parsed: ParsedArticle) -> None:
    article.paragraphs.all().delete()
    rows, offset = [], 0
    for number, text in enumerate(parsed.paragraphs, 1):
        rows.append(Paragraph(article=article, number=number, start=offset, end=offset + len(text), text=text))
        offset += len(text) + 2
    Paragraph.objects.bulk_create(rows)


def _follow_facts(article: Article) -> tuple[int, int]:
    """After the body changed: keep, relocate or flag each fact, so none is silently orphaned."""
    relocated = flagged = 0
    body = article.body
    for fact in Fact.objects.filter(article=article):
        spans = quote_occurrences(body, fact.quote)
        if (fact.start, fact.end) in spans:
            fact.drift, fact.drift_note = Drift.OK, ""
        elif len(spans) == 1:
            fact.start, fact.end = spans[0]
            fact.drift, fact.drift_note = Drift.RELOCATED, "The article changed; the quote was found elsewhere."
            relocated += 1
        else:
            fact.drift = Drift.FLAGGED
            fact.drift_note = (
                "The article changed and the quote no longer occurs in it."
                if not spans
                else f"The article changed and the quote now occurs {len(spans)} times; pick one."
            )
            flagged += 1
        fact.paragraph = article.paragraph_at(fact.start) if fact.start <= len(body) else fact.paragraph
        fact.save(update_fields=["start", "end", "paragraph", "drift", "drift_note", "updated_at"])
    return relocated, flagged
