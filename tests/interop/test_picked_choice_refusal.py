"""An import that would drop a choice a learner picked: the rest of the file is written, and the
preview and the job's page name the question and the choice and say what to do, in the author's language."""

from __future__ import annotations

import io

from django.urls import reverse

from quizapp.interop.exporting import export
from quizapp.library.models import Question
from tests.factories import make_question
from tests.library.test_retire import answered_by_a_learner


def upload(content: bytes):
    file = io.BytesIO(content)
    file.name = "questions.gift"
    return file


def test_dropping_a_picked_choice_is_refused_by_name_and_the_rest_is_written(client, editor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    met = make_question()
    other = make_question(met.fact, prompt="第二题？")
    answer = answered_by_a_learner(client, met)
    picked = met.choices.get(pk=answer.response).text  # 200亿元, a wrong choice
    gift = export(Question.objects.filter(pk__in=[met.pk, other.pk]), "gift")[0].decode()
    first, second = gift.split("::第二题？::")
    edited = first.replace(f"~{picked} ", "") + "::第二题？::" + second.replace("第二题？{", "第二题（改过）？{")
    client.force_login(editor)

    preview = client.post("/admin/import/", {"file": upload(edited.encode()), "format": "gift"})
    rows = {r.prompt: r for r in preview.context["plan"].rows}
    assert rows[met.prompt].action == "refuse" and f"「{picked}」" in rows[met.prompt].reason
    assert rows["第二题（改过）？"].action == "update"

    done = client.post("/admin/import/", {"upload": preview.context["upload"], "write": "1"}, follow=True)
    page = done.content.decode()
    assert "导入完成：新建 0 道，更新 1 道，拒绝 1 道。" in page
    assert met.prompt in page and f"「{picked}」" in page
    assert (
        "学习者的作答中选过选项" in page and "停用这道题目另写一道新题" in page
    )  # what happened and what to do, in Chinese (retiring.CHOICE_PICKED)
    assert reverse("admin:library_question_change", args=[met.pk]) in page
    assert "Django" not in page.split("</title>")[0]
    assert met.choices.filter(text=picked).exists() and met.choices.count() == 4  # nothing of it written
    other.refresh_from_db()
    assert other.prompt == "第二题（改过）？"
