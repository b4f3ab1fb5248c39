"""全部题目's counts are cached under the library's version (quizapp/decks/library_version.py): right after
every way the live library changes, counted once per change, and the deck pages' statements do not
depend on how many decks there are or of which kinds (issue 18). On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from quizapp.decks.admin import DeckAdmin
from quizapp.decks.library_version import current_version, drop_triggers
from quizapp.decks.models import ALL_SLUG, Deck, DeckKind
from quizapp.decks.signals import after_migrate
from quizapp.library.models import Article, Drift, Fact, Question, QuestionType, Status, Tag
from quizapp.library.retiring import retire
from tests.factories import make_article, make_fact, make_picked_deck, make_question


def live_by_type() -> dict[str, int]:
    """The naive count, straight from the rule, never cached."""
    return dict(Counter(Question.objects.live().values_list("type", flat=True)))


def shown(client) -> dict[str, int]:
    """What /decks/all/ says the deck holds, which must be what the rule counts now, in total and by type."""
    html = client.get(f"/decks/{ALL_SLUG}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    total = re.search(r"(\d+) published questions?", html)
    count = int(total.group(1)) if total else 0
    expected = live_by_type()
    assert count == sum(expected.values()), (count, expected)
    labels = dict(QuestionType.choices)
    for kind, n in expected.items():
        assert f"· {labels[kind]} {n}" in html
    return expected


@pytest.fixture
def library(db):
    article = make_article(title="文章")
    fact = make_fact(article)
    questions = [make_question(fact, kind) for kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE) * 3]
    return article, fact, questions


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda qs: Question.objects.filter(pk=qs[0].pk).unpublish(), id="unpublish"),
        pytest.param(lambda qs: retire(Question.objects.filter(pk=qs[1].pk)), id="retire"),
        pytest.param(lambda qs: qs[2].delete(), id="delete"),
        pytest.param(
            lambda qs: Question.objects.filter(pk__in=[q.pk for q in qs[:4]]).update(status=Status.DRAFT),
            id="bulk-update",
        ),
        pytest.param(
            lambda qs: Question.objects.filter(pk=qs[3].pk).update(type=QuestionType.SINGLE_CHOICE), id="type-changed"
        ),
        pytest.param(lambda qs: Fact.objects.filter(pk=qs[0].fact_id).update(drift=Drift.FLAGGED), id="fact-drifted"),
        pytest.param(lambda qs: Article.objects.filter(pk=qs[0].fact.article_id).delete(), id="article-deleted"),
        pytest.param(lambda qs: make_question(qs[0].fact, QuestionType.CLOZE), id="question-added"),
    ],
)
def test_the_all_deck_count_follows_every_change_of_the_library(client, library, change):
    _, _, questions = library
    before = shown(client)  # cached now
    change(questions)
    assert shown(client) != before


def test_publishing_shows_at_once(client, library):
    _, fact, _ = library
    waiting = make_question(fact, QuestionType.CLOZE, status=Status.REVIEW)
    assert sum(shown(client).values()) == 6
    assert Question.objects.filter(pk=waiting.pk).publish() == 1
    assert shown(client)[QuestionType.CLOZE] == 1


def test_a_load_content_run_shows_at_once(client, bank, tmp_path):
    published = shown(client)
    call_command("dump_content", str(tmp_path), stdout=io.StringIO())
    Question.objects.all().delete()
    assert shown(client) == {}
    call_command("load_content", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert shown(client) == published and sum(published.values()) > 200


def test_a_count_cached_inside_a_rolled_back_transaction_is_never_served(client, library):
    _, fact, _ = library
    before = shown(client)
    with transaction.atomic():
        make_question(fact, QuestionType.CLOZE)
        assert QuestionType.CLOZE in shown(client)  # cached under the transaction's own version
        transaction.set_rollback(True)
    assert shown(client) == before
    make_question(fact, QuestionType.TRUE_FALSE)  # a new version, never the rolled-back one again
    assert shown(client)[QuestionType.TRUE_FALSE] == 4


def counted() -> dict[str, int]:
    """Every deck's count as the lists show it (cached), checked against the rule, by slug."""
    listed = {deck.slug: deck.question_count for deck in Deck.objects.listing()}
    assert listed == {deck.slug: deck.questions().count() for deck in Deck.objects.all()}
    return listed


def test_tag_and_picked_deck_counts_follow_their_tags_and_picks(library):
    _, _, questions = library
    tag = Tag.objects.create(name="标签")
    Deck.objects.create(kind=DeckKind.TAG, tag=tag, name="标签卡组", slug="tagged")
    picked = make_picked_deck(questions[:2])
    assert counted()["tagged"] == 0 and counted()["picked"] == 2
    questions[0].tags.add(tag)
    assert counted()["tagged"] == 1
    through = Deck.picked.through  # a bulk insert that ignores conflicts, as imports and fills do
    through.objects.bulk_create(
        [through(deck_id=picked.pk, question_id=q.pk) for q in questions[:4]], ignore_conflicts=True
    )
    assert counted()["picked"] == 4
    picked.picked.remove(questions[3])
    assert counted()["picked"] == 3
    Question.objects.filter(pk=questions[0].pk).update(status=Status.REVIEW)
    assert counted()["tagged"] == 0 and counted()["picked"] == 2
    tag.delete()  # its deck goes with it
    assert "tagged" not in counted()


def _page_statements(client, url: str) -> int:
    client.get(url)  # the session and 全部题目's counts settle first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = ["/decks/", "/decks/?page=2", "/study/", "/admin/decks/deck/", "/admin/decks/deck/?p=2"]


def test_deck_pages_take_the_same_statements_whatever_the_kinds_and_number_of_decks(
    client, editor, library, monkeypatch
):
    monkeypatch.setattr(DeckAdmin, "list_per_page", 2)  # a second page of the admin list at either size
    client.force_login(editor)
    _, fact, questions = library
    for n in range(2):  # 全部题目 and article decks only, as the shipped library
        article = make_article(title=f"文章{n}", source_file=f"{n:03d}.txt")
        make_question(make_fact(article), QuestionType.TRUE_FALSE)
    small = {url: _page_statements(client, url) for url in PAGES}

    tag = Tag.objects.create(name="标签")
    for question in questions[:3]:
        question.tags.add(tag)
    for n in range(30):  # every kind: tag decks and hand-picked decks, past one page
        make_picked_deck(questions[: n % 5 + 1], name=f"精选{n:02d}", slug=f"picked-{n}")
        Deck.objects.create(kind=DeckKind.TAG, tag=tag, name=f"标签{n:02d}", slug=f"tag-{n}")
    large = {url: _page_statements(client, url) for url in PAGES}
    assert large == small


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps a table's triggers through ALTER TABLE")
def test_a_migrate_puts_back_the_triggers_a_rebuilt_table_lost_on_sqlite(library):
    _, fact, _ = library
    drop_triggers(connection)  # as when a migration copies library_question into a new table
    after_migrate(sender=None)
    before = current_version()
    make_question(fact)
    assert current_version() != before
