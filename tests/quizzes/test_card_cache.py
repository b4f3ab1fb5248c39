"""The question card comes from a cache keyed by the question's content version, the language and the
reading script (quizapp/quizzes/cards.py, issue 18.6): an edit shows at once, every learner sees their
own script, shuffles share one entry, and nothing of one learner is ever in it."""

from __future__ import annotations

import pickle

import pytest
from django.core.cache import caches

from quizapp.library.context_processors import SCRIPT_COOKIE
from quizapp.library.models import Question, QuestionType
from quizapp.quizzes import cards
from quizapp.quizzes.models import Attempt
from tests.factories import curated, right_answer
from tests.quizzes.test_attempt_flow import HX, start

SIMPLIFIED, TRADITIONAL = "蚂蚁集团研发投入", "螞蟻集團研發投入"


def fetch(client, attempt: Attempt, **extra) -> str:
    response = client.get(f"/attempts/{attempt.pk}/", **HX, **extra)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def renders(monkeypatch):
    """Every card rendered from the database (a cache miss), as (question id, script)."""
    calls = []
    original = cards.render_card

    def counting(question, script):
        calls.append((question.pk, script))
        return original(question, script)

    monkeypatch.setattr(cards, "render_card", counting)
    return calls


def without_token(html: str) -> str:
    head, rest = html.split('name="csrfmiddlewaretoken" value="', 1)
    return head + rest.split('"', 1)[1]


def test_the_second_fetch_comes_from_the_cache_without_reading_the_question(
    client, six_types, renders, django_assert_num_queries
):
    attempt = start(client, curated(six_types))
    client.get(f"/attempts/{attempt.pk}/results/")  # the session is read through the cache from now on
    # The attempt with which of its questions are live (and their content versions), the question, its choices
    with django_assert_num_queries(3):
        first = fetch(client, attempt)
    assert renders == [(six_types[0].pk, "original")]
    with django_assert_num_queries(1):  # the attempt with its live questions' versions (quizzes/fetch.py)
        again = fetch(client, attempt)
    assert without_token(again) == without_token(first) and len(renders) == 1
    assert without_token(again) != again  # each response carries its own masked token


def test_an_edited_prompt_shows_at_once(client, six_types):
    attempt = start(client, curated(six_types))
    assert "研发投入是多少" in fetch(client, attempt)
    question = six_types[0]
    question.prompt = "2023年蚂蚁集团的研发开支是多少？"
    question.save()
    html = fetch(client, attempt)
    assert "研发开支是多少" in html and "研发投入是多少" not in html


def test_an_edited_choice_alone_shows_at_once_and_moves_the_questions_version(client, six_types):
    attempt = start(client, curated(six_types))
    assert "150亿元" in fetch(client, attempt)
    before = Question.objects.get(pk=six_types[0].pk).updated_at
    choice = six_types[0].choices.get(text="150亿元")
    choice.text = "155亿元"
    choice.save()
    assert Question.objects.get(pk=six_types[0].pk).updated_at > before
    html = fetch(client, attempt)
    assert "155亿元" in html and "150亿元" not in html
    choice.delete()
    assert "155亿元" not in fetch(client, attempt)


def test_the_script_preference_changes_the_card_and_two_learners_keep_their_own(client, django_user_model, six_types):
    from django.test import Client

    quiz = curated(six_types)
    simplified, traditional = client, Client()
    traditional.cookies[SCRIPT_COOKIE] = "zh-Hant"
    a, b = start(simplified, quiz), start(traditional, quiz)
    for _ in range(2):  # the second round is served from the cache
        assert SIMPLIFIED in fetch(simplified, a) and TRADITIONAL not in fetch(simplified, a)
        assert TRADITIONAL in fetch(traditional, b) and SIMPLIFIED not in fetch(traditional, b)
    traditional.cookies[SCRIPT_COOKIE] = "zh-Hans"  # the same learner changes their preference
    assert SIMPLIFIED in fetch(traditional, b)
    traditional.cookies[SCRIPT_COOKIE] = "zh-Hant"
    assert TRADITIONAL in fetch(traditional, b)


def test_the_interface_language_is_part_of_the_key(client, six_types):
    cloze = next(q for q in six_types if q.type == QuestionType.CLOZE)
    attempt = start(client, curated([cloze]))
    assert "Fill in the blanks" in fetch(client, attempt)
    assert "填空" in fetch(client, attempt, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "Fill in the blanks" in fetch(client, attempt)


def choice_order(html: str, question: Question) -> list[int]:
    ids = [c.pk for c in question.choices.all()]
    return sorted(ids, key=lambda pk: html.index(f'name="choice" value="{pk}"'))


def test_shuffled_orders_differ_but_share_one_rendered_card(client, six_types, renders):
    from django.test import Client

    question = six_types[0]
    quiz = curated([question])
    ids = [c.pk for c in question.choices.all()]
    orders = [ids, ids[::-1]]
    attempts = []
    for order in orders:
        learner = Client()
        attempt = start(learner, quiz)
        Attempt.objects.filter(pk=attempt.pk).update(choice_orders={str(question.pk): order})
        attempts.append((learner, attempt))
    shown = [choice_order(fetch(learner, attempt), question) for learner, attempt in attempts]
    assert shown == orders
    assert renders == [(question.pk, "original")]  # rendered once, assembled twice
    # Keys number the choices in the order shown: "1" is each learner's first choice.
    html = fetch(*attempts[1])
    assert f'name="choice" value="{ids[-1]}" data-key="1"' in html


def test_the_cached_card_holds_no_csrf_token_and_nothing_of_the_learner(client, six_types):
    attempt = start(client, curated(six_types))
    html = fetch(client, attempt)
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    question = Question.objects.get(pk=six_types[0].pk)
    entry = caches["cards"].get(cards.card_key(question.pk, question.updated_at, "original"))
    assert isinstance(entry, cards.Card)
    stored = pickle.dumps(entry).decode("latin-1") + repr(entry)
    assert token not in stored and "csrf" not in stored.lower()
    for learner_data in (f"progress-{attempt.pk}", "answered", "elapsed_ms", f"/attempts/{attempt.pk}/"):
        assert learner_data not in stored


def test_a_refused_answer_keeps_what_was_typed_without_it_reaching_the_cache(client, six_types):
    numeric = next(q for q in six_types if q.type == QuestionType.NUMERIC)
    attempt = start(client, curated([numeric]))
    fetch(client, attempt)
    refused = client.post(f"/attempts/{attempt.pk}/answer/", {"question": numeric.pk, "text": "很多"}, **HX)
    assert refused.status_code == 422 and 'value="很多"' in refused.content.decode()
    assert 'value="很多"' not in fetch(client, attempt)  # a fresh fetch starts empty again


def test_exam_flags_answers_and_script_stay_right_with_the_cache(client, exam_quiz, six_types):
    attempt = start(client, exam_quiz)
    client.cookies[SCRIPT_COOKIE] = "zh-Hant"
    url = f"/attempts/{attempt.pk}/?q=1"
    first = client.get(url, **HX).content.decode()
    assert TRADITIONAL in first and "flagged for review</span>" not in first
    client.post(f"/attempts/{attempt.pk}/flag/", {"question": six_types[0].pk, "flagged": "1", "number": 1}, **HX)
    data = right_answer(six_types[0])
    client.post(f"/attempts/{attempt.pk}/answer/", data, **HX)
    again = client.get(url, **HX).content.decode()
    assert TRADITIONAL in again
    assert "is-flagged" in again and "⚑ flagged for review" in again
    assert "answered — you can change it until you submit" in again
    ticked = again.split(f'name="choice" value="{data["choice"]}"', 1)[1].split(">", 1)[0]
    assert ticked.endswith(" checked")  # the answer given so far, ready to be changed
    assert again.count(" checked") == 1
