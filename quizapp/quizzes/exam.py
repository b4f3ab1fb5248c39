"""An exam feels like one (issue 16, point 5): its questions are answered in any order, an answer
can be changed until the exam is submitted or its time runs out, any question can be flagged for
review, and a navigator shows which are answered, flagged or still open.

Practice keeps its own rules (in order, each answer final, feedback at once): see Attempt.answer.
Mixed into Attempt, so every entry point (the pages, the API) asks the attempt, never decides."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction

from quizapp.library.models import Question
from quizapp.quizzes.grading import grade
from quizapp.quizzes.refusals import NOT_IN_ATTEMPT, WITHDRAWN, NotInAttempt, Withdrawn
from quizapp.quizzes.responses import parse_response
from quizapp.quizzes.versions import current_version


@dataclass(frozen=True, slots=True)
class NavItem:
    """One question in the navigator: its number (1 for the first), and where the learner stands."""

    number: int
    question_id: int
    answered: bool
    flagged: bool
    current: bool
    url: str


class ExamNavigation:
    """Exam behaviour of an Attempt. Needs the model's fields: question_ids, flagged_ids, position
    (how many are answered; in an exam not necessarily the first ones), score, finished_at."""

    def answered_ids(self) -> set[int]:
        if self.mode != "exam":  # practice answers in order: the answered ones are the first `position`
            return set(self.question_ids[: self.position])
        return set(self.answers.values_list("question_id", flat=True))

    def number_of(self, question_id: int) -> int:
        return self.question_ids.index(question_id) + 1

    def question_id_at(self, number: int) -> int | None:
        return self.question_ids[number - 1] if 1 <= number <= len(self.question_ids) else None

    def question_url(self, number: int) -> str:
        """Each question of an exam has its own address, answered or not."""
        return f"{self.get_absolute_url()}?q={number}"

    def next_unanswered(self, answered: set[int], after: int = 0) -> int | None:
        """The number of the first unanswered question after number `after`, wrapping round to
        the start; None when every question is answered."""
        ids = self.question_ids
        for offset in range(len(ids)):
            index = (after + offset) % len(ids)
            if ids[index] not in answered and index + 1 != after:
                return index + 1
        return None

    def navigator(self, current: int | None = None, answered: set[int] | None = None) -> list[NavItem]:
        answered = self.answered_ids() if answered is None else answered
        flagged = set(self.flagged_ids)
        return [
            NavItem(n, qid, qid in answered, qid in flagged, n == current, self.question_url(n))
            for n, qid in enumerate(self.question_ids, 1)
        ]

    def set_flag(self, question_id: int, flagged: bool) -> None:
        """Flag a question for review (or take the flag off), answered or not, while the exam is open."""
        if question_id not in self.question_ids:
            raise NotInAttempt(NOT_IN_ATTEMPT)
        self.ensure_open()
        with transaction.atomic():
            # Locked, so two flags set at once (two tabs) both stay.
            row = type(self).objects.select_for_update().only("flagged_ids").get(pk=self.pk)
            ids = [qid for qid in row.flagged_ids if qid != question_id] + ([question_id] if flagged else [])
            type(self).objects.filter(pk=self.pk).update(flagged_ids=ids)
        self.flagged_ids = ids

    def live_question(self, questions, question_id: int) -> Question | None:
        """The question from `questions`, or None if it left learners. Whether it is still live
        comes with the question itself: no query of its own."""
        live = models.Exists(Question.objects.live().filter(pk=models.OuterRef("pk")))
        question = questions.filter(pk=question_id).annotate(is_live=live).order_by().first()
        return question if question is not None and question.is_live else None

    def answer_in_exam(self, question_id: int, submitted, questions, time_taken_ms: int | None):
        """Record or replace the answer to any question of an open exam; (answer, created). A closed
        exam gives its stored answer back unchanged, as practice does."""
        stored = self.answers.select_related("version").filter(question_id=question_id).first()
        if stored is not None and not self.is_open:
            stored.question = questions.get(pk=question_id)
            return stored, False
        self.ensure_open()
        question = self.live_question(questions, question_id)
        if question is None:
            if stored is not None:  # answered before it left learners: the answer stands as it was
                stored.question = questions.get(pk=question_id)
                return stored, False
            self.withdraw_stale()
            raise Withdrawn(WITHDRAWN)
        response = parse_response(question, submitted)
        result = grade(question, response, partial_credit=self.partial_credit)
        answer, closed, created = self._store_answer(question, response, result, time_taken_ms)
        if closed:  # submitted, or its time ran out, while this answer was on its way
            self.ensure_open()
        return answer, created

    def _store_answer(self, question: Question, response, result, time_taken_ms: int | None):
        Answer = self.answers.model
        version = current_version(question)  # before the lock: usually one read, rarely a write
        with transaction.atomic():
            # One writer per attempt at a time: the count and the sum below then see every answer.
            row = type(self).objects.select_for_update().only("finished_at", "deadline").get(pk=self.pk)
            self.finished_at = row.finished_at
            if not self.is_open:
                return None, True, False
            # A change is a new answer (the stored one goes): item statistics then count it as answered now.
            # Whether one was there is read under the lock: of racing first answers only one is "created".
            replaced, _rows = Answer.objects.filter(attempt=self, question=question).delete()
            answer = Answer.objects.create(
                attempt=self, question=question, response=response, is_correct=result.correct,
                score=result.score, note=result.note or {}, time_taken_ms=time_taken_ms,
                version=version,
            )  # fmt: skip
            # Recomputed from the answers, never adjusted: a changed answer can only replace its own score.
            totals = Answer.objects.filter(attempt=self).aggregate(n=models.Count("pk"), s=models.Sum("score"))
            self.position, self.score = totals["n"], totals["s"] or 0
            type(self).objects.filter(pk=self.pk).update(position=self.position, score=self.score)
        return answer, False, not replaced
