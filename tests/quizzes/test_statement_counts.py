"""Home, dashboard and results run a fixed number of statements whatever the size of the library and
of the learner's history (issue 16, point 9), and home's best score is a percentage of closed attempts."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.library.models import QuestionType
from quizapp.quizzes.models import Attempt
from tests.factories import curated, make_article, make_fact, make_question, right_answer, wrong_answer
from tests.quizzes.test_attempt_flow import start


def grow(client, articles: int) -> Attempt:
    """`articles` more articles, each with two facts, three questions and a quiz the learner finished
    (one right, two wrong); returns the last attempt."""
    for i in range(articles):
        article = make_article(title=f"文章{i}")
        questions = [
            make_question(make_fact(article)),
            make_question(make_fact(article, quote="用户超过10亿"), QuestionType.TRUE_FALSE),
            make_question(make_fact(article), QuestionType.NUMERIC),
        ]
        attempt = start(client, curated(questions, slug=f"quiz-{article.pk}"))
        for question, answer in zip(questions, (right_answer, wrong_answer, wrong_answer), strict=True):
            client.post(f"/attempts/{attempt.pk}/answer/", answer(question))
        client.post(f"/attempts/{attempt.pk}/finish/")
    return attempt


def statements(client, url: str) -> int:
    client.get(url)  # warm the session and the caches, as a returning learner's request would be
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_home_dashboard_and_results_cost_the_same_for_one_article_or_six(client, db):
    small = grow(client, 1)
    counts_small = {url: statements(client, url) for url in ("/", "/me/", f"/attempts/{small.pk}/results/")}
    big = grow(client, 5)
    counts_big = {url: statements(client, url) for url in ("/", "/me/", f"/attempts/{big.pk}/results/")}
    assert list(counts_big.values()) == list(counts_small.values()), (counts_small, counts_big)
    # Pinned so a new per-row query shows up here (the session row comes from the cache). Home: the
    # learner, the quizzes counted (page links), a page of quizzes, the first articles with counts,
    # attempts per quiz, closed attempts, the open one; dashboard: the learner, attempts, accuracy rows,
    # weakest facts; results: attempt, the learner's open exams (held results), answers, questions, choices.
    assert counts_big == {"/": 7, "/me/": 4, f"/attempts/{big.pk}/results/": 5}, counts_big


def test_home_best_score_is_a_percentage_of_closed_attempts_only(client, db):
    finished = grow(client, 1)  # 1 of 3 right: 33%
    client.post(f"/quizzes/{finished.quiz.slug}/start/")  # a second attempt, left unfinished
    retry = Attempt.objects.latest("pk")
    client.post(f"/attempts/{retry.pk}/answer/", right_answer(finished.quiz.pool().first()))
    html = client.get("/").content.decode()
    assert "2 attempts · best score 33%" in html
    Attempt.objects.filter(pk=finished.pk).update(finished_at=None)  # now nothing is closed
    assert "2 attempts · none finished yet" in client.get("/").content.decode()
