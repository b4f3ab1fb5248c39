"""The learner's side of item statistics (issue 15, point 4): their weakest facts, judged as the
authors' figures judge a question (marks lost = answers − summed score, so a half-right cloze counts
half), and a practice attempt built from them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, F, Q, Sum
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizapp.accounts.learners import current_learner
from quizapp.accounts.throttle import endpoint_wait, wait_message
from quizapp.errors import too_many_requests
from quizapp.library.models import Fact, Question
from quizapp.quizzes.automatic import ensure_library_quizzes
from quizapp.quizzes.models import Answer, Attempt, Quiz

WEAKEST = 8
PRACTICE_SIZE = 10
PRACTICE_QUIZ = "mixed-practice"  # the library's practice quiz: feedback after every answer


def weakest_facts(learner, limit: int = WEAKEST) -> list[Fact]:
    """The facts this learner lost most marks on (each with n answers, wrong, right and lost), most first."""
    if learner is None:
        return []
    mine = Q(questions__answers__attempt__learner=learner)
    return list(
        Fact.objects.filter(mine)
        .annotate(
            n=Count("questions__answers", filter=mine),
            wrong=Count("questions__answers", filter=mine & Q(questions__answers__is_correct=False)),
            lost=F("n") - Sum("questions__answers__score", filter=mine),
        )
        .filter(wrong__gt=0)
        .annotate(right=F("n") - F("wrong"))
        .with_source()
        .order_by("-lost", "-wrong", "right", "pk")[:limit]
    )


def weak_question_ids(learner, limit: int = PRACTICE_SIZE) -> list[int]:
    """Published questions on the learner's weakest facts: the ones they got wrong first, weakest fact first."""
    facts = [fact.pk for fact in weakest_facts(learner)]
    rank = {pk: i for i, pk in enumerate(facts)}
    missed = set(
        Answer.objects.filter(attempt__learner=learner, is_correct=False, question__fact__in=facts).values_list(
            "question_id", flat=True
        )
    )
    live = Question.objects.live().filter(fact__in=facts).values_list("pk", "fact_id")
    ordered = sorted(live, key=lambda row: (row[0] not in missed, rank[row[1]], row[0]))
    return [pk for pk, _fact in ordered[:limit]]


@require_POST
def practise_weak_facts(request):
    if wait := endpoint_wait(request, "start"):  # it makes an attempt as a start does: one budget
        return too_many_requests(wait, wait_message(wait))
    learner = current_learner(request)
    ids = weak_question_ids(learner) if learner else []
    if not ids:
        messages.info(request, _("No weak facts to practise yet: answer a few quizzes first."))
        return redirect("quizzes:dashboard")
    quiz = Quiz.objects.filter(slug=PRACTICE_QUIZ).first()
    if quiz is None:  # made after migrate; a flushed database may lack it
        ensure_library_quizzes()
        quiz = Quiz.objects.get(slug=PRACTICE_QUIZ)
    return redirect(Attempt.start(quiz, learner, ids))
