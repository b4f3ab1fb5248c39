"""Exports read back with the official `anki` package: what a learner's Anki would see."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from datetime import timedelta

import genanki
import pytest
from django.utils.html import escape

from quizapp.decks.anki import TOP_DECK_ID, _html, article_deck_id, build_apkg
from quizapp.decks.anki_models import ALL_MODELS, BASIC, CHOICE, CLOZE, TRUE_FALSE
from quizapp.decks.models import Deck, DeckKind
from quizapp.library import cloze
from quizapp.library.models import Article, Question, QuestionType, Tag
from tests.decks.anki_helpers import back, front, visible
from tests.factories import make_article, make_fact, make_question

ARTICLE = "000_1a6226931bc3619a.txt"


def cards_expected(questions) -> int:
    # A cloze note makes one card per deletion number (c1, c2, …); every other note makes one.
    return sum(len(cloze.answers(q.prompt)) if q.type == QuestionType.CLOZE else 1 for q in questions)


def package_collection(content: bytes, tmp_path) -> sqlite3.Connection:
    path = tmp_path / "package.anki2"
    path.write_bytes(zipfile.ZipFile(io.BytesIO(content)).read("collection.anki2"))
    return sqlite3.connect(path)


@pytest.fixture
def one_of_each(make_picked_deck):
    fact = make_fact()
    questions = {
        "single": make_question(fact),
        "multiple": make_question(fact, QuestionType.MULTIPLE_RESPONSE, prompt="哪些数字与研发投入有关？"),
        "true_false": make_question(fact, QuestionType.TRUE_FALSE, prompt="2023年研发投入超过200亿元。"),
        "cloze": make_question(fact, QuestionType.CLOZE, prompt="2023年研发投入{{c1::211.9亿元}}，{{c2::再创新高}}。"),
        "numeric": make_question(fact, QuestionType.NUMERIC, prompt="2023年研发投入多少亿元？"),
        "short": make_question(fact, QuestionType.SHORT_ANSWER, prompt="蚂蚁集团现任 CEO 是谁？"),
    }
    return make_picked_deck(list(questions.values())), questions


def test_article_deck_imports_with_one_note_per_question_and_a_card_per_cloze_deletion(bank, anki):
    deck = Deck.objects.get(kind=DeckKind.ARTICLE, article__source_file=ARTICLE)
    questions = list(deck.questions())
    log = anki.import_apkg(build_apkg(deck))
    assert len(log.new) == len(questions) == anki.col.note_count() > 40
    assert anki.col.card_count() == cards_expected(questions) > len(questions)
    assert set(anki.notes()) == {genanki.guid_for(str(q.uuid)) for q in questions}
    assert f"全部题目::{deck.article.title}" in [d.name for d in anki.col.decks.all_names_and_ids()]


def test_each_note_type_renders_its_front_and_back(one_of_each, anki, settings):
    settings.SITE_URL = "https://quiz.example.org"
    deck, q = one_of_each
    anki.import_apkg(build_apkg(deck))
    notes = anki.notes()
    by_question = {name: notes[genanki.guid_for(str(question.uuid))] for name, question in q.items()}
    assert {name: note.note_type()["name"] for name, note in by_question.items()} == {
        "single": CHOICE.name,
        "multiple": CHOICE.name,
        "true_false": TRUE_FALSE.name,
        "cloze": CLOZE.name,
        "numeric": BASIC.name,
        "short": BASIC.name,
    }

    single = by_question["single"].cards()[0]
    single_front, single_back = front(single), back(single)
    assert "2023年蚂蚁集团研发投入是多少？" in single_front
    assert all(option in single_front for option in ["211.9亿元", "200亿元", "150亿元", "100亿元"])
    assert "qz-correct" not in single_front and "qz-answer" not in single_front
    assert '<li class="qz-correct"><span class="qz-mark">✓</span>211.9亿元</li>' in single_back
    assert single_back.count("qz-correct") == 1

    multiple = by_question["multiple"].cards()[0]
    assert "多选" in front(multiple)
    assert back(multiple).count('<li class="qz-correct">') == 2

    true_false = by_question["true_false"].cards()[0]
    assert "2023年研发投入超过200亿元。" in front(true_false) and "对还是错" in front(true_false)
    assert '<div class="qz-answer">对</div>' in back(true_false)

    c1, c2 = sorted(by_question["cloze"].cards(), key=lambda card: card.ord)
    assert visible(front(c1)) == "2023年研发投入[...]，再创新高。"
    assert visible(back(c1)).startswith("2023年研发投入211.9亿元，再创新高。")
    assert visible(front(c2)) == "2023年研发投入211.9亿元，[...]。"

    numeric = by_question["numeric"].cards()[0]
    assert "211.9亿元" not in front(numeric) and '<div class="qz-answer">211.9亿元</div>' in back(numeric)
    short = by_question["short"].cards()[0]
    assert '<div class="qz-answer">韩歆毅</div>' in back(short)

    fact = q["single"].fact
    for note in by_question.values():
        answer_side = back(note.cards()[0])
        assert "ESG报告披露，2023年研发投入211.9亿元，再创新高。" in answer_side  # the explanation
        assert f"<blockquote>{fact.quote}</blockquote>" in answer_side
        url = f"https://quiz.example.org{fact.source_url()}"
        link = f'<a href="{url}">《{fact.article.title}》第 {fact.paragraph} 段</a>'
        assert link in answer_side


def test_notes_carry_article_type_and_question_tags_without_spaces(one_of_each, anki):
    deck, q = one_of_each
    q["single"].tags.add(Tag.objects.create(name="研发 投入"))
    anki.import_apkg(build_apkg(deck))
    note = anki.notes()[genanki.guid_for(str(q["single"].uuid))]
    stem = q["single"].fact.article.source_file.removesuffix(".txt")
    assert sorted(note.tags) == sorted(["quizapp", f"article::{stem}", "type::single_choice", "研发_投入"])


def test_authored_markup_is_escaped_in_every_field(make_picked_deck, anki):
    question = make_question(
        prompt="<script>alert(1)</script> 是 <b>粗体</b> & 更多？", explanation="见 <img src=x onerror=alert(2)>"
    )
    question.choices.filter(order=1).update(text="<i>200亿元</i>")
    anki.import_apkg(build_apkg(make_picked_deck([question])))
    note = next(iter(anki.notes().values()))
    assert note["Prompt"] == "&lt;script&gt;alert(1)&lt;/script&gt; 是 &lt;b&gt;粗体&lt;/b&gt; &amp; 更多？"
    assert "&lt;i&gt;200亿元&lt;/i&gt;" in note["Choices"]
    assert "&lt;img src=x onerror=alert(2)&gt;" in note["Explanation"]
    card = note.cards()[0]
    assert "<script>alert" not in front(card) + back(card) and "<img" not in back(card)


def test_field_escaping_is_djangos_escaping():
    tricky = """<a href="x" onclick='y'>&amp; 引号“”</a>"""
    assert _html(tricky) == escape(tricky)
    assert _html("第一行\n第二行") == "第一行<br>第二行"


def test_two_exports_of_the_same_content_have_the_same_guids_and_change_nothing(bank, anki, tmp_path):
    deck = Deck.objects.get(kind=DeckKind.ARTICLE, article__source_file=ARTICLE)
    first, second = build_apkg(deck), build_apkg(deck)
    guids = [
        sorted(g for (g,) in package_collection(content, tmp_path).execute("SELECT guid FROM notes"))
        for content in (first, second)
    ]
    assert guids[0] == guids[1] and len(guids[0]) == deck.questions().count()
    anki.import_apkg(first)
    log = anki.import_apkg(second)
    assert len(log.new) == 0 and len(log.updated) == 0
    assert anki.col.note_count() == deck.questions().count()


def test_reimport_after_an_edit_updates_the_note_in_place_and_keeps_review_history(bank, anki):
    deck = Deck.objects.get(kind=DeckKind.ARTICLE, article__source_file=ARTICLE)
    anki.import_apkg(build_apkg(deck))
    notes_before, cards_before = anki.col.note_count(), anki.col.card_count()
    question = deck.questions().filter(type=QuestionType.SHORT_ANSWER).first()
    note = anki.notes()[genanki.guid_for(str(question.uuid))]
    card = note.cards()[0]
    card.start_timer()
    anki.col.sched.answerCard(card, 3)  # the learner studies the card in Anki

    question.prompt = "韩歆毅毕业于哪所大学的经济学专业？"
    question.save()
    # An edit made later than the last export: Anki updates notes whose stamp is newer.
    Question.objects.filter(pk=question.pk).update(updated_at=question.updated_at + timedelta(minutes=5))
    log = anki.import_apkg(build_apkg(deck))

    assert len(log.updated) == 1 and len(log.new) == 0
    assert (anki.col.note_count(), anki.col.card_count()) == (notes_before, cards_before)
    updated = anki.col.get_note(note.id)
    assert updated["Prompt"] == "韩歆毅毕业于哪所大学的经济学专业？"
    reviewed = anki.col.get_card(card.id)
    assert reviewed.reps == 1 and reviewed.type != 0  # still the studied card, not a new one


def test_note_modification_time_is_the_questions_own(one_of_each, anki):
    deck, q = one_of_each
    later = q["single"].updated_at + timedelta(days=1)
    Question.objects.filter(pk=q["single"].pk).update(updated_at=later)
    anki.import_apkg(build_apkg(deck))
    notes = anki.notes()
    assert notes[genanki.guid_for(str(q["single"].uuid))].mod == int(later.timestamp())
    for question in q.values():
        question.refresh_from_db()
        assert notes[genanki.guid_for(str(question.uuid))].mod == int(question.updated_at.timestamp())


def test_renaming_the_article_refreshes_the_source_of_its_notes(one_of_each, anki):
    deck, q = one_of_each
    anki.import_apkg(build_apkg(deck))
    article = q["single"].fact.article
    article.title = "改过的标题"
    article.save()
    Article.objects.filter(pk=article.pk).update(updated_at=article.updated_at + timedelta(minutes=5))
    log = anki.import_apkg(build_apkg(deck))
    assert len(log.updated) == len(q) and len(log.new) == 0
    assert all("《改过的标题》" in note["Source"] for note in anki.notes().values())


def test_deleted_question_does_not_break_reimport(bank, anki):
    deck = Deck.objects.get(kind=DeckKind.ARTICLE, article__source_file=ARTICLE)
    anki.import_apkg(build_apkg(deck))
    had = anki.col.note_count()
    deck.questions().first().delete()
    make_question(make_fact(deck.article, quote="韩歆毅生于 1977 年"), QuestionType.TRUE_FALSE)
    content = build_apkg(deck)
    log = anki.import_apkg(content)
    assert len(log.new) == 1 and len(log.updated) == 0
    assert anki.col.note_count() == had + 1  # Anki keeps the note it had; the export just no longer lists it


def test_package_is_deflated_and_has_fixed_deck_and_note_type_ids(one_of_each, tmp_path):
    deck, questions = one_of_each
    content = build_apkg(deck)
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo("collection.anki2")
    assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < info.file_size / 3
    collection = package_collection(content, tmp_path)
    decks_json, models_json = collection.execute("SELECT decks, models FROM col").fetchone()
    decks = json.loads(decks_json)
    article = questions["single"].fact.article
    assert decks[str(TOP_DECK_ID)]["name"] == "全部题目"
    assert decks[str(article_deck_id(article))]["name"] == f"全部题目::{article.title}"
    assert {int(model_id) for model_id in json.loads(models_json)} == {m.model_id for m in ALL_MODELS}


def test_export_queries_stay_constant_as_the_deck_grows(bank, make_picked_deck, django_assert_num_queries):
    small = make_picked_deck(list(Question.objects.published()[:3]))
    everything = Deck.objects.get(kind=DeckKind.ALL)
    # Three queries whatever the size: questions with fact and article, then choices, then tags.
    with django_assert_num_queries(3):
        build_apkg(small)
    with django_assert_num_queries(3):
        content = build_apkg(everything)
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None


def test_empty_deck_exports_a_valid_empty_package(db, anki):
    deck = Deck.objects.create(kind=DeckKind.PICKED, name="空", slug="empty")
    log = anki.import_apkg(build_apkg(deck))
    assert len(log.new) == 0 and anki.col.note_count() == 0


def test_base_url_is_used_for_source_links(make_picked_deck, tmp_path):
    question = make_question()
    content = build_apkg(make_picked_deck([question]), base_url="https://quiz.example.org/")
    (fields,) = package_collection(content, tmp_path).execute("SELECT flds FROM notes").fetchone()
    assert f'href="https://quiz.example.org{question.fact.source_url()}"' in fields


def test_article_with_traditional_script_keeps_its_text(make_picked_deck, anki):
    article = make_article("第一段：支付寶的醫療健康業務。", script="zh-Hant")
    question = make_question(
        make_fact(article, quote="支付寶的醫療健康業務"), QuestionType.TRUE_FALSE, prompt="支付寶做醫療。"
    )
    anki.import_apkg(build_apkg(make_picked_deck([question])))
    assert "支付寶做醫療。" in front(next(iter(anki.notes().values())).cards()[0])


def card_homes(anki) -> dict[str, set[str]]:
    """For each note GUID, the names of the decks its cards are in."""
    names = {d.id: d.name for d in anki.col.decks.all_names_and_ids()}
    homes: dict[str, set[str]] = {}
    for card in anki.cards():
        homes.setdefault(card.note().guid, set()).add(names[card.did])
    return homes


def expected_homes() -> dict[str, set[str]]:
    return {
        genanki.guid_for(str(q.uuid)): {f"全部题目::{q.fact.article.title}"}
        for q in Question.objects.published().select_related("fact__article")
    }


@pytest.mark.parametrize("article_first", [True, False], ids=["article deck first", "全部题目 first"])
def test_any_order_of_imports_puts_every_card_in_its_article_subdeck(bank, anki, article_first):
    article_deck = Deck.objects.get(kind=DeckKind.ARTICLE, article__source_file=ARTICLE)
    everything = Deck.objects.get(kind=DeckKind.ALL)
    first, second = (article_deck, everything) if article_first else (everything, article_deck)
    anki.import_apkg(build_apkg(first))
    log = anki.import_apkg(build_apkg(second))
    total, in_article = Question.objects.published().count(), article_deck.questions().count()
    assert len(log.new) == (total - in_article if article_first else 0)
    assert anki.col.note_count() == total >= 260
    assert card_homes(anki) == expected_homes()
    published = list(Question.objects.published())
    # 全部题目 counts every card once, through its subdecks.
    assert len(anki.col.find_cards('deck:"全部题目"')) == cards_expected(published)
    article_cards = anki.col.find_cards(f'"deck:全部题目::{article_deck.article.title}"')
    assert len(article_cards) == cards_expected(article_deck.questions())


def test_tag_and_picked_decks_put_their_cards_in_the_article_subdecks_too(bank, anki, make_picked_deck):
    tag = Tag.objects.get(name="people")
    tag_deck = Deck.objects.create(kind=DeckKind.TAG, tag=tag, name="人物", slug="people")
    picked = make_picked_deck(list(Question.objects.published().order_by("?")[:7]))
    anki.import_apkg(build_apkg(tag_deck))
    anki.import_apkg(build_apkg(picked))
    anki.import_apkg(build_apkg(Deck.objects.get(kind=DeckKind.ALL)))
    assert anki.col.note_count() == Question.objects.published().count()
    assert card_homes(anki) == expected_homes()
    names = {d.name for d in anki.col.decks.all_names_and_ids()}
    assert "人物" not in names and "精选" not in names  # no deck of their own: one home per card
    assert len(anki.col.find_notes("tag:people")) == tag_deck.questions().count()


def test_renamed_article_moves_nothing_anki_matches_decks_by_name(bank, anki):
    # Anki gives imported decks its own ids and finds existing ones by name: after a rename
    # the notes update in place and their cards stay in the subdeck under the old name.
    deck = Deck.objects.get(kind=DeckKind.ARTICLE, article__source_file=ARTICLE)
    anki.import_apkg(build_apkg(deck))
    article = deck.article
    old_title, article.title = article.title, "改过的标题"
    article.save()
    Article.objects.filter(pk=article.pk).update(updated_at=article.updated_at + timedelta(minutes=5))
    log = anki.import_apkg(build_apkg(deck))
    assert len(log.updated) == deck.questions().count() and len(log.new) == 0
    assert {home for homes in card_homes(anki).values() for home in homes} == {f"全部题目::{old_title}"}


def test_article_deck_ids_follow_the_seed_file_not_the_database(bank):
    article = Article.objects.get(source_file=ARTICLE)
    deck = Deck.objects.get(kind=DeckKind.ARTICLE, article=article)
    assert article_deck_id(article) == deck.anki_deck_id  # the app's deck and the Anki subdeck agree
    article.pk = 999
    assert article_deck_id(article) == deck.anki_deck_id
