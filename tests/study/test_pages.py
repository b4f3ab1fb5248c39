from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from quizapp.accounts.models import Learner, UserSession
from quizapp.decks.models import Deck
from quizapp.study.models import CardState, ReviewLog, Stage
from tests.study.helpers import make_state, shown_card

HTMX = {"HX-Request": "true"}


def test_a_new_visitor_sees_new_cards_and_nothing_is_written(client, bank):
    response = client.get("/study/all/")
    html = response.content.decode()
    assert "<dt>New</dt><dd>20</dd>" in html  # the daily limit, out of every unseen card
    assert "<dt>Learning</dt><dd>0</dd>" in html and "<dt>Due</dt><dd>0</dd>" in html
    question_id, reps = shown_card(html)
    assert reps == 0 and question_id == Deck.objects.get(slug="all").questions().first().pk
    assert 'aria-live="polite"' in html and "Show answer" in html
    assert Learner.objects.count() == 0 and UserSession.objects.count() == 0 and CardState.objects.count() == 0
    assert "HX-Request" in response["Vary"]


def test_the_front_hides_the_answer_and_the_back_shows_it_without_javascript(client, small_deck):
    cloze_question = small_deck.questions().get(type="cloze")
    front = client.get(f"/study/three/?card={cloze_question.pk}").content.decode()
    assert "2023年研发投入［＿＿＿］。" in front
    assert '<div class="flashcard-back" id="card-back" hidden>' in front
    back = client.get(f"/study/three/?card={cloze_question.pk}&side=back").content.decode()
    assert '<div class="flashcard-back" id="card-back">' in back
    assert "2023年研发投入<mark>211.9亿元</mark>。" in back
    assert "ESG报告披露" in back and f'href="{cloze_question.fact.source_url()}"' in back
    assert 'name="rating" value="1"' in back and 'name="rating" value="4"' in back


def test_choice_and_true_false_cards_show_their_answers_on_the_back(client, small_deck):
    choice = small_deck.questions().get(type="single_choice")
    html = client.get(f"/study/three/?card={choice.pk}&side=back").content.decode()
    assert '<li class="correct"><span class="mark" aria-label="correct">✓</span>211.9亿元</li>' in html
    true_false = small_deck.questions().get(type="true_false")
    html = client.get(f"/study/three/?card={true_false.pk}&side=back").content.decode()
    assert "对还是错" not in html.split('id="card-back"')[1] and '<span class="answer-label">Answer</span> 对' in html


def test_rating_without_javascript_redirects_to_the_next_card(client, small_deck):
    first, _ = shown_card(client.get("/study/three/").content.decode())
    response = client.post("/study/three/review/", {"question": first, "reps": 0, "rating": 3})
    assert response.status_code == 302 and response["Location"] == "/study/three/"
    html = client.get("/study/three/").content.decode()
    second, _ = shown_card(html)
    assert second != first
    assert "Good: next review in 10 min." in html  # the outcome, shown once
    assert "<dt>New</dt><dd>2</dd>" in html and "<dt>Learning</dt><dd>1</dd>" in html


def test_rating_with_htmx_returns_the_next_card_and_updated_counts(client, small_deck):
    first, _ = shown_card(client.get("/study/three/").content.decode())
    response = client.post("/study/three/review/", {"question": first, "reps": 0, "rating": 1}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "HX-Request" in response["Vary"]
    assert shown_card(html)[0] != first
    assert '<div id="study-counts" hx-swap-oob="true">' in html
    assert '<section id="study-forecast" class="forecast" hx-swap-oob="true"' in html
    assert "Again: next review in 1 min." in html


def test_a_double_submit_is_one_review(client, small_deck):
    first, _ = shown_card(client.get("/study/three/").content.decode())
    form = {"question": first, "reps": 0, "rating": 3}
    one = client.post("/study/three/review/", form)
    two = client.post("/study/three/review/", form)
    assert (one.status_code, one["Location"]) == (two.status_code, two["Location"])
    assert ReviewLog.objects.count() == 1 and CardState.objects.get().reps == 1
    again = client.post("/study/three/review/", form, headers=HTMX).content.decode()
    assert "That card was already rated" in again and ReviewLog.objects.count() == 1


def test_bad_input_gets_a_4xx_with_a_message(client, small_deck, bank):
    first, _ = shown_card(client.get("/study/three/").content.decode())
    response = client.post("/study/three/review/", {"question": first, "reps": 0, "rating": 7})
    assert response.status_code == 422 and "Rate the card 1 (Again)" in response.content.decode()
    response = client.post("/study/three/review/", {"question": "x", "reps": -1, "rating": 3})
    assert response.status_code == 422 and "question" in response.content.decode()
    not_in_deck = Deck.objects.get(slug="all").questions().exclude(decks=small_deck).first()
    assert client.post("/study/three/review/", {"question": not_in_deck.pk, "reps": 0, "rating": 3}).status_code == 404
    assert client.post("/study/nope/review/", {"question": first, "reps": 0, "rating": 3}).status_code == 404
    assert client.get("/study/three/review/").status_code == 405
    assert client.get("/study/three/?card=abc").status_code == 400
    assert client.get(f"/study/three/?card={not_in_deck.pk}").status_code == 404
    assert client.get("/study/nope/").status_code == 404
    assert ReviewLog.objects.count() == 0


def test_reviews_need_the_csrf_token(small_deck):
    client = Client(enforce_csrf_checks=True)
    first, _ = shown_card(client.get("/study/three/").content.decode())
    form = {"question": first, "reps": 0, "rating": 3}
    assert client.post("/study/three/review/", form).status_code == 403
    token = client.cookies["csrftoken"].value
    response = client.post("/study/three/review/", {**form, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and ReviewLog.objects.count() == 1


def test_another_learners_card_is_404(client, learner, other_learner, small_deck):
    client.force_login(learner)
    first, _ = shown_card(client.get("/study/three/").content.decode())
    client.post("/study/three/review/", {"question": first, "reps": 0, "rating": 3})
    state = CardState.objects.get()
    page = client.get(f"/study/cards/{state.pk}/").content.decode()
    assert "Card history" in page and "Good" in page

    other = Client()
    other.force_login(other_learner)
    assert other.get(f"/study/cards/{state.pk}/").status_code == 404
    assert Client().get(f"/study/cards/{state.pk}/").status_code == 404
    # The other learner's own queue is untouched by the first learner's review.
    assert shown_card(other.get("/study/three/").content.decode()) == (first, 0)


def test_learning_cards_due_now_come_before_reviews_and_new_cards(client, learner, small_deck):
    client.force_login(learner)
    me = Learner.objects.get_or_create(user=learner)[0]
    now = timezone.now()
    cloze, choice, true_false = (small_deck.questions().get(type=t) for t in ("cloze", "single_choice", "true_false"))
    make_state(me, choice, stage=Stage.REVIEW, due=now - timedelta(hours=1), reps=3)
    make_state(me, cloze, stage=Stage.LEARNING, due=now - timedelta(minutes=1))
    assert shown_card(client.get("/study/three/").content.decode()) == (cloze.pk, 1)
    CardState.objects.filter(question=cloze).update(due=now + timedelta(hours=2))
    assert shown_card(client.get("/study/three/").content.decode()) == (choice.pk, 3)
    CardState.objects.filter(question=choice).update(due=now + timedelta(days=2))
    assert shown_card(client.get("/study/three/").content.decode())[0] == true_false.pk


def test_a_learning_card_due_within_twenty_minutes_is_shown_when_nothing_else_is_left(client, learner, small_deck):
    client.force_login(learner)
    me = Learner.objects.get_or_create(user=learner)[0]
    now = timezone.now()
    questions = list(small_deck.questions())
    for question in questions[1:]:
        make_state(me, question, stage=Stage.REVIEW, due=now + timedelta(days=3))
    make_state(me, questions[0], stage=Stage.LEARNING, due=now + timedelta(minutes=5))
    assert shown_card(client.get("/study/three/").content.decode())[0] == questions[0].pk
    CardState.objects.filter(question=questions[0]).update(due=now + timedelta(hours=3))
    html = client.get("/study/three/").content.decode()
    assert 'name="question"' not in html
    assert "Nothing more to study in this deck for now." in html and "The next card is due in" in html


def test_an_empty_deck_says_so(client, db):
    html = client.get("/study/all/").content.decode()
    assert "This deck has no published questions yet." in html


def test_study_index_lists_decks_with_their_counts(client, learner, bank):
    client.force_login(learner)
    html = client.get("/study/").content.decode()
    assert html.count('class="card deck-card"') == Deck.objects.count() == 6
    assert "全部题目" in html and 'href="/study/all/"' in html
    assert html.count("<dt>New</dt><dd>20</dd>") == 6


def test_study_index_without_decks_points_to_the_deck_list(client, db):
    html = client.get("/study/").content.decode()
    assert "Nothing to study yet" in html and 'href="/decks/"' in html
