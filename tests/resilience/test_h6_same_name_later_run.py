"""Issue 19, import_articles: "two files with the same name in different folders overwrite each
other"; Build point 7: "articles keyed by a stable identity, never a bare name".
tests/library/test_import_articles.py shows the two files refused when one run names both folders.
Run after run the bare name was still the key: `import_articles one/` and later `import_articles two/`
replaced the first article's text, title and every other field with the second file's (reported as
"updated"). Now the second file is refused with a reason; the first article must stay as it was."""

from __future__ import annotations

import contextlib
import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from quizapp.library.models import Article

pytestmark = pytest.mark.django_db


def test_a_same_named_file_from_another_folder_in_a_later_run_leaves_the_first_article_alone(tmp_path, seeds_dir):
    for folder, seed in (("one", "002_aec1c1457b9d3803.txt"), ("two", "003_17b458d034213ccd.txt")):
        (tmp_path / folder).mkdir()
        shutil.copy(seeds_dir / seed, tmp_path / folder / "article.txt")
    call_command("import_articles", str(tmp_path / "one"), stdout=io.StringIO(), stderr=io.StringIO())
    first = Article.objects.get()

    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(CommandError):  # refusing the second file is one acceptable answer
        call_command("import_articles", str(tmp_path / "two"), stdout=out, stderr=err)
    kept = Article.objects.get(pk=first.pk)
    assert (kept.title, kept.body, kept.content_hash) == (first.title, first.body, first.content_hash), out.getvalue()
    assert "0 updated" in out.getvalue() and "1 failed" in out.getvalue()


def _import(folder):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_articles", str(folder), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_the_refusal_names_the_article_and_both_ways_on(tmp_path, seeds_dir):
    for folder, seed in (("one", "002_aec1c1457b9d3803.txt"), ("two", "003_17b458d034213ccd.txt")):
        (tmp_path / folder).mkdir()
        shutil.copy(seeds_dir / seed, tmp_path / folder / "article.txt")
    _import(tmp_path / "one")
    first = Article.objects.get()
    said = _import(tmp_path / "two")
    assert "1 failed" in said and str(first.uuid) in said and first.title in said and "rename" in said
    # Following the message: the article's id in the front matter updates that article from here.
    text = (tmp_path / "two" / "article.txt").read_text(encoding="utf-8")
    (tmp_path / "two" / "article.txt").write_text(f"---\nid: {first.uuid}\n---\n{text}", encoding="utf-8")
    said = _import(tmp_path / "two")
    assert "1 updated" in said and Article.objects.count() == 1
    assert Article.objects.get().title != first.title


def test_a_moved_clone_with_the_same_text_is_the_same_article_and_follows_it(tmp_path, seeds_dir):
    for folder in ("old", "new"):
        (tmp_path / folder).mkdir()
        shutil.copy(seeds_dir / "002_aec1c1457b9d3803.txt", tmp_path / folder / "article.txt")
    _import(tmp_path / "old")
    assert "1 unchanged" in _import(tmp_path / "new")
    article = Article.objects.get()
    assert article.source_folder == str((tmp_path / "new").resolve())
    # From its new folder, an edited text is a re-import of that article, as in its old folder.
    path = tmp_path / "new" / "article.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n新加的一段。\n", encoding="utf-8")
    assert "1 updated" in _import(tmp_path / "new") and Article.objects.count() == 1


def test_articles_from_before_folders_were_kept_are_matched_by_name_as_before(tmp_path, seeds_dir):
    (tmp_path / "a").mkdir()
    shutil.copy(seeds_dir / "002_aec1c1457b9d3803.txt", tmp_path / "a" / "article.txt")
    _import(tmp_path / "a")
    Article.objects.update(source_folder="")
    path = tmp_path / "a" / "article.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n新加的一段。\n", encoding="utf-8")
    assert "1 updated" in _import(tmp_path / "a")
    assert Article.objects.get().source_folder == str((tmp_path / "a").resolve())
