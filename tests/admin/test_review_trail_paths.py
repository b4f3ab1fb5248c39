"""Every way a question changes leaves exactly one history record saying who (or, for load_content,
why) and what changed, old → new: the admin form, its bulk actions, an accepted suggestion, the API
and load_content. A path that bypassed the model's save (a bare update()) would show here as a
missing record."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from quizapp.library.models import Choice, Question, Status
from quizapp.library.suggest import suggest
from quizapp.library.trail import LOAD_CONTENT
from tests.admin.test_admin_in_chinese import question_post
from tests.api.helpers import client_for
from tests.factories import make_fact, make_question

CHANGELIST = reverse("admin:library_question_changelist")


def new_records(question: Question, before: int) -> list:
    """The history records of `question` written since it had `before` of them, oldest first."""
    return list(question.history.order_by("history_date", "history_id"))[before:]


def changed(record) -> dict[str, tuple]:
    """field → (old, new) between `record` and the one before it."""
    delta = record.diff_against(record.prev_record)
    return {c.field: (c.old, c.new) for c in delta.changes}


def test_the_admin_form_records_the_editor_and_each_changed_value(client, editor):
    question = make_question(status=Status.DRAFT, prompt="旧的题干是什么？")
    before = question.history.count()
    client.force_login(editor)
    url = reverse("admin:library_question_change", args=[question.pk])
    client.post(url, question_post(question, prompt="新的题干是什么？", difficulty=3))
    [record] = new_records(question, before)
    assert record.history_user == editor
    values = {field: change for field, change in changed(record).items() if field != "updated_at"}
    assert values == {"prompt": ("旧的题干是什么？", "新的题干是什么？"), "difficulty": (2, 3)}


def test_bulk_actions_record_who_took_them_one_record_per_question(client, author, editor):
    fact = make_fact()
    mine = [make_question(fact, status=Status.DRAFT, author=author, prompt=p) for p in ("第一问？", "第二问？")]
    before = {q.pk: q.history.count() for q in mine}
    selected = {"_selected_action": [q.pk for q in mine]}
    client.force_login(author)
    client.post(CHANGELIST, {"action": "send_to_review", **selected})
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "publish", **selected})
    for question in mine:
        sent, published = new_records(question, before[question.pk])
        assert (sent.history_user, changed(sent)["status"]) == (author, (Status.DRAFT, Status.REVIEW))
        assert (published.history_user, changed(published)["status"]) == (editor, (Status.REVIEW, Status.PUBLISHED))


def test_returning_to_the_author_records_the_editor_and_the_reason(client, author, editor):
    question = make_question(status=Status.REVIEW, author=author)
    before = question.history.count()
    client.force_login(editor)
    client.post(
        CHANGELIST, {"action": "return_to_author", "_selected_action": [question.pk], "reason": "解析没有引用原文"}
    )
    [record] = new_records(question, before)
    assert (record.history_user, record.history_change_reason) == (editor, "解析没有引用原文")
    assert changed(record)["status"] == (Status.REVIEW, Status.DRAFT)


def test_an_accepted_suggestion_starts_its_trail_with_the_author(client, bank, author):
    from quizapp.library.models import Fact

    corpus = list(Fact.objects.with_source())
    fact, chosen = next((f, s) for f in corpus for s in suggest(f, [c for c in corpus if c != f]) if s.choices)
    client.force_login(author)
    client.post(reverse("admin:library_fact_suggest", args=[fact.pk]), {"key": chosen.key})
    made = Question.objects.get(fact=fact, prompt=chosen.prompt, type=chosen.type)
    [record] = made.history.all()
    assert (record.history_type, record.history_user, record.status) == ("+", author, Status.DRAFT)
    choices = Choice.history.filter(question_id=made.pk)
    assert choices.count() == len(chosen.choices) and {c.history_user for c in choices} == {author}


def test_the_api_records_the_token_user_for_the_question_and_its_choices(editor):
    question = make_question(status=Status.DRAFT)
    before = question.history.count()
    first = question.choices.get(order=0)
    choices = [{"id": c.pk, "text": c.text, "is_correct": c.is_correct} for c in question.choices.all()]
    choices[1]["text"] = "199亿元"
    api = client_for(editor)
    response = api.patch(
        f"/api/v1/questions/{question.pk}/", {"prompt": "研发投入是多少？", "choices": choices}, format="json"
    )
    assert response.status_code == 200, response.content[:300]
    [record] = new_records(question, before)
    assert record.history_user == editor
    assert changed(record)["prompt"] == ("2023年蚂蚁集团研发投入是多少？", "研发投入是多少？")
    edited = Choice.history.filter(question_id=question.pk, history_type="~")
    assert [(c.text, c.history_user) for c in edited] == [("199亿元", editor)]  # the unchanged three: no record
    assert not Choice.history.filter(id=first.pk, history_type="~").exists()


def test_load_content_records_no_user_and_says_it_was_load_content(bank, tmp_path):
    question = Question.objects.filter(status=Status.PUBLISHED, type="true_false").order_by("pk").first()
    before = question.history.count()
    call_command("dump_content", str(tmp_path), stdout=io.StringIO())
    file = tmp_path / f"{question.fact.article.source_file.removesuffix('.txt')}.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count(f"prompt: {question.prompt}\n") == 1
    file.write_text(text.replace(f"prompt: {question.prompt}\n", "prompt: 这是从文件改过的题干。\n"), encoding="utf-8")
    call_command("load_content", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    [record] = new_records(question, before)
    assert (record.history_user, record.history_change_reason) == (None, LOAD_CONTENT)
    assert changed(record)["prompt"] == (question.prompt, "这是从文件改过的题干。")


def test_load_content_says_so_on_the_records_it_creates(bank, tmp_path):
    call_command("dump_content", str(tmp_path), stdout=io.StringIO())
    Question.objects.all().delete()
    last = {model: model.history.order_by("history_id").last().history_id for model in (Question, Choice)}
    call_command("load_content", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    created = Question.history.filter(history_id__gt=last[Question])
    assert created.count() == Question.objects.count() > 300
    assert set(created.values_list("history_type", "history_change_reason", "history_user")) == {
        ("+", LOAD_CONTENT, None)
    }
    choices = Choice.history.filter(history_id__gt=last[Choice])
    assert set(choices.values_list("history_type", "history_change_reason")) == {("+", LOAD_CONTENT)}


def test_the_history_page_reads_in_labels_and_lists_the_choices_changes(client, editor):
    question = make_question(status=Status.DRAFT)
    client.force_login(editor)
    url = reverse("admin:library_question_change", args=[question.pk])
    data = question_post(question, status=Status.REVIEW)
    data["choices-1-text"] = "199亿元"
    client.post(url, data)
    page = client.get(reverse("admin:library_question_history", args=[question.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    question_part, choices_part = html.split('id="change-history-1"')
    assert "<del>草稿</del>&nbsp;&rarr;&nbsp;<ins>审核中</ins>" in question_part  # labels, not "draft" → "review"
    assert "<del>200亿元</del>&nbsp;&rarr;&nbsp;<ins>199亿元</ins>" in choices_part and "erin" in choices_part
    assert "选项的变更" in html


def test_a_facts_history_names_its_drift_in_words(client, editor):
    from quizapp.library.models import Drift

    fact = make_fact()
    fact.drift = Drift.FLAGGED
    fact.save()
    client.force_login(editor)
    page = client.get(reverse("admin:library_fact_history", args=[fact.pk])).content.decode()
    assert "<del>matches the article</del>&nbsp;&rarr;&nbsp;<ins>needs re-anchoring</ins>" in page
