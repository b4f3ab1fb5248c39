"""Drift never leaves wrong content live: when a re-import loses a published question's quote, the
question leaves every place a learner meets it at once, and comes back only through review."""

from __future__ import annotations

import io
import shutil
import sqlite3
import zipfile

from django.core.management import call_command
from django.utils import timezone

from quizapp.decks.anki import build_apkg
from quizapp.decks.models import Deck, DeckKind
from quizapp.library.models import Article, Drift, Fact, Question, Status
from quizapp.quizzes.models import Attempt, Quiz, Rule
from quizapp.study import queue
from tests.factories import make_question, right_answer

NAME = "002_aec1c1457b9d3803.txt"
QUOTE = "2023年蚂蚁集团研发投入高达211.9亿元"
NEW_QUOTE = "2023年蚂蚁集团研发投入高达212亿元"
OTHER_QUOTE = "427万商家"


def import_file(path) -> str:
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    return out.getvalue()


def fact_on(article: Article, quote: str) -> Fact:
    fact = Fact(article=article, quote=quote)
    fact.anchor(quote)
    fact.save()
    return fact


def apkg_prompts(deck: Deck, tmp_path) -> str:
    path = tmp_path / "collection.anki2"
    path.write_bytes(zipfile.ZipFile(io.BytesIO(build_apkg(deck))).read("collection.anki2"))
    with sqlite3.connect(path) as db:
        return "\n".join(row[0] for row in db.execute("select flds from notes"))


def seen_by_learners(client, quiz: Quiz, deck: Deck, learner_id: int, tmp_path) -> dict[str, set[int]]:
    """Question ids where a learner meets them: the quiz, the deck, the study queue, the API, the .apkg."""
    deck = Deck.objects.with_question_counts().get(pk=deck.pk)
    counts = queue.deck_counts(None, [deck], timezone.now())[deck.pk]
    api = client.get(f"/api/v1/questions/?article={quiz.article_id}").json()
    notes = apkg_prompts(deck, tmp_path)
    in_apkg = {q.pk for q in Question.objects.filter(fact__article=quiz.article) if q.prompt in notes}
    return {
        "quiz": set(quiz.pool().values_list("pk", flat=True)),
        "deck": set(deck.questions().values_list("pk", flat=True)),
        "deck count": set(range(deck.question_count)),
        "study": {card.question.pk for card in queue.due_cards(None, deck, counts, timezone.now())},
        "api": {row["id"] for row in (api["results"] if isinstance(api, dict) else api)},
        "apkg": in_apkg,
        "library count": set(range(Article.objects.with_counts().get(pk=quiz.article_id).question_count)),
    }


def test_question_whose_quote_vanishes_leaves_learners_and_returns_after_review(
    client, db, tmp_path, seeds_dir, editor
):
    path = tmp_path / NAME
    shutil.copy(seeds_dir / NAME, path)
    import_file(path)
    article = Article.objects.get(source_file=NAME)
    stale = make_question(fact_on(article, QUOTE), prompt="2023年蚂蚁集团研发投入是多少？")
    steady = make_question(fact_on(article, OTHER_QUOTE), prompt="多少商家？")
    quiz = Quiz.objects.create(slug="a2", title="A2", rule=Rule.ARTICLE, article=article, shuffle_questions=False)
    deck = Deck.objects.get(kind=DeckKind.ARTICLE, article=article)
    assert client.post(f"/quizzes/{quiz.slug}/start/").status_code == 302
    attempt = Attempt.objects.get()
    assert attempt.question_ids == [stale.pk, steady.pk]
    before = seen_by_learners(client, quiz, deck, attempt.learner_id, tmp_path)
    assert all(stale.pk in ids or name.endswith("count") for name, ids in before.items()), before
    assert before["deck count"] == {0, 1}

    path.write_text(path.read_text(encoding="utf-8").replace("211.9亿元", "212亿元"), encoding="utf-8")
    assert "1 fact(s) flagged" in import_file(path)
    stale.refresh_from_db()
    assert stale.status == Status.PUBLISHED and stale.fact.drift == Drift.FLAGGED  # withdrawn, not unpublished

    after = seen_by_learners(client, quiz, deck, attempt.learner_id, tmp_path)
    assert after["deck count"] == {0}
    assert after["library count"] == {0}
    counted = {name: ids for name, ids in after.items() if not name.endswith("count")}
    assert all(stale.pk not in ids and steady.pk in ids for ids in counted.values()), after
    # The open attempt skips it with a note instead of showing it (or failing on it); an answer
    # sent from the page loaded before the re-import is refused, not scored, and the next one shown.
    for _ in range(2):
        refused = client.post(f"/attempts/{attempt.pk}/answer/", right_answer(stale), HTTP_HX_REQUEST="true")
        body = refused.content.decode()
        assert refused.status_code == 409 and "withdrawn since you began" in body and "多少商家" in body
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "多少商家" in page and "研发投入是多少" not in page
    assert "1 question left this quiz after you began" in page
    attempt.refresh_from_db()
    assert (attempt.question_ids, attempt.withdrawn_ids, attempt.answers.count()) == ([steady.pk], [stale.pk], 0)
    # The reader link highlights nothing false.
    reader = client.get(stale.fact.source_url()).content.decode()
    assert "<mark" not in reader and "has changed in this version" in reader

    # Editors find it in the question list by its state.
    client.force_login(editor)
    listing = client.get("/admin/library/question/?source=reanchor").content.decode()
    assert "研发投入是多少" in listing and "多少商家" not in listing and "needs re-anchoring" in listing
    client.logout()

    fact = stale.fact
    fact.anchor(NEW_QUOTE)
    fact.save()
    stale.refresh_from_db()
    assert stale.status == Status.REVIEW  # re-anchored: an editor looks again before learners do
    assert stale.pk not in quiz.pool().values_list("pk", flat=True)
    # The article now says 212亿元: the key 211.9亿元 is no longer in the fact, so publishing refuses
    # until the editor mends the answer (the answer-vs-fact check).
    assert Question.objects.filter(pk=stale.pk).publish() == 0
    stale.choices.filter(text="211.9亿元").update(text="212亿元")
    assert Question.objects.filter(pk=stale.pk).publish() == 1
    again = seen_by_learners(client, quiz, deck, attempt.learner_id, tmp_path)
    assert all(stale.pk in ids for name, ids in again.items() if not name.endswith("count")), again
    assert again["deck count"] == again["library count"] == {0, 1}


def test_publishing_skips_questions_on_a_flagged_fact(db):
    question = make_question(status=Status.REVIEW)
    Fact.objects.filter(pk=question.fact_id).update(drift=Drift.FLAGGED)
    assert Question.objects.filter(pk=question.pk).publish() == 0
    question.refresh_from_db()
    assert question.status == Status.REVIEW
