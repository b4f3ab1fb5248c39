"""A question whose fact is only the importer's proposal cannot be published by any path until an
author confirms the fact; the uploaded file waits on the server, not in the preview page."""

from __future__ import annotations

import io

from quizapp.interop import uploads
from quizapp.library.models import Article, Question, Status
from tests.api.helpers import client_for
from tests.factories import make_question
from tests.interop.test_files import ARTICLE, HAND_WRITTEN_MOODLE


def unanchored(**overrides) -> Question:
    return make_question(status=Status.REVIEW, anchored=False, **overrides)


def test_bulk_publish_skips_questions_whose_fact_is_unconfirmed(db):
    waiting, ready = unanchored(), make_question(status=Status.REVIEW)
    assert Question.objects.filter(pk__in=[waiting.pk, ready.pk]).publish() == 1
    waiting.refresh_from_db(), ready.refresh_from_db()
    assert (waiting.status, ready.status) == (Status.REVIEW, Status.PUBLISHED)


def admin_form(question: Question, **changes) -> dict:
    data = {
        "fact": question.fact_id, "type": question.type, "status": question.status, "difficulty": 2,
        "prompt": question.prompt, "explanation": question.explanation, "numeric_tolerance": "0",
        "choices-TOTAL_FORMS": "4", "choices-INITIAL_FORMS": "4", "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    if question.anchored:
        data["anchored"] = "on"
    for n, choice in enumerate(question.choices.all()):
        data |= {f"choices-{n}-id": choice.pk, f"choices-{n}-question": question.pk, f"choices-{n}-order": n,
                 f"choices-{n}-text": choice.text, f"choices-{n}-feedback": ""}  # fmt: skip
        if choice.is_correct:
            data[f"choices-{n}-is_correct"] = "on"
    return data | changes


def test_the_admin_refuses_to_publish_until_the_fact_is_confirmed(client, editor):
    question = unanchored()
    client.force_login(editor)
    url = f"/admin/library/question/{question.pk}/change/"
    refused = client.post(url, admin_form(question, status=Status.PUBLISHED))
    assert "Confirm the question&#x27;s fact (or choose another) before publishing it." in refused.content.decode()
    question.refresh_from_db()
    assert question.status == Status.REVIEW
    confirmed = client.post(url, admin_form(question, status=Status.PUBLISHED, anchored="on"))
    assert confirmed.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.anchored) == (Status.PUBLISHED, True)


def test_the_api_refuses_to_publish_until_a_fact_is_chosen(editor):
    question = unanchored()
    api = client_for(editor)
    url = f"/api/v1/questions/{question.pk}/"
    refused = api.patch(url, {"status": "published"}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()["fields"]
    question.refresh_from_db()
    assert question.status == Status.REVIEW
    chosen = api.patch(url, {"status": "published", "fact": question.fact_id}, format="json")
    assert chosen.status_code == 200
    question.refresh_from_db()
    assert (question.status, question.anchored) == (Status.PUBLISHED, True)


def preview(client, author):
    upload = io.BytesIO(HAND_WRITTEN_MOODLE)
    upload.name = "questions.xml"
    article = Article.objects.get(source_file=ARTICLE)
    return client.post("/admin/import/", {"file": upload, "format": "moodle", "article": article.pk}), article


def test_the_preview_page_carries_a_token_not_the_file(bank, client, author):
    client.force_login(author)
    response, _article = preview(client, author)
    page = response.content.decode()
    token = response.context["upload"]
    assert f'name="upload" value="{token}"' in page
    assert "payload" not in page and len(page) < 200_000
    assert uploads.fetch(author.pk, token) == ("moodle", HAND_WRITTEN_MOODLE)


def test_another_users_token_or_an_expired_one_writes_nothing(bank, client, author, editor):
    client.force_login(author)
    response, article = preview(client, author)
    token, before = response.context["upload"], Question.objects.count()
    client.force_login(editor)
    stolen = client.post("/admin/import/", {"upload": token, "article": article.pk, "write": "1"}, follow=True)
    assert "The preview expired; upload the file again." in stolen.content.decode()
    uploads.discard(token)
    client.force_login(author)
    expired = client.post("/admin/import/", {"upload": token, "article": article.pk, "write": "1"}, follow=True)
    assert "The preview expired; upload the file again." in expired.content.decode()
    assert Question.objects.count() == before


def test_confirming_writes_once_and_forgets_the_file(bank, client, author):
    client.force_login(author)
    response, article = preview(client, author)
    token = response.context["upload"]
    client.post("/admin/import/", {"upload": token, "article": article.pk, "write": "1"})
    assert uploads.fetch(author.pk, token) is None
