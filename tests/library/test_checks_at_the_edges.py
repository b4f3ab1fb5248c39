"""The answer-vs-fact check where authors work: the admin form, the API and the bulk actions refuse to
send to review or publish an answer that is not in its fact; a draft may hold one; a reason overrides."""

from __future__ import annotations

from decimal import Decimal

from quizapp.library.models import Question, QuestionType, Status
from tests.factories import make_fact, make_question

NUMERIC = {"type": "numeric", "prompt": "2023年研发投入多少亿元？", "explanation": "见原文。", "numeric_unit": "亿元"}


def post_question(client, fact, **fields):
    data = {"fact": fact.pk, **NUMERIC, **fields}
    return client.post("/api/v1/questions/", data, content_type="application/json")


def test_the_api_refuses_review_for_a_figure_the_fact_does_not_state(client, editor):
    fact = make_fact()  # "2023年研发投入211.9亿元"
    client.force_login(editor)
    response = post_question(client, fact, numeric_value="999", status="review")
    assert response.status_code == 400
    assert "not a figure in the fact" in str(response.json())
    assert post_question(client, fact, numeric_value="999", status="draft").status_code == 201  # a draft may
    assert post_question(client, fact, numeric_value="211.9", status="review").status_code == 201


def test_the_admin_form_refuses_it_and_says_why(client, editor):
    fact = make_fact()
    client.force_login(editor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    form = {
        "fact": fact.pk, "anchored": "on", "type": "numeric", "status": "review", "difficulty": 2,
        "prompt": NUMERIC["prompt"], "explanation": "见原文。", "numeric_value": "999", "numeric_tolerance": "0",
        "numeric_unit": "亿元", "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post("/admin/library/question/add/", form)
    assert response.status_code == 200 and "not a figure in the fact" in response.content.decode()
    assert not Question.objects.filter(numeric_value=Decimal("999")).exists()


def test_bulk_publish_and_send_to_review_skip_an_answer_outside_its_fact(db):
    fact = make_fact()
    wrong = make_question(fact, QuestionType.NUMERIC, status=Status.REVIEW, numeric_value=Decimal("999"))
    right = make_question(fact, QuestionType.NUMERIC, status=Status.REVIEW, prompt="另问：研发投入多少亿元？")
    assert Question.objects.filter(pk__in=[wrong.pk, right.pk]).publish() == 1
    assert set(Question.objects.published().values_list("pk", flat=True)) == {right.pk}
    draft = make_question(
        fact, QuestionType.NUMERIC, status=Status.DRAFT, numeric_value=Decimal("999"), prompt="再问？"
    )
    assert Question.objects.filter(pk=draft.pk).send_to_review() == 0
    Question.objects.filter(pk=draft.pk).update(check_override="题目问的是另一数字，见更正说明。")
    assert Question.objects.filter(pk=draft.pk).send_to_review() == 1  # a written reason lets it through


def test_text_from_a_browser_is_stored_with_lf_whoever_saves_it(client, editor):
    """Textareas post CRLF; saving a question unchanged must not turn its text into an edit."""
    fact = make_fact()
    client.force_login(editor)
    response = post_question(client, fact, numeric_value="211.9", explanation="第一行\r\n第二行", status="draft")
    assert response.status_code == 201
    assert Question.objects.get(pk=response.json()["id"]).explanation == "第一行\n第二行"
    question = make_question(fact, QuestionType.TRUE_FALSE, prompt="一句\r\n话", status=Status.DRAFT)
    question.refresh_from_db()
    assert question.prompt == "一句\n话"
