"""A deck package, an export or a cached card built before a change is never served after it, whichever
way the change was made: a save, or a path that sends none of its own (tags added, removed, renamed or
deleted, from either side; a fact's tags in a bank load; choices deleted in bulk; the admin's bulk status
actions). quizapp/library/changes.py."""

from __future__ import annotations

import pytest

from quizapp.decks import packages
from quizapp.decks.models import Deck
from quizapp.interop.exporting import export_version
from quizapp.library import retiring
from quizapp.library.bank.dump import fact_to_data
from quizapp.library.bank.spec import ItemReader
from quizapp.library.bank.writer import write_bank
from quizapp.library.models import Choice, Question, Status, Tag
from quizapp.quizzes import cards
from tests.decks.test_packages import builds  # noqa: F401 (fixture)
from tests.factories import make_question


def retag(question: Question, tag: Tag) -> None:
    question.tags.remove(tag)


def rename(question: Question, tag: Tag) -> None:
    tag.name = "研发投入改名"
    tag.save()


def delete(question: Question, tag: Tag) -> None:
    tag.delete()


def clear_from_the_tag(question: Question, tag: Tag) -> None:
    tag.questions.clear()


def add_from_the_tag(question: Question, tag: Tag) -> None:
    Tag.objects.create(name="新标签").questions.add(question)


def drop_a_choice_in_bulk(question: Question, tag: Tag) -> None:
    Choice.objects.filter(question=question, text="100亿元").delete()


def retire_and_publish(question: Question, tag: Tag) -> None:
    """The admin's bulk actions: one leaves, one comes back, so the count stays the same."""
    other = Question.objects.exclude(pk=question.pk).get()
    assert retiring.retire(Question.objects.filter(pk=question.pk)) == 1
    assert Question.objects.filter(pk=other.pk).publish() == 1


CHANGES = [retag, rename, delete, clear_from_the_tag, add_from_the_tag, drop_a_choice_in_bulk, retire_and_publish]


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__)
def test_a_package_built_before_a_change_is_not_served_after_it(client, db, builds, change):  # noqa: F811
    question = make_question()
    tag = Tag.objects.create(name="研发投入")
    question.tags.add(tag)
    make_question(question.fact, prompt="在审的题目？", status=Status.REVIEW)
    deck = Deck.objects.get(slug="all")
    first = client.get("/decks/all/anki.apkg").getvalue()
    before = packages.content_version(deck)
    change(question, tag)
    assert packages.content_version(deck) != before
    again = client.get("/decks/all/anki.apkg").getvalue()
    assert len(builds) == 2 and again != first


def test_a_fact_whose_tags_alone_change_in_a_bank_load_gets_a_new_export(db):
    question = make_question()
    fact = question.fact
    before = export_version("gift", "all")
    data = fact_to_data(fact) | {"tags": ["新标签"]}
    spec = ItemReader(fact.article, lambda where, message: pytest.fail(message), {}, "test").fact(1, data)
    write_bank([(fact.article, [spec])])
    fact.refresh_from_db()
    assert [t.name for t in fact.tags.all()] == ["新标签"]
    assert export_version("gift", "all") != before


def test_a_card_cached_before_choices_are_deleted_in_bulk_is_not_served_after(db):
    question = make_question()
    card = cards.card_for(Question.objects.prefetch_related("choices").get(pk=question.pk), "original")
    assert len(card.choices) == 4
    Choice.objects.filter(question=question, order__gte=2).delete()
    read = Question.objects.prefetch_related("choices").get(pk=question.pk)
    assert len(cards.card_for(read, "original").choices) == 2
