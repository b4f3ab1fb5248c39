"""What a learner sees after answering: right or not, the right answer, why, and the source."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from quizapp.library.models import Question, QuestionType
from quizapp.library.templatetags.quiz_display import expected_answer
from quizapp.quizzes.models import Answer, Attempt, Mode


def response_text(question: Question, response) -> str:
    """The learner's answer in words, for feedback and the results page."""
    if response is None:
        return "—"
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE):
        picked = set(response if isinstance(response, list) else [response])
        return " / ".join(c.text for c in question.choices.all() if c.pk in picked) or "—"
    if question.type == QuestionType.TRUE_FALSE:
        return "对" if response else "错"
    if question.type == QuestionType.CLOZE:
        return " / ".join(response)
    return str(response)


def _picked(response) -> set[int]:
    if isinstance(response, list):
        return {r for r in response if isinstance(r, int)}
    return {response} if isinstance(response, int) and not isinstance(response, bool) else set()


def choice_rows(attempt: Attempt, question: Question, response) -> list[dict]:
    """The question's choices in the attempt's order, each marked right or not and picked or not."""
    picked = _picked(response)
    return [
        {"id": c.pk, "text": c.text, "correct": c.is_correct, "picked": c.pk in picked, "feedback": c.feedback}
        for c in attempt.ordered_choices(question)
    ]


def feedback_for(attempt: Attempt, question: Question, answer: Answer) -> dict:
    choices = choice_rows(attempt, question, answer.response)
    return {
        "question": question,
        "answer": answer,
        "correct": answer.is_correct,
        "partial": 0 < answer.score < 1,
        "your_answer": response_text(question, answer.response),
        "expected": expected_answer(question),
        "choices": choices,
        "fact": question.fact,
        "is_last": attempt.position >= attempt.total,
        "show_feedback": True,
    }


def review_rows(attempt: Attempt) -> list[dict]:
    """Every question of the attempt, in order, with the learner's answer: three queries in all."""
    answers = {a.question_id: a for a in attempt.answers.all()}
    questions = Question.objects.filter(pk__in=attempt.question_ids).select_related("fact__article")
    by_id = {q.pk: q for q in questions.prefetch_related("choices")}
    rows = []
    for number, qid in enumerate(attempt.question_ids, 1):
        question = by_id.get(qid)
        if question is None:
            continue  # deleted since the attempt began
        answer = answers.get(qid)
        rows.append(
            {
                "number": number,
                "question": question,
                "answer": answer,
                "correct": bool(answer and answer.is_correct),
                "partial": bool(answer and 0 < answer.score < 1),
                "your_answer": response_text(question, answer.response if answer else None),
                "expected": expected_answer(question),
                "fact": question.fact,
                "choices": choice_rows(attempt, question, answer.response if answer else None),
            }
        )
    return rows


def revealed_question_ids(learner) -> set[int]:
    """Questions whose answers this learner has been shown: answered in practice mode, or in an
    attempt that has closed (an open exam keeps its answers hidden until it ends)."""
    if learner is None:
        return set()
    shown = (
        Q(attempt__mode=Mode.PRACTICE)
        | Q(attempt__finished_at__isnull=False)
        | Q(attempt__deadline__lte=timezone.now())
    )
    return set(Answer.objects.filter(attempt__learner=learner).filter(shown).values_list("question_id", flat=True))
