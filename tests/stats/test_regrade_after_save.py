"""Saving a question whose key changed after learners answered says at once that a regrade waits and
links to it (the offer in the statistics panel), and the change page keeps saying so until it is done."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.admin.test_admin_in_chinese import question_post
from tests.factories import make_question
from tests.quizzes.test_question_versions import answered

WAITS = "学习者作答后答案已修改：按当前答案，1 位学习者的 1 个已存作答的得分会改变（其中 1 个降低）。"


def note_at_top(html: str) -> str:
    found = re.search(r'<div class="errornote regrade-note" role="status">(.*?)</div>', html, re.S)
    return found[1] if found else ""


def test_saving_a_corrected_key_says_a_regrade_waits_until_it_is_done(client, editor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    question = make_question()
    answered(client, question)  # right under the key it was asked with
    client.force_login(editor)
    change = reverse("admin:library_question_change", args=[question.pk])
    offer = f'href="{change}#regrade-offer"'

    typo = question_post(question, prompt=question.prompt + " ", explanation=question.explanation + "。")
    saved = client.post(change, typo | {"_continue": "1"}, follow=True)
    assert not note_at_top(saved.content.decode())  # no key changed: nothing waits
    assert not any(offer in str(m) for m in saved.context["messages"])

    choices = list(question.choices.all())
    was, now = (
        next(i for i, c in enumerate(choices) if c.is_correct),
        next(i for i, c in enumerate(choices) if not c.is_correct),
    )
    corrected = question_post(question, **{f"choices-{was}-is_correct": "", f"choices-{now}-is_correct": "on"})
    saved = client.post(change, corrected, follow=True)  # "Save": back to the list, the message goes along
    assert saved.redirect_chain[-1][0] == reverse("admin:library_question_changelist")
    shown = [str(m) for m in saved.context["messages"]]
    assert len(shown) == 2 and WAITS in shown[1] and offer in shown[1] and "重新评分…" in shown[1]

    page = client.get(change).content.decode()
    assert WAITS in note_at_top(page) and offer in note_at_top(page)
    assert 'id="regrade-offer"' in page  # where the link leads: the panel's button

    client.post(reverse("admin:library_question_regrade", args=[question.pk]))
    assert not note_at_top(client.get(change).content.decode())  # done: the note is gone
