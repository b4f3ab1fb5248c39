"""Item statistics where authors work: the question list, the question page and the article page."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Answer
from quizapp.stats.sentences import missed_sentences
from tests.factories import curated, make_fact, make_question
from tests.stats.answering import choice, new_learner, take, text

pytestmark = pytest.mark.django_db
LIST = reverse("admin:library_question_changelist")


def _class(question, submissions) -> None:
    quiz = curated([question], slug=f"q{question.pk}")
    for submitted in submissions:
        take(quiz, new_learner(), submitted)


@pytest.fixture
def easy():
    """A choice question 20 learners answered, 19 of them right: too easy, two dead distractors."""
    question = make_question(prompt="容易的题")
    _class(question, [choice(question, 0)] * 19 + [choice(question, 1)])
    return question


@pytest.fixture
def slip():
    """A short answer where one learner typed a near miss of 韩歆毅."""
    question = make_question(type=QuestionType.SHORT_ANSWER, prompt="谁是CEO？")
    _class(question, [text("韩欣毅"), text("韩歆毅")])
    return question


def test_the_question_list_shows_facility_and_flags(client, editor, easy, slip):
    client.force_login(editor)
    page = client.get(LIST).content.decode()
    assert "0.95 (n=20)" in page and "too easy" in page and "distractor not working" in page
    assert "(n=2, too few)" in page and "a wrong answer is probably right" in page


def test_the_list_reads_statistics_for_the_page_at_once(client, editor, easy, slip):
    client.force_login(editor)
    client.get(LIST)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(5):
        question = make_question()
        _class(question, [choice(question, 1)] * 2)
    with CaptureQueriesContext(connection) as more:
        client.get(LIST)
    assert len(more) == len(few)  # the statistics add three queries, not three per question


def test_needs_attention_lists_only_flagged_questions(client, editor, easy, slip):
    fine = make_question(type=QuestionType.TRUE_FALSE, prompt="无人作答的题")
    client.force_login(editor)
    page = client.get(LIST, {"attention": "yes"}).content.decode()
    assert "容易的题" in page and "谁是CEO" in page and "无人作答的题" not in page
    assert "无人作答的题" in client.get(LIST).content.decode()
    assert fine.pk


def test_the_question_page_draws_a_bar_per_choice(client, editor, easy):
    client.force_login(editor)
    page = client.get(reverse("admin:library_question_change", args=[easy.pk])).content.decode()
    assert 'id="item-statistics"' in page and page.count("<rect") == 2 * 4
    assert "95%" in page and "not working" in page


def test_one_click_accepts_a_probably_right_answer_and_regrades(client, editor, slip):
    client.force_login(editor)
    change = reverse("admin:library_question_change", args=[slip.pk])
    page = client.get(change).content.decode()
    assert 'form="item-statistics-accept" name="accept" value=":韩欣毅"' in page
    assert 'id="item-statistics-accept"' in page

    response = client.post(reverse("admin:library_question_accept_answer", args=[slip.pk]), {"accept": ":韩欣毅"})

    assert response.status_code == 302 and response.url.startswith(change)
    slip.refresh_from_db()
    assert slip.accepted_answers == ["韩歆毅", "韩欣毅"]
    assert all(a.is_correct for a in Answer.objects.filter(question=slip))
    assert "1 stored answer(s) in 1 attempt(s) were regraded" in client.get(change).content.decode()


def test_an_author_may_not_accept_on_a_published_question(client, author, slip):
    client.force_login(author)
    page = client.get(reverse("admin:library_question_change", args=[slip.pk])).content.decode()
    assert 'name="accept"' not in page
    client.post(reverse("admin:library_question_accept_answer", args=[slip.pk]), {"accept": ":韩欣毅"})
    slip.refresh_from_db()
    assert slip.accepted_answers == ["韩歆毅"]


def test_accepting_needs_a_post(client, editor, slip):
    client.force_login(editor)
    assert client.get(reverse("admin:library_question_accept_answer", args=[slip.pk])).status_code == 405


def test_the_article_page_lists_the_sentences_missed_most(client, editor):
    fact = make_fact()
    other = make_fact(fact.article, quote="用户超过10亿")
    missed, known = make_question(fact, QuestionType.TRUE_FALSE), make_question(other, QuestionType.TRUE_FALSE)
    _class(missed, [{"answer": "false"}] * 3 + [{"answer": "true"}])
    _class(known, [{"answer": "true"}] * 4)
    client.force_login(editor)
    page = client.get(reverse("admin:library_article_change", args=[fact.article_id])).content.decode()
    assert "Sentences learners miss most" in page
    assert page.index("2023年研发投入211.9亿元</a>") < page.index("用户超过10亿</a>")
    assert "¶1: 0.75 (n=4)" in page and "¶2: 0.00 (n=4)" in page


def test_the_statistics_speak_chinese(client, editor, easy, slip):
    client.force_login(editor)
    page = client.get(LIST, {"attention": "yes"}, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "过于简单" in page and "干扰项无效" in page and "有判错的答案可能是对的" in page and "样本太少" in page
    panel = client.get(reverse("admin:library_question_change", args=[slip.pk]), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "学习者作答统计" in panel.content.decode() and "只差一两个字" in panel.content.decode()


def test_the_missed_sentences_cost_one_query_however_many_facts(django_assert_num_queries):
    fact = make_fact()
    for quote in ("第二段：用户超过10亿", "用户超过10亿"):
        _class(make_question(make_fact(fact.article, quote=quote), QuestionType.TRUE_FALSE), [{"answer": "true"}])
    _class(make_question(fact, QuestionType.TRUE_FALSE), [{"answer": "false"}])
    with django_assert_num_queries(1):  # the stored statistics grouped by fact
        missed = missed_sentences(fact.article)
    assert [m.miss_rate for m in missed.facts] == [1.0, 0.0, 0.0]


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_list_downloads_as_csv_with_its_filters(client, editor, easy, slip):
    quiet = make_question(type=QuestionType.TRUE_FALSE, prompt="无人作答的题")
    client.force_login(editor)
    url = reverse("admin:library_question_statistics_csv")
    assert url in client.get(LIST).content.decode()
    response = client.get(url, {"attention": "yes"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert [int(r["question"]) for r in rows] == [easy.pk, slip.pk]
    assert rows[0]["facility"] == "0.950" and rows[0]["flags"] == "too_easy dead_distractor"
    assert rows[1]["probably right"] == "韩欣毅" and rows[1]["first answers"] == "2"
    assert [int(r["question"]) for r in _csv_rows(client.get(url))] == [easy.pk, slip.pk, quiet.pk]
