"""The comment thread between a question's author and the editors: the return reason is in it, the
author's list shows what is unread or came back, replying or "mark as read" clears it, and nobody
else writes in it."""

from __future__ import annotations

from django.urls import reverse

from quizapp.library.comments import Comment, CommentKind
from quizapp.library.models import Status
from tests.factories import make_question, make_user

CHANGELIST = reverse("admin:library_question_changelist")


def page(client, question) -> str:
    return client.get(reverse("admin:library_question_change", args=[question.pk])).content.decode()


def comment(client, question, **data):
    return client.post(reverse("admin:library_question_comment", args=[question.pk]), data)


def listed(client, **filters) -> str:
    return client.get(CHANGELIST, filters).content.decode()


def test_a_return_reason_is_in_the_thread_and_the_authors_list_shows_it_unread(client, author, editor):
    returned = make_question(status=Status.REVIEW, author=author, prompt="被退回的题干？")
    untouched = make_question(returned.fact, status=Status.DRAFT, author=author, prompt="没有评论的题干？")
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "return_to_author", "_selected_action": [returned.pk], "reason": "干扰项太弱"})
    [reason] = Comment.objects.filter(question=returned)
    assert (reason.kind, reason.author, reason.text, reason.read_at) == (
        CommentKind.RETURNED,
        editor,
        "干扰项太弱",
        None,
    )

    client.force_login(author)
    unread = listed(client, comments="unread")
    assert "被退回的题干？" in unread and "没有评论的题干？" not in unread
    assert "被退回的题干？" in listed(client, comments="returned")
    assert '<strong class="comments-new">1 new</strong>' in listed(client)  # the column, unfiltered
    thread = page(client, returned).split('id="comments"')[1]
    assert "干扰项太弱" in thread and "erin" in thread and "comment-unread" in thread and "Mark as read" in thread
    assert "comment-unread" not in page(client, untouched)


def test_replying_marks_read_and_the_editor_then_sees_the_reply_unread(client, author, editor):
    question = make_question(status=Status.DRAFT, author=author, prompt="要讨论的题干？")
    Comment.objects.create(question=question, author=editor, text="第二个选项的依据是什么？")
    client.force_login(author)
    response = comment(client, question, text="见第 12 段：“研发投入211.9亿元”。")
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    assert "要讨论的题干？" not in listed(client, comments="unread")  # answering read the editor's question

    client.force_login(editor)
    assert "要讨论的题干？" in listed(client, comments="unread")
    thread = page(client, question).split('id="comments"')[1]
    assert thread.index("第二个选项的依据是什么？") < thread.index("见第 12 段")  # oldest first
    comment(client, question, mark_read="1")
    assert "要讨论的题干？" not in listed(client, comments="unread")
    assert Comment.objects.filter(question=question, read_at__isnull=True).count() == 0


def test_only_the_author_and_editors_write_in_the_thread(client, author):
    question = make_question(status=Status.DRAFT, author=author)
    Comment.objects.create(question=question, author=author, text="给编辑的留言")
    other = make_user("otto", staff=True, group="Authors")
    client.force_login(other)
    assert 'class="comment-form"' not in page(client, question)
    comment(client, question, text="我也想说两句")
    comment(client, question, mark_read="1")
    assert list(Comment.objects.values_list("text", "read_at")) == [("给编辑的留言", None)]
    assert "给编辑的留言" not in listed(client, comments="unread")  # not the other author's to read


def test_an_empty_comment_is_refused_with_a_message(client, author):
    question = make_question(status=Status.DRAFT, author=author)
    client.force_login(author)
    refused = comment(client, question, text="   ")
    assert refused.status_code == 400
    assert "write something first" in refused.content.decode() and "This field is required" in refused.content.decode()
    assert not Comment.objects.exists()
    assert comment(client, question, text="x" * 2001).status_code == 400


def test_learners_cannot_reach_the_thread(client, learner, author):
    question = make_question(status=Status.DRAFT, author=author)
    client.force_login(learner)
    response = comment(client, question, text="路过")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_a_long_reason_is_kept_whole_in_the_thread_and_shortened_in_the_history(client, author, editor):
    question = make_question(status=Status.REVIEW, author=author)
    reason = "第二个干扰项与原文第 12 段的数字只差一位小数，学习者一眼就能排除；" * 8
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "return_to_author", "_selected_action": [question.pk], "reason": reason})
    assert Comment.objects.get(question=question).text == reason.strip()
    recorded = question.history.latest().history_change_reason
    assert len(recorded) == 100 and recorded.endswith("…") and reason.startswith(recorded[:-1])
    client.force_login(author)
    banner = page(client, question).split('class="errornote returned-because"')[1].split("</div>")[0]
    assert reason.strip() in banner


def test_the_comments_column_costs_no_statement_per_question(client, author, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(CHANGELIST).status_code == 200
        return len(ctx.captured_queries)

    first = make_question(status=Status.DRAFT, author=author)
    Comment.objects.create(question=first, author=editor, text="第一条")
    client.force_login(author)
    one = statements()
    for n in range(5):
        more = make_question(first.fact, status=Status.DRAFT, author=author, prompt=f"第{n}问？")
        Comment.objects.create(question=more, author=editor, text="再一条")
    assert statements() == one  # counts come from subqueries of the list's own query
    assert listed(client).count('<strong class="comments-new">1 new</strong>') == 6
