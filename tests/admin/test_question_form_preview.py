"""The question form's live preview (an admin view) and the form's speed-ups, through Django's client."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from quizapp.library.models import Question, QuestionType
from tests.factories import make_fact, make_question

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/library/question/preview/"


def form(fact=None, **fields) -> dict:
    """The add form as the browser posts it while the author types (the preview gets all of it)."""
    data = {"type": QuestionType.SINGLE_CHOICE, "prompt": "", "explanation": "", "status": "draft", "difficulty": "2"}
    data |= {"choices-TOTAL_FORMS": "4", "choices-INITIAL_FORMS": "0", "numeric_tolerance": "0"}
    data |= {f"choices-{i}-order": "0" for i in range(4)}
    if fact:
        data["fact"] = fact.pk
    return data | fields


def test_preview_shows_unsaved_choices_in_order_as_the_quiz_page_does(client, author, django_assert_num_queries):
    fact = make_fact()
    client.force_login(author)
    data = form(fact, prompt="2023年研发投入是多少？", explanation="ESG报告：211.9亿元。")
    data |= {"choices-0-text": "211.9亿元", "choices-0-is_correct": "on", "choices-0-feedback": "原文数字"}
    data |= {"choices-1-text": "200亿元", "choices-3-text": "150亿元", "choices-3-order": "0"}
    before = Question.objects.count()
    with django_assert_num_queries(5):  # user, role, 2 × permissions, the fact with its article; no write
        html = client.post(PREVIEW, data).content.decode()
    assert Question.objects.count() == before  # a preview writes nothing
    keys = html.index('<span class="key" aria-hidden="true">1</span> <span>211.9亿元')
    assert keys < html.index("200亿元") < html.index("150亿元")  # the empty row 2 is not a choice
    assert "(right answer)" in html and "原文数字" in html  # the learner's feedback partial
    assert "ESG报告：211.9亿元。" in html and f"#p{fact.paragraph}" in html  # explanation, source link


def test_preview_formats_numbers_and_blanks_as_learners_read_them(client, author):
    client.force_login(author)
    numeric = form(type=QuestionType.NUMERIC, prompt="研发投入多少亿元？", numeric_value="211.900000")
    html = client.post(PREVIEW, numeric | {"numeric_tolerance": "0.100000", "numeric_unit": "亿元"}).content.decode()
    assert "<strong>211.9亿元</strong>" in html and "± 0.1亿元" in html and "211.900000" not in html
    assert "Your number (亿元)" in html

    cloze = form(type=QuestionType.CLOZE, prompt="{{c1::2023年}}研发投入{{c2::211.9亿元::金额}}")
    html = client.get(PREVIEW, cloze).content.decode()  # GET reads the query string the same way
    assert "Fill in the blanks" in html and '<span class="blank">金额</span>' in html
    assert "2023年 / 211.9亿元" in html  # the right answers in words, from reading.py


def test_an_unreadable_value_is_a_400_naming_the_field(client, author):
    client.force_login(author)
    for bad in (
        {"numeric_value": "two hundred", "type": QuestionType.NUMERIC},
        {"type": "essay"},
        {"fact": "999999"},
        {"choices-TOTAL_FORMS": "-1"},
        {"choices-0-text": "x" * 501},
    ):
        response = client.post(PREVIEW, form(None, prompt="题干") | bad)
        assert response.status_code == 400, bad
        assert 'class="errorlist"' in response.content.decode()
    empty = client.post(PREVIEW, form(prompt=""))
    assert empty.status_code == 200 and "Type a prompt" in empty.content.decode()  # half-written is not bad input


def test_only_authoring_staff_reach_the_preview(client, learner):
    assert client.post(PREVIEW, form(prompt="题干")).status_code == 302  # to the admin log-in
    client.force_login(learner)
    assert client.post(PREVIEW, form(prompt="题干")).status_code == 302
    assert client.put(PREVIEW).status_code in (302, 405)


def test_a_new_question_starts_as_single_choice_with_four_empty_rows_and_the_prompt_focused(client, author):
    client.force_login(author)
    html = client.get(reverse("admin:library_question_add")).content.decode()
    assert 'name="choices-TOTAL_FORMS" value="4"' in html
    assert '<option value="single_choice" selected>' in html
    assert 'id="id_prompt"' in html and "autofocus" in html.split('id="id_prompt"')[0].rsplit("<textarea", 1)[1]
    # Django's script, told the model, would move the focus to the first field (the fact picker)
    script = re.search(r'<script id="django-admin-form-add-constants"[^>]*>', html)
    assert script and "data-model-name" not in script[0]
    assert html.index('id="id_prompt"') < html.index('id="choices-group"') < html.index('id="id_explanation"')
    cloze = client.get(reverse("admin:library_question_add") + "?type=cloze").content.decode()
    assert 'name="choices-TOTAL_FORMS" value="0"' in cloze


def test_a_saved_question_gets_rows_up_to_four_and_tidy_numbers(client, editor):
    client.force_login(editor)
    two = make_question()
    two.choices.filter(order__gte=2).delete()
    html = client.get(reverse("admin:library_question_change", args=[two.pk])).content.decode()
    assert 'name="choices-TOTAL_FORMS" value="4"' in html and 'name="choices-INITIAL_FORMS" value="2"' in html
    numeric = make_question(type=QuestionType.NUMERIC)
    html = client.get(reverse("admin:library_question_change", args=[numeric.pk])).content.decode()
    assert 'name="numeric_value" value="211.9"' in html and 'name="numeric_tolerance" value="0.1"' in html
    assert 'name="choices-TOTAL_FORMS" value="0"' in html
    assert "<strong>211.9亿元</strong>" in html  # the preview of what is saved, without JavaScript
