"""The pages of an open exam (issue 16, point 5): every question at its own address (`?q=3`), a
navigator of answered / flagged / unanswered questions, flags, answers changed until the exam is
submitted, and a summary before submitting (`submit/`).

Without JavaScript each is a whole page and every form a post that redirects (the flag excepted, see
`flag`); with htmx the navigator and the card are swapped together (`#exam-area`), and the address
bar follows. The rules themselves are the attempt's (quizapp/quizzes/exam.py)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url

from quizapp.library.models import Question
from quizapp.params import measured, optional_number
from quizapp.quizzes import views as pages
from quizapp.quizzes.grading import UngradableQuestion
from quizapp.quizzes.models import AnswerRefused, Attempt, AttemptClosed, Mode, NotInAttempt
from quizapp.quizzes.refusals import FINISHED
from quizapp.quizzes.responses import ResponseError, as_submission
from quizapp.web import HtmxHttpRequest, vary_on_htmx


def _render(request: HtmxHttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = "quizzes/_exam.html#exam-area" if pages._wants_card(request) else "quizzes/attempt.html"
    return vary_on_htmx(render(request, template, {"exam": True, **context}, status=status))


def _overview(attempt: Attempt, current: int | None) -> dict:
    """The navigator and the summary's lists, from one read of which questions are answered."""
    answered = attempt.answered_ids()
    navigator = attempt.navigator(current, answered)
    return {
        "attempt": attempt,
        "answered": answered,
        "navigator": navigator,
        "unanswered_items": [item for item in navigator if not item.answered],
        "flagged_items": [item for item in navigator if item.flagged],
    }


def _question_card(
    request: HtmxHttpRequest, attempt: Attempt, number: int, *, status: int = 200, submitted=None, **extra
) -> HttpResponse:
    overview = _overview(attempt, number)
    question_id = attempt.question_id_at(number)
    question = pages._question(question_id)
    if submitted is None:  # the answer given so far, ready to be changed
        stored = attempt.answers.filter(question_id=question_id).first()
        submitted = as_submission(question, stored.response) if stored else None
    overview.pop("attempt")
    context = pages._question_context(request, attempt, question, submitted=submitted, **overview, **extra)
    context.update(
        number=number,
        is_answered=question_id in overview["answered"],
        is_flagged=question_id in attempt.flagged_ids,
        previous_url=attempt.question_url(number - 1) if number > 1 else None,
        next_url=attempt.question_url(number + 1) if number < attempt.total else None,
        skip_to=attempt.next_unanswered(overview["answered"], number),
    )
    return _render(request, context, status)


def _summary(request: HtmxHttpRequest, attempt: Attempt, status: int = 200, **extra) -> HttpResponse:
    return _render(request, {**_overview(attempt, None), "summary_page": True, **extra}, status)


def _go(request: HtmxHttpRequest, attempt: Attempt, number: int | None) -> HttpResponse:
    """After an answer: the given question, or the summary when none is left unanswered."""
    url = attempt.question_url(number) if number else reverse("quizzes:submit", args=[attempt.pk])
    if not request.htmx:
        return redirect(url)
    response = _question_card(request, attempt, number) if number else _summary(request, attempt)
    return push_url(response, url)


def exam_page(request: HtmxHttpRequest, attempt: Attempt) -> HttpResponse:
    """An open exam at `?q=<number>`; without a number, its first unanswered question (or the
    summary once every question is answered)."""
    number = optional_number(request.GET, "q", maximum=max(attempt.total, 1))
    if number is None or number > attempt.total:
        number = attempt.next_unanswered(attempt.answered_ids())
        if number is None:
            return _summary(request, attempt)
    return _question_card(request, attempt, number)


def _open_exam(request: HtmxHttpRequest, pk: int) -> Attempt:
    attempt = pages._owned_attempt(request, pk, with_quiz=not request.htmx)
    if attempt.mode != Mode.EXAM:
        raise Http404
    return attempt


def _refused(request: HtmxHttpRequest, attempt: Attempt, exc: AnswerRefused, number: int | None) -> HttpResponse:
    """What the exam did not take: once it is closed, the closed notice (or the results with the
    reason, without JavaScript); while open, the question (or the summary) with the reason."""
    status = 400 if isinstance(exc, NotInAttempt) else 409
    if isinstance(exc, AttemptClosed) or not attempt.is_open:
        return pages._refused(request, attempt, str(exc), status=status)
    number = number or attempt.next_unanswered(attempt.answered_ids())
    if number is None:
        return _summary(request, attempt, status, error=str(exc))
    return _question_card(request, attempt, number, status=status, error=str(exc))


def _number_of(attempt: Attempt, question_id: int) -> int | None:
    return attempt.number_of(question_id) if question_id in attempt.question_ids else None


def answer(request: HtmxHttpRequest, attempt: Attempt) -> HttpResponse:
    """Record or change the answer to any question; then on to the next unanswered one."""
    question_id = optional_number(request.POST, "question") or 0
    number = _number_of(attempt, question_id)
    try:
        attempt.answer(
            question_id,
            request.POST,
            questions=pages._questions(),
            time_taken_ms=measured(request.POST.get("elapsed_ms")),
        )
    except ResponseError as exc:  # the same question again, with what was sent and what to fix
        return _question_card(request, attempt, number, status=422, error=str(exc), submitted=request.POST)
    except AnswerRefused as exc:
        return _refused(request, attempt, exc, number if isinstance(exc, AttemptClosed) else None)
    except UngradableQuestion as exc:
        return _question_card(request, attempt, number, status=409, error=str(exc.learner_message))
    except Question.DoesNotExist:
        raise Http404 from None
    if not attempt.is_open:  # a submitted exam gave its stored answer back: nothing to go on to
        return pages._refused(request, attempt, str(FINISHED), status=409)
    return _go(request, attempt, attempt.next_unanswered(attempt.answered_ids(), number))


@require_POST
def flag(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Flag a question for review, or take the flag off (`flagged` = 1 or 0). The button sits in the
    answer form, so the card comes back with whatever was ticked or typed but not yet saved; setting
    a value (not toggling) makes a repeated post harmless, so no redirect is needed to keep it."""
    attempt = _open_exam(request, pk)
    question_id = optional_number(request.POST, "question") or 0
    flagged = optional_number(request.POST, "flagged", minimum=0, maximum=1)
    try:
        attempt.set_flag(question_id, bool(flagged))
    except AnswerRefused as exc:
        return _refused(request, attempt, exc, None)
    number = attempt.number_of(question_id)
    return push_url(_question_card(request, attempt, number, submitted=request.POST), attempt.question_url(number))


@require_GET
def submit_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Before submitting: what is unanswered and what is flagged, each a link back to its question."""
    attempt = _open_exam(request, pk)
    if not attempt.is_open:
        return redirect(attempt)  # it says why, and opens the results
    return _summary(request, attempt)
