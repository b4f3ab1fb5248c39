"""Anki packages (.apkg) built with genanki: one note per question, updated in place on re-import.

Whatever is downloaded (an article's deck, 全部题目, a tag or a hand-picked deck), every card
lands in its article's subdeck `全部题目::<article title>`. Anki keeps one copy of a note and,
on a later import, leaves its cards where they are: if different downloads put the same note in
different decks, the order of imports would decide where it lives. With one home per note,
any order of imports ends in the same place and 全部题目 counts every card once.

What keeps a learner's Anki history intact across exports:
- fixed note-type IDs (anki_models.py) and deck IDs derived from the article's seed file;
- the note GUID comes from the question's UUID, so the same question is the same note;
- the note's modification time is the question's own `updated_at` (or its fact's or article's,
  if later, since the Source field shows them): Anki replaces a note on import only when the
  incoming one is newer, so an edit travels and nothing else changes.
Authored text is never trusted as HTML: every field is escaped before markup is added.
"""

from __future__ import annotations

import contextlib
import html
import io
import itertools
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import genanki
from django.conf import settings
from django.db.models import Prefetch

from quizapp.decks.anki_models import BASIC, CHOICE, CLOZE, TRUE_FALSE
from quizapp.decks.faces import Faces, faces
from quizapp.decks.models import ALL_NAME, ALL_SLUG, Deck, anki_deck_id_for, article_deck_slug
from quizapp.library.context_processors import in_script
from quizapp.library.models import Article, Fact, Question, QuestionQuerySet, QuestionType, Tag

DECK_ROOT = "quizapp"  # the tag every note carries
TOP_DECK_ID = anki_deck_id_for(ALL_SLUG)
_SPACES = re.compile(r"\s+")


class QuestionNote(genanki.Note):
    """A genanki note stamped with its question's edit time instead of the export time."""

    def __init__(self, *, modified: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.modified = modified

    def write_to_db(self, cursor, timestamp: float, deck_id: int, id_gen) -> None:
        # genanki passes the export time down to the note (and its cards) as their `mod`.
        # An unchanged question must keep its stamp or Anki would re-apply it on every import.
        super().write_to_db(cursor, self.modified, deck_id, id_gen)

    def _check_invalid_html_tags_in_fields(self) -> None:
        # Every field is escaped text plus markup we write ourselves (see _html), so genanki's
        # per-field regex scan has nothing to find; skipping it saves ~5% of a large export.
        return


def anki_tag(text: str) -> str:
    """Anki separates tags with spaces, so a tag cannot hold one."""
    return _SPACES.sub("_", text.strip())


def article_deck_name(title: str) -> str:
    # "::" in a title would nest the deck one level deeper than meant.
    return f"{ALL_NAME}::{_SPACES.sub(' ', title).replace('::', '：').strip() or 'deck'}"


def article_deck_id(article: Article) -> int:
    # From the seed file (as the app's own article deck): the same on every server and after a rename.
    return anki_deck_id_for(article_deck_slug(article))


def _html(text: str) -> str:
    # html.escape is what django.utils.html.escape runs; called directly it skips the lazy-string
    # and SafeString wrapping, which cost ~15% of a 10,000-note export.
    return html.escape(text).replace("\n", "<br>")


def _choice_lists(question: Question, face: Faces, shown: Callable[[str], str]) -> tuple[str, str]:
    """The options as the front shows them, and as the back shows them (right ones marked)."""
    hint = '<p class="qz-hint">多选：选出所有正确的选项</p>' if question.type == QuestionType.MULTIPLE_RESPONSE else ""
    texts = [(_html(shown(c.text)), c.correct) for c in face.choices]
    plain = "".join(f"<li>{text}</li>" for text, _correct in texts)
    marked = "".join(
        f'<li class="qz-correct"><span class="qz-mark">✓</span>{text}</li>'
        if correct
        else f'<li><span class="qz-mark"></span>{text}</li>'
        for text, correct in texts
    )
    return f'{hint}<ol class="qz-choices" type="A">{plain}</ol>', f'<ol class="qz-choices" type="A">{marked}</ol>'


class _ArticleInfo:
    __slots__ = ("deck", "tag", "title", "updated_at", "url")

    def __init__(self, article: Article, base_url: str) -> None:
        self.tag = "article::" + anki_tag(Path(article.source_file).stem or f"{article.pk}")
        self.title = _html(article.title)
        self.updated_at = article.updated_at
        self.url = base_url + article.get_absolute_url()
        link = f'<a href="{html.escape(self.url)}">{self.title}</a>'
        self.deck = genanki.Deck(article_deck_id(article), article_deck_name(article.title), description=link)


class NoteBuilder:
    """Turns questions into genanki notes; caches what is shared by the questions of an article."""

    def __init__(self, base_url: str | None = None, script: str = "original") -> None:
        self.base_url = (base_url or settings.SITE_URL).rstrip("/")
        self.script = script
        self._articles: dict[int, _ArticleInfo] = {}
        self._sources: dict[int, str] = {}
        self._tags: dict[str, str] = {}

    def article_deck(self, article: Article) -> genanki.Deck:
        """The subdeck of 全部题目 that holds the article's cards."""
        return self._article(article).deck

    def _article(self, article: Article) -> _ArticleInfo:
        info = self._articles.get(article.pk)
        if info is None:
            info = self._articles[article.pk] = _ArticleInfo(article, self.base_url)
        return info

    def _source(self, fact: Fact, article: _ArticleInfo) -> str:
        source = self._sources.get(fact.pk)
        if source is None:
            # Fact.source_url(), with the article's URL reversed once per article, not per note.
            url = html.escape(f"{article.url}?hl={fact.pk}#p{fact.paragraph}")
            link = f'<a href="{url}">《{self.shown(article.title)}》第 {fact.paragraph} 段</a>'
            quote = self.shown(fact.quote)
            source = f"<blockquote>{_html(quote)}</blockquote>"
            if quote != fact.quote:  # converted: the text as the article has it is a tap away
                source += f"<details><summary>原文</summary>{_html(fact.quote)}</details>"
            source = self._sources[fact.pk] = source + link
        return source

    def shown(self, text: str) -> str:
        """Text in the chosen script (the reading preference's helper), display only: note ids, deck
        names and tags stay as they are, so a download in another script updates the same notes."""
        return in_script(text, self.script)

    def _tag(self, name: str) -> str:
        tag = self._tags.get(name)
        if tag is None:
            tag = self._tags[name] = anki_tag(name)
        return tag

    def note(self, question: Question, position: int = 0) -> QuestionNote:
        fact = question.fact
        article = self._article(fact.article)
        face = faces(question)
        prompt, explanation = _html(self.shown(question.prompt)), _html(self.shown(question.explanation))
        source = self._source(fact, article)
        match question.type:
            case QuestionType.CLOZE:
                model, fields = CLOZE, [prompt, explanation, source]
            case QuestionType.SINGLE_CHOICE | QuestionType.MULTIPLE_RESPONSE:
                model = CHOICE
                answer = _html(self.shown(face.answer))
                fields = [prompt, *_choice_lists(question, face, self.shown), answer, explanation, source]
            case QuestionType.TRUE_FALSE:
                model, fields = TRUE_FALSE, [prompt, _html(self.shown(face.answer)), explanation, source]
            case _:
                model, fields = BASIC, [prompt, _html(self.shown(face.answer)), explanation, source]
        tags = [DECK_ROOT, article.tag, "type::" + question.type]
        # export_queryset prefetches tags into a list: a many-to-many manager per note is costly.
        own_tags = question.tag_list if hasattr(question, "tag_list") else question.tags.all()
        tags += [t for t in (self._tag(tag.name) for tag in own_tags) if t]
        # The note changed when its question did, or its fact (quote, paragraph after a
        # re-import) or article (title) did: the Source field shows those.
        modified = max(question.updated_at, fact.updated_at, article.updated_at)
        return QuestionNote(
            model=model,
            fields=fields,
            tags=tags,
            guid=genanki.guid_for(str(question.uuid)),
            due=position,  # new cards come in deck order
            modified=int(modified.timestamp()),
        )


def write_apkg(
    questions: Iterable[Question], out: IO[bytes], *, base_url: str | None = None, script: str = "original"
) -> int:
    """Write these questions to `out` as a compressed .apkg, each note in its article's subdeck
    of 全部题目, its text in `script` (see NoteBuilder.shown); returns the note count.

    Questions need fact, fact.article, choices and tags loaded (see export_queryset).
    """
    top = genanki.Deck(TOP_DECK_ID, ALL_NAME, description=_html("题库中全部已发布的题目，每篇文章一个子牌组。"))
    builder = NoteBuilder(base_url, script)
    subdecks: dict[int, genanki.Deck] = {}
    for position, question in enumerate(questions):
        deck = builder.article_deck(question.fact.article)
        subdecks[deck.deck_id] = deck
        deck.add_note(builder.note(question, position))
    write_package(genanki.Package([top, *subdecks.values()]), out)
    return sum(len(deck.notes) for deck in subdecks.values())


def write_package(package: genanki.Package, out: IO[bytes]) -> None:
    # genanki's own write_to_file builds the collection in a temp file on disk and zips it
    # uncompressed (ZIP_STORED). Building it in memory and deflating is about as fast and the
    # file is ~20x smaller (Chinese text in SQLite pages compresses well).
    timestamp = time.time()
    connection = sqlite3.connect(":memory:")
    try:
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    # Level 1: a tenth of the stored size already, at a third of level 6's time per download.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", "{}")


def export_queryset(deck: Deck) -> QuestionQuerySet:
    """The deck's questions with everything a note needs, in three queries whatever the size."""
    return (
        deck.questions()
        .for_cards()
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name"), to_attr="tag_list"))
    )


def write_deck(deck: Deck, out: IO[bytes], *, base_url: str | None = None, script: str = "original") -> int:
    return write_apkg(export_queryset(deck), out, base_url=base_url, script=script)


def build_apkg(deck: Deck, *, base_url: str | None = None) -> bytes:
    """The deck as an .apkg; links on the cards start at `base_url`, by default settings.SITE_URL."""
    buffer = io.BytesIO()
    write_deck(deck, buffer, base_url=base_url)
    return buffer.getvalue()


def build_zip(decks: Iterable[Deck], *, base_url: str | None = None) -> bytes:
    """Several decks: one .apkg per deck in a zip, named after each deck, so a learner imports
    only those wanted (their notes land in the same article subdecks whichever they import)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # .apkg is compressed
        for deck in decks:
            archive.writestr(deck.download_filename, build_apkg(deck, base_url=base_url))
    return buffer.getvalue()


def save_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write to a temp file beside `path`, then rename: a failed export leaves no partial file."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(temp, 0o644)  # mkstemp makes it owner-only; an export is meant to be shared
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
