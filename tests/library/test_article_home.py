"""An article added any way has a home in the repository (issue 11.2) and a fact may wait for its
first question (11.1): dump_content → empty database → the Makefile's import and load → the same
article, facts and draft, and a second dump byte-identical to the first."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from django.core.management import call_command

from quizapp.library.importer import import_bytes
from quizapp.library.models import Article, Fact, Question, Status, Tag
from tests.factories import ROOT, make_question

TEXT = """---
title: 测试之城
author: 李四
date: 2024-05-06
url: https://example.com/city
tags: [城市, 绿化]
---

第一段：这座城市在2023年种下了1亿棵树。

第二段：居民人数超过了300万。
"""


def dump(folder: Path) -> dict[str, bytes]:
    call_command("dump_content", str(folder), seeds=ROOT / "seeds", stdout=io.StringIO())
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rebuild_as_make_run_does(folder: Path) -> None:
    """The Makefile's data target, minus seeds/ (none of this test's articles are there)."""
    call_command("import_articles", str(folder / "articles"), stdout=io.StringIO())
    call_command("load_content", str(folder), stdout=io.StringIO())


def pasted(text: str = TEXT) -> Article:
    """An article as the admin adds a pasted text: named by its new id."""
    new_id = uuid.uuid4()
    return import_bytes(text.encode(), f"{new_id}.txt", new_id=new_id).article


def fact_on(article: Article, quote: str) -> Fact:
    fact = Fact(article=article, quote=quote)
    fact.anchor(quote)
    fact.save()
    return fact


def test_pasted_article_with_a_bare_fact_and_a_draft_survives_a_fresh_database(db, tmp_path):
    article = pasted()
    new_id = article.uuid
    bare = fact_on(article, "居民人数超过了300万")
    fact = fact_on(article, "种下了1亿棵树")
    draft = make_question(fact, status=Status.DRAFT, prompt="这座城市2023年种了多少棵树？")
    first = dump(tmp_path / "one")
    assert f"articles/{new_id}.txt" in first and f"{new_id}.yaml" in first
    assert b"questions: []" in first[f"{new_id}.yaml"]

    Article.objects.all().delete()
    Tag.objects.all().delete()
    rebuild_as_make_run_does(tmp_path / "one")

    again = Article.objects.get()
    assert (again.uuid, again.source_file, again.title, again.author) == (new_id, f"{new_id}.txt", "测试之城", "李四")
    assert again.body == article.body and str(again.published_on) == "2024-05-06"
    assert sorted(t.name for t in again.tags.all()) == ["城市", "绿化"]
    assert Fact.objects.get(uuid=bare.uuid).questions.count() == 0
    assert Question.objects.get(uuid=draft.uuid).status == Status.DRAFT
    assert dump(tmp_path / "two") == first


def test_seed_articles_are_not_copied_into_content(db, tmp_path, seeds_dir):
    call_command("import_articles", str(seeds_dir / "002_aec1c1457b9d3803.txt"), stdout=io.StringIO())
    assert "articles" not in {p.split("/")[0] for p in dump(tmp_path)}


def test_a_flagged_fact_keeps_its_flag_and_last_quote_through_the_files(db, tmp_path):
    article = pasted()
    new_id = article.uuid
    fact = fact_on(article, "种下了1亿棵树")
    published = make_question(fact, type="true_false", prompt="种了1亿棵树。", answer_bool=True)
    import_bytes(TEXT.replace("1亿", "2亿").encode(), article.source_file, article=article)
    first = dump(tmp_path / "one")
    assert "flagged: The article changed" in first[f"{new_id}.yaml"].decode()

    Article.objects.all().delete()
    rebuild_as_make_run_does(tmp_path / "one")
    again = Fact.objects.get(uuid=fact.uuid)
    assert again.drift == "flagged" and again.quote == "种下了1亿棵树"
    assert Question.objects.get(uuid=published.uuid).status == Status.PUBLISHED
    assert not Question.objects.live().exists()
    assert dump(tmp_path / "two") == first


def test_anchoring_a_flagged_fact_again_in_the_files_sends_its_questions_to_review(db, tmp_path):
    article = pasted()
    fact = fact_on(article, "种下了1亿棵树")
    question = make_question(fact, type="true_false", prompt="种了1亿棵树。", answer_bool=True)
    import_bytes(TEXT.replace("1亿", "2亿").encode(), article.source_file, article=article)
    files = dump(tmp_path)
    name = f"{article.uuid}.yaml"
    text = files[name].decode().replace("种下了1亿棵树", "种下了2亿棵树")
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("flagged:")) + "\n"
    (tmp_path / name).write_text(text, encoding="utf-8")
    call_command("load_content", str(tmp_path), stdout=io.StringIO())
    fact.refresh_from_db()
    question.refresh_from_db()
    assert (fact.drift, fact.quote) == ("ok", "种下了2亿棵树")
    assert question.status == Status.REVIEW  # an editor republishes
