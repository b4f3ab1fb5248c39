"""Building the propose page's POST as a browser sends it, and reading what learners are shown."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from quizapp.quizzes.models import Attempt


def logged_in(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def propose_url(target) -> str:
    kind = "question" if hasattr(target, "prompt") else "fact"
    return reverse(f"admin:proposals_propose_{kind}", args=[target.pk])


def question_form(question, *, comment: str = "", choices: dict | None = None, **changes) -> dict:
    """The question's admin form as posted (status is shown but not sent: the field is disabled);
    `choices` maps a row number to the fields to change in it."""
    data = {
        "fact": question.fact_id, "type": question.type, "difficulty": question.difficulty,
        "prompt": question.prompt, "explanation": question.explanation, "accepted_answers": "",
        "answer_bool": "", "numeric_value": "", "numeric_tolerance": "0", "numeric_unit": "",
        "proposal_comment": comment,
    }  # fmt: skip
    rows = list(question.choices.all())
    data["choices-TOTAL_FORMS"] = data["choices-INITIAL_FORMS"] = len(rows)
    data["choices-MIN_NUM_FORMS"], data["choices-MAX_NUM_FORMS"] = 0, 1000
    for i, c in enumerate(rows):
        row = {"id": c.pk, "question": question.pk, "order": c.order, "text": c.text, "feedback": c.feedback,
               "is_correct": "on" if c.is_correct else "", **(choices or {}).get(i, {})}  # fmt: skip
        data.update({f"choices-{i}-{name}": value for name, value in row.items()})
    data.update(changes)
    return data


def fact_form(fact, *, comment: str = "", **changes) -> dict:
    questions = list(fact.questions.all())
    data = {
        "article": fact.article_id, "quote": fact.quote, "occurrence": "", "paragraph_hint": "",
        "restatement": fact.restatement, "erratum": fact.erratum, "proposal_comment": comment,
        "questions-TOTAL_FORMS": len(questions), "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0, "questions-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, q in enumerate(questions):
        data.update({f"questions-{i}-id": q.pk, f"questions-{i}-fact": fact.pk})
    data.update(changes)
    return data


def prompt_a_learner_meets(quiz) -> str:
    """Starts a fresh attempt at `quiz` as a new anonymous learner and returns its first page."""
    learner = Client()
    learner.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.order_by("-pk").first()
    return learner.get(f"/attempts/{attempt.pk}/").content.decode()
