from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from quizapp.accounts.learners import current_learner, current_learner_id
from quizapp.library.models import Article, Question
from quizapp.quizzes.feedback import feedback_for, review_rows
from quizapp.quizzes.models import Answer, Attempt, AttemptClosed, Mode, Quiz
from quizapp.quizzes.responses import ResponseError, parse_response


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


def _question(pk: int, *, with_source: bool = False) -> Question:
    """The question card needs only the question and its choices; feedback also shows the source
    sentence, so it brings the fact and the article's title (never the article's long body)."""
    questions = Question.objects.prefetch_related("choices")
    if with_source:
        questions = questions.select_related("fact__article").defer("fact__article__body")
    return questions.get(pk=pk)


def _owned_attempt(request, pk: int, queryset=None, *, with_quiz: bool = True) -> Attempt:
    """Another learner's attempt, or one that does not exist, is the same 404."""
    learner_id = current_learner_id(request)
    if learner_id is None:
        raise Http404
    queryset = queryset if queryset is not None else Attempt.objects.all()
    if with_quiz:  # whole pages show the quiz's title; the htmx cards do not
        queryset = queryset.select_related("quiz")
    return get_object_or_404(queryset.filter(learner_id=learner_id), pk=pk)


@require_GET
def home(request):
    learner = current_learner(request)
    quizzes = list(
        Quiz.objects.listed().annotate(
            size=Count("article__facts__questions", filter=Q(article__facts__questions__status="published"))
        )
    )  # noqa: E501
    progress, open_attempt = {}, None
    if learner:
        rows = (
            Attempt.objects.owned_by(learner)
            .values("quiz_id")
            .annotate(n=Count("id"), best=Max("score"), done=Count("id", filter=Q(finished_at__isnull=False)))
        )
        progress = {r["quiz_id"]: r for r in rows}
        open_attempt = Attempt.objects.owned_by(learner).filter(finished_at__isnull=True).select_related("quiz").first()
        if open_attempt and not open_attempt.is_open:
            open_attempt = None
    for quiz in quizzes:
        quiz.progress = progress.get(quiz.pk)
    articles = Article.objects.with_counts()
    context = {"quizzes": quizzes, "articles": articles, "open_attempt": open_attempt}
    return render(request, "quizzes/home.html", context)


@require_GET
def quiz_detail(request, slug: str):
    quiz = get_object_or_404(Quiz.objects.select_related("article", "tag"), slug=slug)
    learner = current_learner(request)
    attempts = list(Attempt.objects.owned_by(learner).filter(quiz=quiz)[:10])
    size = quiz.pool().count()
    if quiz.question_count:
        size = min(size, quiz.question_count)
    return render(request, "quizzes/quiz_detail.html", {"quiz": quiz, "attempts": attempts, "size": size})


@require_POST
def start(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    question_ids = quiz.draw()
    if not question_ids:
        messages.error(request, _("This quiz has no published questions yet."))
        return redirect(quiz)
    attempt = Attempt.start(quiz, current_learner(request, create=True), question_ids)
    if request.htmx:
        return HttpResponseClientRedirect(attempt.get_absolute_url())
    return redirect(attempt)


def _question_context(attempt: Attempt, question: Question, **extra) -> dict:
    return {
        "attempt": attempt,
        "question": question,
        "choices": attempt.ordered_choices(question),
        "number": attempt.position + 1,
        **extra,
    }


@require_GET
def attempt_view(request, pk: int):
    attempt = _owned_attempt(request, pk, with_quiz=not request.htmx)
    after = request.GET.get("after", "")
    if after.isdigit():
        answer = attempt.answers.filter(question_id=int(after)).first()
        if answer:
            question = _question(answer.question_id, with_source=True)
            context = {"attempt": attempt, **feedback_for(attempt, question, answer)}
            template = "quizzes/attempt.html#feedback-card" if request.htmx else "quizzes/attempt.html"
            return _vary(render(request, template, context))
    if not attempt.is_open or attempt.current_question_id() is None:
        if request.htmx:
            return HttpResponseClientRedirect(reverse("quizzes:results", args=[attempt.pk]))
        return redirect("quizzes:results", pk=attempt.pk)
    question = _question(attempt.current_question_id())
    template = "quizzes/attempt.html#question-card" if request.htmx else "quizzes/attempt.html"
    return _vary(render(request, template, _question_context(attempt, question)))


@require_POST
def answer(request, pk: int):
    raw_id = request.POST.get("question", "")
    question_id = int(raw_id) if raw_id.isdigit() and len(raw_id) < 12 else 0
    # Whether this question was already answered comes with the attempt: one query, not two.
    answered = Answer.objects.filter(attempt=OuterRef("pk"), question_id=question_id)
    attempt = _owned_attempt(
        request, pk, Attempt.objects.annotate(already=Exists(answered)), with_quiz=not request.htmx
    )
    if question_id not in attempt.question_ids:
        return _closed(request, attempt, _("That question is not part of this attempt."), status=400)
    question = _question(question_id, with_source=attempt.mode == Mode.PRACTICE)
    existing = attempt.answers.get(question=question) if attempt.already else None
    if existing is None:
        try:
            response_value = parse_response(question, request.POST)
        except ResponseError as exc:
            context = _question_context(attempt, question, error=str(exc), submitted=request.POST)
            template = "quizzes/attempt.html#question-card" if request.htmx else "quizzes/attempt.html"
            return _vary(render(request, template, context, status=422))
        elapsed = request.POST.get("elapsed_ms", "")
        try:
            existing = attempt.submit(
                question, response_value, time_taken_ms=int(elapsed) if elapsed.isdigit() else None
            )
        except AttemptClosed as exc:
            return _closed(request, attempt, str(exc), status=409)
    if attempt.mode == Mode.EXAM:
        if attempt.position >= attempt.total:  # submit() has closed it
            url = reverse("quizzes:results", args=[attempt.pk])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        if not request.htmx:
            return redirect(attempt)
        next_question = _question(attempt.current_question_id())
        return _vary(render(request, "quizzes/attempt.html#question-card", _question_context(attempt, next_question)))
    if not request.htmx:
        return redirect(f"{attempt.get_absolute_url()}?after={question.pk}")
    context = {"attempt": attempt, **feedback_for(attempt, question, existing)}
    return _vary(render(request, "quizzes/attempt.html#feedback-card", context))


def _closed(request, attempt: Attempt, message: str, status: int) -> HttpResponse:
    if request.htmx:
        response = render(
            request, "quizzes/attempt.html#notice", {"attempt": attempt, "notice": message}, status=status
        )
        return _vary(response)
    messages.error(request, message)
    return redirect("quizzes:results", pk=attempt.pk) if not attempt.is_open else redirect(attempt)


@require_POST
def finish(request, pk: int):
    attempt = _owned_attempt(request, pk)
    attempt.finish()
    url = reverse("quizzes:results", args=[attempt.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
def results(request, pk: int):
    attempt = _owned_attempt(request, pk)
    if attempt.is_open and attempt.current_question_id() is not None:
        messages.info(request, _("Finish the quiz to see your results."))
        return redirect(attempt)
    rows = review_rows(attempt)
    wrong = [r for r in rows if not r["correct"]]
    return render(request, "quizzes/results.html", {"attempt": attempt, "rows": rows, "wrong_count": len(wrong)})


@require_POST
def retry_mistakes(request, pk: int):
    attempt = _owned_attempt(request, pk)
    mistakes = attempt.mistake_ids()
    if not mistakes:
        messages.success(request, _("No mistakes to retry — well done."))
        return redirect("quizzes:results", pk=attempt.pk)
    retry = Attempt.start(attempt.quiz, attempt.learner, mistakes, retry_of=attempt)
    return redirect(retry)
