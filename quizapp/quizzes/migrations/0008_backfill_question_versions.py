"""Every stored answer gets a version: one per answered question, holding its content at migration time
(what an older answer was graded under is not known; this is the best record there is, and the results
page copes with an answer whose shape no longer fits it — versions.fits).

Set-based, for the 2,000,000 answers of the L benchmark database: versions are made per batch of
questions (one insert each), answers are pointed at them by one UPDATE … SET version_id = (subquery)
per range of answer ids. Not atomic, so each batch commits and a re-run carries on where one stopped."""

from django.db import migrations
from django.db.models import Exists, Max, Min, OuterRef, Subquery

from quizapp.quizzes.versions import digest, key_of, snapshot

QUESTION_BATCH = 2_000
ANSWER_BATCH = 25_000  # a few seconds each on a loaded machine, well inside DB_STATEMENT_TIMEOUT_MS


def backfill(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # a migration is no request: the site's statement timeout does not apply to it
        schema_editor.execute("SET statement_timeout = 0")
    try:
        _backfill(apps)
    finally:
        if postgres:
            schema_editor.execute("RESET statement_timeout")


def _backfill(apps):
    Question = apps.get_model("library", "Question")
    Answer = apps.get_model("quizzes", "Answer")
    QuestionVersion = apps.get_model("quizzes", "QuestionVersion")
    answered = Exists(Answer.objects.filter(question_id=OuterRef("pk")))
    unversioned = ~Exists(QuestionVersion.objects.filter(question_id=OuterRef("pk")))
    questions = Question.objects.filter(answered, unversioned).order_by("pk").prefetch_related("choices")
    last = 0
    while batch := list(questions.filter(pk__gt=last)[:QUESTION_BATCH]):
        rows = []
        for question in batch:
            snap = snapshot(question, sorted(question.choices.all(), key=lambda c: (c.order, c.pk)))
            rows.append(
                QuestionVersion(
                    question=question, number=1, snapshot=snap, content_hash=digest(snap), key_hash=digest(key_of(snap))
                )
            )
        QuestionVersion.objects.bulk_create(rows)
        last = batch[-1].pk
    first = QuestionVersion.objects.filter(question_id=OuterRef("question_id"), number=1).values("pk")[:1]
    bounds = Answer.objects.filter(version__isnull=True).aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return
    for start in range(bounds["lo"], bounds["hi"] + 1, ANSWER_BATCH):
        rows = Answer.objects.filter(pk__gte=start, pk__lt=start + ANSWER_BATCH, version__isnull=True)
        rows.update(version_id=Subquery(first))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("quizzes", "0007_question_versions_and_protected_history")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
