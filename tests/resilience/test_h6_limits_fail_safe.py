"""Issue 19, Build point 6: "503 (not 500) when Redis is gone, with throttles failing safe".
tests/resilience/test_faults.py shows the log-in failing closed and the API answering 503; the
endpoint limits (sign-up, attempt starts, deck downloads — accounts/throttle.endpoint_wait) count in
the same cache. Here the real Redis is cut away behind a TCP proxy (refusing, then black-holed): each
limited endpoint answers 503 within seconds and makes nothing — no account, learner or attempt
slips through uncounted — and serves again once Redis is back."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from quizapp.accounts.models import Learner
from quizapp.quizzes.models import Attempt
from tests.factories import curated, make_picked_deck
from tests.resilience import test_faults as faults

redis_proxy = faults.redis_proxy  # the real Redis behind a TCP proxy, as the fault tests use it
pytestmark = pytest.mark.django_db(transaction=True)


def _sign_up(name: str):
    form = {"username": name, "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"}
    return Client(raise_request_exception=False).post("/accounts/signup/", form)


@pytest.mark.parametrize("fault", ["stopped", "black-holed"])
def test_limited_endpoints_answer_503_and_make_nothing_while_redis_is_gone(redis_proxy, six_types, fault):
    quiz, deck = curated(six_types), make_picked_deck(six_types)
    requests = {
        "sign-up": lambda: _sign_up("mallory"),
        "start": lambda: Client(raise_request_exception=False).post(f"/quizzes/{quiz.slug}/start/"),
        "api start": lambda: Client(raise_request_exception=False).post(
            "/api/v1/attempts/", {"quiz": quiz.slug}, content_type="application/json"
        ),
        "download": lambda: Client(raise_request_exception=False).get(f"/decks/{deck.slug}/anki.apkg"),
    }
    redis_proxy.stop() if fault == "stopped" else redis_proxy.black_hole()

    for name, request in requests.items():
        response, seconds = faults._timed(request, 10)
        assert response.status_code == 503, (name, response.status_code)
        assert seconds < 5, (name, f"{seconds:.1f} s")
    assert not get_user_model().objects.filter(username="mallory").exists()
    assert Attempt.objects.count() == 0 and Learner.objects.count() == 0

    redis_proxy.stop()
    redis_proxy.start()
    assert _sign_up("mallory").status_code == 302
    assert Client().post(f"/quizzes/{quiz.slug}/start/").status_code == 302
