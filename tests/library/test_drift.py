from __future__ import annotations

import io
import shutil

from django.core.management import call_command

from quizapp.library.models import Drift, Fact


def reimport(tmp_path, seeds_dir, name, edit):
    path = tmp_path / name
    if not path.exists():
        shutil.copy(seeds_dir / name, path)
        call_command("import_articles", str(path), stdout=io.StringIO())
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    return out.getvalue()


def make(article_name, quote):
    from quizapp.library.models import Article

    fact = Fact(article=Article.objects.get(source_file=article_name), quote=quote)
    fact.anchor(fact.quote)
    fact.save()
    return fact


NAME = "002_aec1c1457b9d3803.txt"
QUOTE = "2023年蚂蚁集团研发投入高达211.9亿元"


def test_unchanged_span_stays_ok_when_text_elsewhere_changes(db, tmp_path, seeds_dir):
    reimport(tmp_path, seeds_dir, NAME, lambda t: t)
    fact = make(NAME, QUOTE)
    reimport(tmp_path, seeds_dir, NAME, lambda t: t.replace("427万商家", "428万商家"))
    fact.refresh_from_db()
    assert fact.drift == Drift.OK and fact.article.body[fact.start : fact.end] == QUOTE


def test_fact_is_relocated_when_its_quote_moves(db, tmp_path, seeds_dir):
    reimport(tmp_path, seeds_dir, NAME, lambda t: t)
    fact = make(NAME, QUOTE)
    old_start = fact.start
    out = reimport(tmp_path, seeds_dir, NAME, lambda t: t.replace("6月13日，", "新加的一段开头。\n\n6月13日，", 1))
    fact.refresh_from_db()
    assert "1 fact(s) relocated" in out
    assert fact.drift == Drift.RELOCATED and fact.start > old_start
    assert fact.article.body[fact.start : fact.end] == QUOTE
    assert fact.paragraph == fact.article.paragraph_at(fact.start)


def test_fact_is_flagged_when_its_quote_is_gone_and_admin_lists_it(db, tmp_path, seeds_dir, editor, client):
    reimport(tmp_path, seeds_dir, NAME, lambda t: t)
    fact = make(NAME, QUOTE)
    out = reimport(tmp_path, seeds_dir, NAME, lambda t: t.replace("211.9亿元", "212亿元"))
    fact.refresh_from_db()
    assert "1 fact(s) flagged" in out
    assert fact.drift == Drift.FLAGGED and "no longer occurs" in fact.drift_note
    client.force_login(editor)
    listing = client.get("/admin/library/fact/?drift=flagged").content.decode()
    assert fact.quote[:20] in listing
    page = client.get(f"/admin/library/article/{fact.article_id}/change/").content.decode()
    assert "lost their quote" in page


def test_fact_is_flagged_when_its_quote_becomes_ambiguous(db, tmp_path, seeds_dir):
    reimport(tmp_path, seeds_dir, NAME, lambda t: t)
    fact = make(NAME, QUOTE)
    reimport(tmp_path, seeds_dir, NAME, lambda t: t.replace("6月13日，", f"{QUOTE}。\n\n6月13日，", 1))
    fact.refresh_from_db()
    assert fact.drift == Drift.RELOCATED or fact.drift == Drift.FLAGGED
    # The old span now holds other text, and the quote occurs twice: an author must choose.
    assert fact.drift == Drift.FLAGGED and "2 times" in fact.drift_note
