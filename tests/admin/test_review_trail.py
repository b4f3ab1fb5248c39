"""The review trail: every status change has a history record with values, editors return a question
with a reason its author reads, publishing goes through review, and an edit can be reverted."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from quizapp.library.models import Question, Status
from tests.admin.test_admin_in_chinese import question_post
from tests.api.helpers import assert_error, client_for
from tests.factories import make_fact, make_question

CHANGELIST = reverse("admin:library_question_changelist")


def statuses(question: Question) -> list[str]:
    return list(question.history.order_by("history_date", "history_id").values_list("status", flat=True))


def test_bulk_status_changes_are_recorded_one_history_row_each(db):
    fact = make_fact()
    first, second = make_question(fact, status=Status.DRAFT), make_question(fact, status=Status.DRAFT)
    Question.objects.filter(pk__in=[first.pk, second.pk]).send_to_review()
    Question.objects.filter(pk__in=[first.pk, second.pk]).publish()
    for question in (first, second):
        assert statuses(question) == [Status.DRAFT, Status.REVIEW, Status.PUBLISHED]


def test_publishing_skips_drafts(db):
    draft = make_question(status=Status.DRAFT)
    assert Question.objects.filter(pk=draft.pk).publish() == 0
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_returns_a_question_with_a_reason_the_author_reads(client, editor, author):
    question = make_question(status=Status.REVIEW, author=author)
    client.force_login(editor)
    action = {"action": "return_to_author", "_selected_action": [question.pk]}
    asked = client.post(CHANGELIST, action)
    assert 'name="reason"' in asked.content.decode()  # the reason is asked for first
    question.refresh_from_db()
    assert question.status == Status.REVIEW

    refused = client.post(CHANGELIST, {**action, "reason": "   "})
    assert "This field is required" in refused.content.decode()
    client.post(CHANGELIST, {**action, "reason": "干扰项太弱：200亿元一眼可排除"})
    question.refresh_from_db()
    assert question.status == Status.DRAFT
    assert question.history.latest().history_change_reason == "干扰项太弱：200亿元一眼可排除"
    assert question.history.latest().history_user == editor

    client.force_login(author)
    page = client.get(reverse("admin:library_question_change", args=[question.pk])).content.decode()
    assert "干扰项太弱：200亿元一眼可排除" in page and "Returned by the editor" in page


def test_admin_history_shows_old_and_new_values_and_reverts(client, editor):
    question = make_question(status=Status.DRAFT, prompt="旧的题干是什么？")
    client.force_login(editor)
    url = reverse("admin:library_question_change", args=[question.pk])
    client.post(url, question_post(question, prompt="新的题干是什么？"))
    history = client.get(reverse("admin:library_question_history", args=[question.pk])).content.decode()
    assert "旧的题干是什么？" in history and "新的题干是什么？" in history and "&rarr;" in history

    first = question.history.earliest()
    revert_url = reverse("admin:library_question_simple_history", args=[question.pk, first.history_id])
    client.post(revert_url, question_post(Question.objects.get(pk=question.pk), prompt="旧的题干是什么？"))
    question.refresh_from_db()
    assert question.prompt == "旧的题干是什么？"
    assert question.history.count() == 3  # made, edited, reverted


def test_author_cannot_return_or_publish(client, author):
    question = make_question(status=Status.REVIEW, author=author)
    client.force_login(author)
    page = client.get(CHANGELIST).content.decode()
    assert "return_to_author" not in page and 'value="publish"' not in page
    client.post(CHANGELIST, {"action": "return_to_author", "_selected_action": [question.pk], "reason": "x"})
    question.refresh_from_db()
    assert question.status == Status.REVIEW


def test_a_draft_is_not_published_straight_from_the_form_or_the_api(client, editor):
    draft = make_question(status=Status.DRAFT)
    client.force_login(editor)
    url = reverse("admin:library_question_change", args=[draft.pk])
    form = client.get(url).content.decode()
    assert 'value="review"' in form and 'value="published"' not in form
    client.post(url, question_post(draft, status=Status.PUBLISHED))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    api = client_for(editor)
    refused = api.patch(f"/api/v1/questions/{draft.pk}/", {"status": Status.PUBLISHED}, format="json")
    assert "review" in assert_error(refused, 403)["error"]
    api.patch(f"/api/v1/questions/{draft.pk}/", {"status": Status.REVIEW}, format="json")
    assert api.patch(f"/api/v1/questions/{draft.pk}/", {"status": Status.PUBLISHED}, format="json").status_code == 200
    assert statuses(Question.objects.get(pk=draft.pk))[-2:] == [Status.REVIEW, Status.PUBLISHED]  # the API is recorded


def test_load_content_and_accepted_suggestions_start_the_trail(bank, tmp_path, author):
    from quizapp.library.models import Choice, Fact
    from quizapp.library.suggest import suggest
    from quizapp.library.suggest.accepting import accept

    call_command("dump_content", str(tmp_path), stdout=io.StringIO())
    Question.objects.all().delete()
    Fact.objects.all().delete()
    call_command("load_content", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    question = Question.objects.filter(choices__isnull=False).first()
    assert question.history.filter(history_type="+").exists()
    assert Choice.history.filter(question_id=question.pk, history_type="+").count() == question.choices.count()

    corpus = list(Fact.objects.with_source())
    fact, chosen = next((f, s) for f in corpus for s in suggest(f, [c for c in corpus if c != f]) if s.choices)
    made, _created = accept(fact, chosen, author)
    assert made.history.get().history_type == "+"  # in the admin, the request names the user too
    assert Choice.history.filter(question_id=made.pk).count() == len(chosen.choices)
