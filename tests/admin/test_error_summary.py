"""A refused question form lists every error at its top, each linking to its field or inline row."""

from __future__ import annotations

import re

from django.urls import reverse

from quizapp.library.models import QuestionType
from tests.admin.test_admin_in_chinese import question_post
from tests.factories import make_question


def summary_links(html: str) -> dict[str, str]:
    """anchor → text of each link in the error summary."""
    block = re.search(r'<div class="errornote error-summary".*?</div>', html, re.S)
    assert block, "no error summary on the page"
    return {a: re.sub(r"<[^>]+>", "", t) for a, t in re.findall(r'<li><a href="#([^"]+)">(.*?)</li>', block[0], re.S)}


def test_choices_left_on_a_cloze_are_named_at_the_top_with_a_link_to_the_inline(client, editor):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    client.force_login(editor)
    url = reverse("admin:library_question_change", args=[question.pk])
    html = client.post(
        url, question_post(question, type=QuestionType.CLOZE, prompt="{{c1::211.9亿元}}")
    ).content.decode()
    links = summary_links(html)
    assert any(anchor.startswith("choices") for anchor in links), links
    assert any("choice" in text.lower() for text in links.values())
    assert 'id="choices-group"' in html  # the anchor exists on the page


def test_a_field_error_links_to_its_field(client, editor):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    client.force_login(editor)
    url = reverse("admin:library_question_change", args=[question.pk])
    html = client.post(url, question_post(question, prompt="")).content.decode()
    links = summary_links(html)
    assert "id_prompt" in links and links["id_prompt"].startswith("Prompt")
    assert 'id="id_prompt"' in html


def test_a_saved_form_has_no_summary(client, editor):
    question = make_question(type=QuestionType.SINGLE_CHOICE)
    client.force_login(editor)
    html = client.get(reverse("admin:library_question_change", args=[question.pk])).content.decode()
    assert "error-summary" not in html
