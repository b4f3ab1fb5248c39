from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from quizapp.accounts.learners import current_learner, current_learner_id
from quizapp.accounts.throttle import endpoint_wait, wait_message
from quizapp.errors import too_many_requests
from quizapp.library.context_processors import reading_script
from quizapp.library.models import Article, Question, QuestionType
from quizapp.paging import figured, page_of
from quizapp.params import BadParameter, measured, optional_number
from quizapp.quizzes import cards, fetch
from quizapp.quizzes.feedback import (
    RESULTS_HELD,
    feedback_for,
    results_held,
    review_rows,
    shows_feedback,
    with_open_exam_flag,
)
from quizapp.quizzes.grading import UngradableQuestion
from quizapp.quizzes.models import AnswerRefused, Attempt, Mode, NotInAttempt, Quiz
from quizapp.quizzes.refusals import QUIZ_CLOSED
from quizapp.quizzes.responses import ResponseError, response_field
from quizapp.web import HtmxHttpRequest, vary_on_htmx


def _questions(*, with_source: bool = False):
    """The question card needs only the question and its choices; feedback also shows the source
    sentence, so it brings the fact and the article's title (never the article's long body)."""
    questions = Question.objects.with_source() if with_source else Question.objects.all()
    return questions.prefetch_related("choices")


def _question(pk: int, *, with_source: bool = False) -> Question:
    return _questions(with_source=with_source).get(pk=pk)


def _owned_attempt(request, pk: int, queryset=None, *, with_quiz: bool = True) -> Attempt:
    """Another learner's attempt, or one that does not exist, is the same 404."""
    learner_id = current_learner_id(request)
    if learner_id is None:
        raise Http404
    queryset = queryset if queryset is not None else Attempt.objects.all()
    if with_quiz:  # whole pages show the quiz's title; the htmx cards do not
        queryset = queryset.select_related("quiz")
    return get_object_or_404(queryset.filter(learner_id=learner_id), pk=pk)


def _progress(learner) -> dict[int, dict]:
    """Per quiz: how many attempts, and the best percentage among the closed ones (an unfinished
    attempt has no score yet). Two statements whatever the number of attempts."""
    if learner is None:
        return {}
    attempts = Attempt.objects.owned_by(learner)
    progress = {r["quiz_id"]: {"n": r["n"], "best": None} for r in attempts.values("quiz_id").annotate(n=Count("id"))}
    for attempt in attempts.filter(Q(finished_at__isnull=False) | Q(deadline__lte=timezone.now())):
        row = progress[attempt.quiz_id]
        row["best"] = max(row["best"] or 0, attempt.percent)
    return progress


HOME_ARTICLES = 10


@require_GET
def home(request):
    learner = current_learner(request)
    page = page_of(request, Quiz.objects.listed())
    progress, open_attempt = _progress(learner), None
    if learner:
        open_attempt = Attempt.objects.owned_by(learner).still_open().select_related("quiz").first()
    for quiz in page:
        quiz.progress = progress.get(quiz.pk)
    # The first articles only, counted for those alone: the whole list, a page at a time, is /articles/.
    first_articles = Article.objects.listed().values_list("pk", flat=True)[:HOME_ARTICLES]
    articles = figured(first_articles, Article.objects.with_counts().order_by("source_file"))
    context = {"page": page, "articles": articles, "more_articles": len(articles) == HOME_ARTICLES}
    return render(request, "quizzes/home.html", {**context, "open_attempt": open_attempt})


@require_GET
def quiz_detail(request, slug: str):
    quiz = get_object_or_404(Quiz.objects.with_heading(), slug=slug)
    learner = current_learner(request)
    attempts = list(Attempt.objects.owned_by(learner).filter(quiz=quiz)[:10])
    size = quiz.pool().count()
    if quiz.question_count:
        size = min(size, quiz.question_count)
    context = {"quiz": quiz, "attempts": attempts, "size": size, "closed_message": QUIZ_CLOSED}
    return render(request, "quizzes/quiz_detail.html", context)


@require_POST
def start(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    if wait := endpoint_wait(request, "start"):  # each start makes an attempt (and a learner, anonymously)
        return too_many_requests(wait, wait_message(wait))
    if quiz.is_closed:
        messages.error(request, QUIZ_CLOSED)
        return redirect(quiz)
    question_ids = quiz.draw()
    if not question_ids:
        messages.error(request, _("This quiz has no published questions yet."))
        return redirect(quiz)
    attempt = Attempt.start(quiz, current_learner(request, create=True), question_ids)
    if request.htmx:
        return HttpResponseClientRedirect(attempt.get_absolute_url())
    return redirect(attempt)


def _blanks(card: cards.Card, submitted) -> list[dict]:
    """A cloze's text and blanks to fill, each blank keeping what was typed when the card comes back
    with something to fix."""
    if card.type != QuestionType.CLOZE:
        return []
    typed = submitted.getlist("blank") if submitted is not None else []
    segments = [dict(part) for part in card.segments]  # what was typed is this learner's, not the cache's
    for index, part in enumerate(p for p in segments if "blank" in p):
        part["value"] = typed[index] if index < len(typed) else ""
    return segments


def _question_context(request, attempt: Attempt, question: Question | cards.Card, **extra) -> dict:
    """The card's context: the question's cached content (cards.py) and this learner's state."""
    if isinstance(question, Question):
        question = cards.card_for(question, reading_script(request))
    submitted = extra.get("submitted")
    segments = _blanks(question, submitted)
    return {
        "attempt": attempt,
        "question": question,
        "choices": cards.in_order(question, attempt.choice_orders.get(str(question.pk))),
        "segments": segments,
        "several_blanks": sum("blank" in p for p in segments) > 1,
        # What is ticked when the card comes back: a refused submission, or an exam answer to change.
        "picked": set(submitted.getlist(response_field(question))) if submitted is not None else set(),
        "unanswered": attempt.total - attempt.position,
        "number": attempt.position + 1,
        **extra,
    }


def _wants_card(request: HtmxHttpRequest) -> bool:
    """htmx swaps in a card, except when it restores a page from history (Back after its cache
    ran out): then it needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _render(request: HtmxHttpRequest, fragment: str, context: dict, status: int = 200) -> HttpResponse:
    """One card of the attempt page for htmx, the whole page without JavaScript."""
    template = f"quizzes/attempt.html#{fragment}" if _wants_card(request) else "quizzes/attempt.html"
    return vary_on_htmx(render(request, template, context, status=status))


def _card(
    request: HtmxHttpRequest, attempt: Attempt, question: Question | cards.Card, status: int = 200, **extra
) -> HttpResponse:
    """The question to answer now."""
    context = _question_context(request, attempt, question, **extra)
    return _render(request, "question-card", {**context, "card_body": cards.card_body(context)}, status)


def feedback_url(attempt: Attempt, question_id: int) -> str:
    """The address of one answered question's feedback: reload, Back and bookmarks come back to it."""
    return f"{attempt.get_absolute_url()}?after={question_id}"


@require_GET
def attempt_view(request: HtmxHttpRequest, pk: int):
    # One statement: the attempt with its live questions' versions (fetch.py); a whole page reads the quiz after.
    learner_id = current_learner_id(request)
    attempt = fetch.owned_attempt(pk, learner_id) if learner_id is not None else None
    if attempt is None:  # another learner's attempt, or none: the same 404
        raise Http404
    after = optional_number(request.GET, "after")
    # An open exam keeps its answers to itself: its feedback has no address until it closes.
    if after is not None and shows_feedback(attempt, after):
        answer = attempt.answers.filter(question_id=after).first()
        if answer:
            question = _question(answer.question_id, with_source=True)
            return _render(request, "feedback-card", {"attempt": attempt, **feedback_for(attempt, question, answer)})
    attempt.withdraw_stale()
    if attempt.mode == Mode.EXAM and attempt.is_open:
        from quizapp.quizzes import exam_views  # it builds on this module's cards

        return exam_views.exam_page(request, attempt)
    if not attempt.is_open or attempt.current_question_id() is None:
        if attempt.is_expired and not attempt.is_finished:  # the server closed it at the deadline: say so
            messages.info(request, _("Time is up: the exam was submitted at its time limit."))
        if _wants_card(request):
            return HttpResponseClientRedirect(reverse("quizzes:results", args=[attempt.pk]))
        return redirect("quizzes:results", pk=attempt.pk)
    # withdraw_stale read the question's content version: the card itself usually comes from the cache.
    card = cards.current_card(attempt, attempt.current_question_id(), reading_script(request))
    return _card(request, attempt, card)


@require_POST
def answer(request: HtmxHttpRequest, pk: int):
    attempt = _owned_attempt(request, pk, with_open_exam_flag(Attempt.objects.all()), with_quiz=not request.htmx)
    if attempt.mode == Mode.EXAM:
        from quizapp.quizzes import exam_views  # it builds on this module's cards

        return exam_views.answer(request, attempt)
    try:
        question_id = optional_number(request.POST, "question") or 0
    except BadParameter:  # not a question id at all: refused below as not part of this attempt
        question_id = 0
    try:
        answer, _created = attempt.answer(
            question_id,
            request.POST,
            questions=_questions(with_source=True),
            time_taken_ms=measured(request.POST.get("elapsed_ms")),
        )
    except ResponseError as exc:  # the question was the current one: show it again with what to fix
        question = _question(attempt.current_question_id())
        return _card(request, attempt, question, status=422, error=str(exc), submitted=request.POST)
    except AnswerRefused as exc:
        return _refused(request, attempt, str(exc), status=400 if isinstance(exc, NotInAttempt) else 409)
    except UngradableQuestion as exc:
        return _refused(request, attempt, str(exc.learner_message), status=409)
    except Question.DoesNotExist:
        raise Http404 from None
    question = answer.question
    if not shows_feedback(attempt, question.pk):  # an open exam asks it too: no feedback until that is over
        url = attempt.get_absolute_url()
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if not request.htmx:
        return redirect(feedback_url(attempt, question.pk))
    card = _render(request, "feedback-card", {"attempt": attempt, **feedback_for(attempt, question, answer)})
    return push_url(card, feedback_url(attempt, question.pk))


def _refused(request: HtmxHttpRequest, attempt: Attempt, message: str, status: int) -> HttpResponse:
    """An answer the attempt did not take. While it is open the learner sees the question to answer
    now with the reason; once it is closed, the closed notice (or, without JavaScript, the results)."""
    current = attempt.current_question_id() if attempt.is_open else None
    if current is not None:
        return _card(request, attempt, _question(current), status=status, error=message)
    if request.htmx:
        context = {"attempt": attempt, "notice": message}
        return vary_on_htmx(render(request, "quizzes/attempt.html#notice", context, status=status))
    messages.error(request, message)
    return redirect("quizzes:results", pk=attempt.pk)


@require_POST
def finish(request, pk: int):
    attempt = _owned_attempt(request, pk)
    attempt.finish()
    url = reverse("quizzes:results", args=[attempt.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
def results(request, pk: int):
    attempt = _owned_attempt(request, pk)
    if not attempt.results_ready():
        messages.info(request, _("Finish the quiz to see your results."))
        return redirect(attempt)
    if results_held(attempt):
        messages.info(request, RESULTS_HELD)
        return redirect("quizzes:home")
    rows = review_rows(attempt)
    wrong = [r for r in rows if not r["correct"]]
    return render(request, "quizzes/results.html", {"attempt": attempt, "rows": rows, "wrong_count": len(wrong)})


@require_POST
def retry_mistakes(request, pk: int):
    attempt = _owned_attempt(request, pk)
    if wait := endpoint_wait(request, "start"):  # a retry makes an attempt as a start does: one budget
        return too_many_requests(wait, wait_message(wait))
    mistakes = attempt.mistake_ids()
    if not mistakes:
        messages.success(request, _("No mistakes to retry — well done."))
        return redirect("quizzes:results", pk=attempt.pk)
    if attempt.quiz.is_closed:
        messages.error(request, QUIZ_CLOSED)
        return redirect("quizzes:results", pk=attempt.pk)
    retry = Attempt.start(attempt.quiz, attempt.learner, mistakes, retry_of=attempt)
    return redirect(retry)
