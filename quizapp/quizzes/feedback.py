"""What a learner sees after answering: right or not, the right answer, why, and the source."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from quizapp.library import cloze
from quizapp.library.models import Question, QuestionType
from quizapp.library.reading import NOTHING, expected_answer, response_text
from quizapp.quizzes.grading import UngradableQuestion, blank_matches, note_text
from quizapp.quizzes.models import Answer, Attempt, Mode
from quizapp.quizzes.versions import as_asked, content_hash, fits, regrade_notes


def _picked(response) -> set[int]:
    if isinstance(response, list):
        return {r for r in response if isinstance(r, int)}
    return {response} if isinstance(response, int) and not isinstance(response, bool) else set()


# What a choice was for the learner, named so the page can say it in words, not by colour alone.
CHOICE_STATES = {(True, True): "hit", (True, False): "missed", (False, True): "wrong", (False, False): ""}


def choice_rows(attempt: Attempt, question: Question, response) -> list[dict]:
    """The question's choices in the attempt's order, each marked right or not and picked or not:
    right and picked is a hit, right but not picked is missed, picked but not right is wrong."""
    picked = _picked(response)
    answered = response is not None
    return [
        {
            "id": c.pk, "text": c.text, "correct": c.is_correct, "picked": c.pk in picked, "feedback": c.feedback,
            "state": CHOICE_STATES[c.is_correct, c.pk in picked] if answered else "",
        }
        for c in attempt.ordered_choices(question)
    ]  # fmt: skip


def blank_rows(question: Question, response) -> list[dict]:
    """A cloze's blanks one by one: what was typed, what is right and whether it counted."""
    if question.type != QuestionType.CLOZE:
        return []
    typed = response if isinstance(response, list) else []
    try:
        matches = blank_matches(question, typed)
    except (UngradableQuestion, TypeError, ValueError):  # a question edited since: show no marks
        return []
    return [
        {"number": n, "given": (typed[n - 1] if n <= len(typed) else "") or NOTHING, "expected": e, "right": m.matched}
        for n, (e, m) in enumerate(zip(cloze.answers(question.prompt), matches, strict=True), 1)
    ]


def _row(attempt: Attempt, current: Question, answer: Answer | None) -> dict:
    """How one answered (or unanswered) question reads, after answering and on the results page: an
    answer as the version it was graded under asked it (versions.py), so an edit since — of the type,
    the key or the choices — neither breaks the page nor contradicts the mark."""
    response = answer.response if answer else None
    version = answer.version if answer else None
    changed = version is not None and version.content_hash != content_hash(current)
    question = as_asked(current, version) if changed else current
    if not fits(question.type, response):  # stored before versions, under a type changed since
        response, shown = None, str(response)
    else:
        shown = response_text(question, response)
    return {
        "question": question,
        "answer": answer,
        "correct": bool(answer and answer.is_correct),
        "partial": bool(answer and 0 < answer.score < 1),
        "your_answer": shown,
        "expected": expected_answer(question),
        "note": note_text(answer.note if answer else None),
        "choices": choice_rows(attempt, question, response),
        "blanks": blank_rows(question, response) if answer else [],
        "fact": current.fact,
        "changed_since": changed,
        "regrades": regrade_notes(answer),
    }


def feedback_for(attempt: Attempt, question: Question, answer: Answer) -> dict:
    row = _row(attempt, question, answer)
    return {**row, "row": row, "is_last": attempt.position >= attempt.total, "show_feedback": True}


def review_rows(attempt: Attempt) -> list[dict]:
    """Every question of the attempt, in order, with the learner's answer: three queries in all."""
    answers = {a.question_id: a for a in attempt.answers.select_related("version")}
    questions = Question.objects.with_source().filter(pk__in=attempt.question_ids).prefetch_related("choices")
    by_id = {q.pk: q for q in questions}
    # A question deleted since the attempt began has no row.
    return [
        {"number": number, **_row(attempt, by_id[qid], answers.get(qid))}
        for number, qid in enumerate(attempt.question_ids, 1)
        if qid in by_id
    ]


def open_exams(learner):
    """The exams of this learner that are still open: a Learner, its id, or OuterRef("learner_id")."""
    return Attempt.objects.filter(learner=learner, mode=Mode.EXAM).still_open()


def withheld_question_ids(learner) -> set[int]:
    """Questions this learner must not see answered now: every question of an exam of theirs that is
    still open. The one rule the flashcards, the reader's highlight, the API and feedback all ask
    (through quizapp/library/revealed.py), so an open exam cannot be answered from another page."""
    learner_id = getattr(learner, "pk", learner)
    if learner_id is None:
        return set()
    exams = open_exams(learner_id)
    return {qid for ids in exams.values_list("question_ids", flat=True) for qid in ids}


def with_open_exam_flag(attempts):
    """Attempts annotated with whether their learner has an exam open, read in the same statement,
    so that shows_feedback asks for the exam's questions only when there is one (most answers)."""
    return attempts.annotate(learner_has_open_exam=Exists(open_exams(OuterRef("learner_id"))))


RESULTS_HELD = gettext_lazy("These results answer questions of the exam you have open; they are shown once it is over.")


def results_held(attempt: Attempt) -> bool:
    """A closed attempt's results show every right answer: held while an open exam asks one of them."""
    return bool(withheld_question_ids(attempt.learner_id).intersection(attempt.question_ids))


def shows_feedback(attempt: Attempt, question_id: int) -> bool:
    """Whether the feedback on this answer (the right answer, the source) may be shown now: not while
    its exam is open, nor while another open exam of the learner asks the same question."""
    if attempt.mode == Mode.EXAM and attempt.is_open:
        return False
    if getattr(attempt, "learner_has_open_exam", True) is False:  # see with_open_exam_flag
        return True
    return question_id not in withheld_question_ids(attempt.learner_id)


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
