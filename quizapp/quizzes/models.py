from __future__ import annotations

import random
from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizapp.accounts.models import Learner
from quizapp.library.models import Article, Choice, Question, Tag, with_article_heading
from quizapp.quizzes.counters import advance
from quizapp.quizzes.exam import ExamNavigation
from quizapp.quizzes.grading import grade
from quizapp.quizzes.refusals import (
    FINISHED,
    NOT_IN_ATTEMPT,
    TIME_IS_UP,
    WITHDRAWN,
    AttemptClosed,
    NotInAttempt,
    OutOfOrder,
    Withdrawn,
)
from quizapp.quizzes.refusals import AnswerRefused as AnswerRefused
from quizapp.quizzes.responses import parse_response
from quizapp.quizzes.versions import current_version


class Mode(models.TextChoices):
    PRACTICE = "practice", _("practice (feedback after each answer)")
    EXAM = "exam", _("exam (feedback at the end)")


class Rule(models.TextChoices):
    CURATED = "curated", _("curated list")
    ARTICLE = "article", _("an article")
    TAG = "tag", _("a tag")
    ALL = "all", _("all published questions")


class Scoring(models.TextChoices):
    ALL_OR_NOTHING = "all", _("all or nothing")
    PARTIAL = "partial", _("partial credit")


# A quiz drawn from an article or a tag since deleted (Quiz.is_closed, as a filter).
CLOSED = Q(rule=Rule.ARTICLE, article__isnull=True) | Q(rule=Rule.TAG, tag__isnull=True)


class QuizQuerySet(models.QuerySet):
    def with_heading(self) -> QuizQuerySet:
        """Quizzes with their article's title and tag, minus the article body."""
        return with_article_heading(self, "article").select_related("tag")

    def listed(self) -> QuizQuerySet:
        return self.with_heading().exclude(CLOSED).order_by("-is_automatic", "article__source_file", "title")


class Quiz(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rule = models.CharField(_("which questions"), max_length=10, choices=Rule.choices, default=Rule.CURATED)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="quizzes", verbose_name=_("article")
    )
    # Deleting an article or tag keeps the quiz (closed: is_closed) and its attempts.
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="quizzes", verbose_name=_("tag")
    )
    questions = models.ManyToManyField(Question, through="QuizItem", blank=True, related_name="quizzes")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.PRACTICE)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Exam mode only; blank = none.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    question_count = models.PositiveIntegerField(
        _("number of questions"), null=True, blank=True, help_text=_("Blank = every question.")
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"), default=60, help_text=_("Percent needed to pass."))
    scoring = models.CharField(_("scoring"), max_length=10, choices=Scoring.choices, default=Scoring.ALL_OR_NOTHING)
    is_automatic = models.BooleanField(_("made automatically"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="pass_mark_is_a_percentage"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz", args=[self.slug])

    @property
    def is_closed(self) -> bool:  # its article or tag was deleted: no new attempts, the old ones stay
        return self.rule in (Rule.ARTICLE, Rule.TAG) and getattr(self, f"{self.rule}_id") is None

    def pool(self):
        """The live questions this quiz draws from, in a stable order."""
        live = Question.objects.live()
        if self.rule == Rule.ARTICLE:
            return live.filter(fact__article_id=self.article_id).order_by("fact__start", "created_at", "pk")
        if self.rule == Rule.TAG:
            return live.filter(tags=self.tag_id).order_by("pk")
        if self.rule == Rule.ALL:
            return live.order_by("pk")
        return live.filter(quizitem__quiz=self).order_by("quizitem__order", "pk")

    def draw(self, rng: random.Random | None = None) -> list[int]:
        pool = self.pool().values_list("pk", flat=True)
        if self.shuffle_questions and self.question_count:
            # A few out of what may be every live question (the mixed quiz): the database samples them
            # (ORDER BY random() LIMIT n), so the pool's ids never all come into Python (issue 18).
            return list(pool.order_by("?")[: self.question_count])
        ids = list(pool[: self.question_count] if self.question_count else pool)
        if self.shuffle_questions:
            (rng or random.Random()).shuffle(ids)
        return ids


class QuizItem(models.Model):
    # db_index=False here and on Attempt.learner and Answer.attempt: a composite index leads with the column.
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, verbose_name=_("quiz"), db_index=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, verbose_name=_("question"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="question_once_per_quiz")]

    def __str__(self) -> str:
        return f"{self.quiz_id}:{self.order}"


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, learner: Learner | None) -> AttemptQuerySet:
        return self.filter(learner=learner) if learner else self.none()

    def still_open(self) -> AttemptQuerySet:
        """Not finished and not past its deadline: Attempt.is_open, as a filter."""
        return self.filter(Q(finished_at__isnull=True) & (Q(deadline__isnull=True) | Q(deadline__gt=timezone.now())))


class Attempt(ExamNavigation, models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="attempts", db_index=False)
    # The drawn questions and shuffled choice orders are fixed at the start, so a resumed
    # attempt shows exactly what it showed before.
    question_ids = models.JSONField(default=list)
    choice_orders = models.JSONField(default=dict, blank=True)
    # Unanswered questions taken out of the attempt because they stopped being live (see
    # withdraw_stale); kept so the learner is told, and so the score is out of what was asked.
    withdrawn_ids = models.JSONField(default=list, blank=True)
    # Exam questions the learner flagged for review (see exam.py), in the order they were flagged.
    flagged_ids = models.JSONField(default=list, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    scoring = models.CharField(max_length=10, choices=Scoring.choices, default=Scoring.ALL_OR_NOTHING)
    pass_mark = models.PositiveSmallIntegerField(default=60)
    # How many questions are answered: in practice the first `position` ones, in an exam any of them.
    position = models.PositiveIntegerField(default=0, help_text="How many questions have been answered.")
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(default=0)
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [models.Index(fields=["learner", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", args=[self.pk])

    @classmethod
    def start(cls, quiz: Quiz, learner: Learner, question_ids: list[int] | None = None, **extra) -> Attempt:
        ids = question_ids if question_ids is not None else quiz.draw()
        orders = {}
        if quiz.shuffle_choices:
            rng = random.Random()
            for qid, cids in _choice_ids(ids).items():
                rng.shuffle(cids)
                orders[str(qid)] = cids
        now = timezone.now()
        deadline = None
        if quiz.mode == Mode.EXAM and quiz.time_limit_minutes:
            deadline = now + timedelta(minutes=quiz.time_limit_minutes)
        return cls.objects.create(
            quiz=quiz, learner=learner, question_ids=ids, choice_orders=orders, mode=quiz.mode,
            scoring=quiz.scoring, pass_mark=quiz.pass_mark, started_at=now, deadline=deadline, **extra,
        )  # fmt: skip

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def is_expired(self) -> bool:
        return self.deadline is not None and timezone.now() >= self.deadline

    @property
    def is_open(self) -> bool:
        return not self.is_finished and not self.is_expired

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark

    def seconds_left(self) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - timezone.now()).total_seconds()))

    @property
    def partial_credit(self) -> bool:
        return self.scoring == Scoring.PARTIAL

    @property
    def timed_out(self) -> bool:
        """Closed by its time limit rather than submitted by the learner."""
        return self.deadline is not None and (self.finished_at or timezone.now()) >= self.deadline

    def current_question_id(self) -> int | None:
        """The question to answer now: in practice the next in order, in an exam the first unanswered."""
        if self.mode == Mode.EXAM:
            number = self.next_unanswered(self.answered_ids())
            return self.question_id_at(number) if number else None
        return self.question_ids[self.position] if self.position < self.total else None

    def results_ready(self) -> bool:
        """Results (and so every answer's feedback) show once the attempt is closed; practice also
        shows them when every question is answered. An open exam keeps them until it is submitted."""
        return not self.is_open or (self.mode == Mode.PRACTICE and self.current_question_id() is None)

    def withdraw_stale(self) -> list[int]:
        """Take the unanswered questions learners may no longer see (Question.objects.live) out of
        an open attempt, so it never shows one; returns their ids. Answered ones stay as answered."""
        answered = self.answered_ids() if self.is_open else set()
        pending = [qid for qid in self.question_ids if qid not in answered]
        if not pending or not self.is_open:
            return []
        if not hasattr(self, "live_versions"):  # the fetch's one statement may have read them (fetch.py)
            live = Question.objects.live().filter(pk__in=pending).order_by()  # unordered: no join, no sort
            self.live_versions = dict(live.values_list("pk", "updated_at"))  # the card cache's keys (cards.py)
        if not (gone := [qid for qid in pending if qid not in self.live_versions]):
            return []
        kept = [qid for qid in self.question_ids if qid not in gone]
        withdrawn = self.withdrawn_ids + gone
        # Guarded by position: an answer recorded meanwhile means the lists were read too early.
        if Attempt.objects.filter(pk=self.pk, position=self.position).update(
            question_ids=kept, withdrawn_ids=withdrawn
        ):
            self.question_ids, self.withdrawn_ids = kept, withdrawn
        else:
            self.refresh_from_db(fields=["position", "question_ids", "withdrawn_ids"])
        return gone

    def ordered_choices(self, question: Question) -> list:
        choices = list(question.choices.all())
        order = self.choice_orders.get(str(question.pk))
        if order:
            rank = {cid: i for i, cid in enumerate(order)}
            choices.sort(key=lambda c: rank.get(c.pk, len(rank)))
        return choices

    def answer(
        self, question_id: int, submitted, *, questions=None, time_taken_ms: int | None = None
    ) -> tuple[Answer, bool]:
        """Answer one question from a submission as sent (form or JSON, see responses.parse_response):
        the one path for the quiz page and the API. Returns (answer, created). In practice a
        question already answered gets its stored answer back and nothing changes, whatever was sent
        this time; an open exam takes any of its questions in any order and replaces an answer
        (created is then False), see exam.py.

        Raises NotInAttempt, AttemptClosed, OutOfOrder or Withdrawn (AnswerRefused; a withdrawn
        question is then out of the attempt), ResponseError for a submission that cannot be graded,
        UngradableQuestion for a broken question. `questions` is the query the caller wants the question
        loaded with (choices prefetched); the answer's `question` is that object."""
        if question_id in self.withdrawn_ids:
            raise Withdrawn(WITHDRAWN)
        if question_id not in self.question_ids:
            raise NotInAttempt(NOT_IN_ATTEMPT)
        questions = questions if questions is not None else Question.objects.prefetch_related("choices")
        if self.mode == Mode.EXAM:  # any order, changeable until it closes: see exam.py
            return self.answer_in_exam(question_id, submitted, questions, time_taken_ms)
        # Answers go in order, so the answered questions are exactly the first `position` ones.
        if self.question_ids.index(question_id) < self.position:
            stored = self.answers.select_related("version").filter(question_id=question_id).first()
            if stored is not None:
                stored.question = questions.get(pk=question_id)
                return stored, False
        self.ensure_open()
        if question_id != self.current_question_id():
            raise OutOfOrder(
                _("Questions are answered in order: answer question %(number)d first.") % {"number": self.position + 1}
            )
        question = self.live_question(questions, question_id)
        if question is None:
            self.withdraw_stale()
            raise Withdrawn(WITHDRAWN)
        response = parse_response(question, submitted)
        result = grade(question, response, partial_credit=self.partial_credit)
        version = current_version(question)
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    attempt=self, question=question, response=response, is_correct=result.correct,
                    score=result.score, note=result.note or {}, time_taken_ms=time_taken_ms,
                    version=version,
                )  # fmt: skip
                self.position, self.score = advance(self.pk, result.score)
        except IntegrityError:  # a concurrent double submit won the race: its answer stands
            stored = self.answers.get(question=question)
            stored.question = question
            self.refresh_from_db(fields=["position", "score"])
            return stored, False
        return answer, True

    def ensure_open(self) -> None:
        """Raise AttemptClosed (finishing an exam whose time is up) unless answers are still taken."""
        if self.is_finished:
            raise AttemptClosed(FINISHED)
        if self.is_expired:
            self.finish()
            raise AttemptClosed(TIME_IS_UP)

    def mistake_ids(self) -> list[int]:
        """The questions not answered right (unanswered ones included), in the attempt's order."""
        right = set(self.answers.filter(is_correct=True).values_list("question_id", flat=True))
        return [qid for qid in self.question_ids if qid not in right]

    def finish(self) -> None:
        if self.finished_at is None:
            self.finished_at = timezone.now()
            Attempt.objects.filter(pk=self.pk, finished_at__isnull=True).update(finished_at=self.finished_at)


def _choice_ids(question_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for qid, cid in Choice.objects.filter(question_id__in=question_ids).values_list("question_id", "pk"):
        out.setdefault(qid, []).append(cid)
    return out


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers", db_index=False)
    # PROTECT: deleting content never deletes what learners did. `version`: what the answer was graded
    # under (versions.py), null only for a row never backfilled.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    version = models.ForeignKey(
        "quizzes.QuestionVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    response = models.JSONField()
    is_correct = models.BooleanField()
    score = models.FloatField()
    answered_at = models.DateTimeField(default=timezone.now)
    time_taken_ms = models.PositiveIntegerField(null=True, blank=True)
    # What grading noticed ("1 of 3 blanks right"), as a key and values: see grading.note_text.
    note = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["answered_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"


def move_attempts(source: Learner, target: Learner) -> None:
    """Attempts are never in conflict: each is its own record, so they all move."""
    Attempt.objects.filter(learner=source).update(learner=target)
