"""Two real gunicorn servers (DEBUG=0, PostgreSQL, one Redis) behind no sticky sessions: one learner's
requests alternate between them and nothing is lost or doubled, and the limits hold across servers. Their
tasks go through the Redis queue (TASK_BACKEND=rq) to one worker beside them."""

from __future__ import annotations

import json
import time
import uuid

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2SHA1PasswordHasher
from django.db import connection
from django.db.models import F

from quizapp.accounts.throttle import MAX_PER_ACCOUNT_AND_ADDRESS
from quizapp.quizzes.models import Answer, Attempt
from quizapp.stats.models import ItemStatistic
from quizapp.study.models import ReviewLog
from tests.factories import curated, make_one_of_each_type, make_picked_deck, right_answer, wrong_answer
from tests.resilience.caches import require_redis
from tests.scale.servers import Browser, collect_static, gunicorn_servers, production_env, task_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the servers see only committed rows
    pytest.mark.xdist_group("two_servers"),  # one xdist worker runs both, on one pair of servers (make test)
]

LOGIN = "/accounts/login/"
ANON_RATE = 6  # per minute, for the servers of the throttle test
REDIS_DB = 14  # this test's own database (tests/resilience uses 15); keys carry a per-run prefix too


@pytest.fixture(scope="module")
def two_servers(django_db_setup, tmp_path_factory):
    """Started once for the module; each test commits its own rows and uses its own client address."""
    if connection.vendor != "postgresql":
        pytest.skip("several app servers need a shared database server: CI runs this on PostgreSQL")
    require_redis()
    env = production_env(
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        CACHE_KEY_PREFIX=f"two-servers-{uuid.uuid4().hex}",  # fresh counters for each run
        API_ANON_RATE=f"{ANON_RATE}/min",
        TRUSTED_PROXY_COUNT="1",  # as behind a balancer: the client is the last X-Forwarded-For entry
        TASK_BACKEND="rq",  # deck packages and statistics go through the Redis queue to a worker of their own
        DECK_PACKAGE_DIR=str(tmp_path_factory.mktemp("packages")),
    )
    collect_static(env)
    queue = redis.Redis.from_url(env["REDIS_URL"])
    for key in queue.scan_iter("rq:*"):  # jobs an interrupted run left behind were for another database
        queue.delete(key)
    queue.close()
    with gunicorn_servers(2, env) as ports, task_worker(env):
        yield ports


def _learner(name: str):
    """A learner whose stored hash the servers can check: the tests' own hasher (MD5, see conftest) is not
    one production accepts; PBKDF2-SHA1 with few iterations is, and stays fast. Not PBKDF2-SHA256: a wrong
    password against a hash of the preferred algorithm is "hardened" to its full work factor (seconds
    on a busy machine, per try); a successful log-in upgrades the hash once."""
    hashed = PBKDF2SHA1PasswordHasher().encode("pw-" + name, "s" * 22, iterations=1000)
    return get_user_model().objects.create(username=name, password=hashed)


def _log_in(me: Browser, port: int, name: str, password: str):
    page = me.get(port, LOGIN)
    return me.post(port, LOGIN, {"username": name, "password": password}, csrf_from=page)


def test_one_learner_alternates_between_two_servers(two_servers):
    a, b = two_servers
    me = Browser("198.51.100.1")
    questions = make_one_of_each_type()
    quiz = curated(questions)
    make_picked_deck(questions)
    _learner("lee")

    assert _log_in(me, a, "lee", "pw-lee").status == 302  # log in on A ...
    assert "Log out (lee)" in me.get(b, "/").text  # ... and B knows the session

    quiz_page = me.get(b, f"/quizzes/{quiz.slug}/")  # quiz on B
    assert me.post(b, f"/quizzes/{quiz.slug}/start/", {}, csrf_from=quiz_page).status == 302
    attempt = Attempt.objects.get()
    assert attempt.learner.user.username == "lee"
    first = me.get(b, f"/attempts/{attempt.pk}/")
    assert questions[0].prompt in first.text
    answered = me.post(a, f"/attempts/{attempt.pk}/answer/", right_answer(questions[0]), csrf_from=first)  # on A
    assert answered.status == 302
    second = me.get(b, f"/attempts/{attempt.pk}/")
    assert questions[1].prompt in second.text  # B serves the next question: A's answer is there
    me.post(b, f"/attempts/{attempt.pk}/answer/", wrong_answer(questions[1]), csrf_from=second)
    third = me.get(a, f"/attempts/{attempt.pk}/")
    assert me.post(a, f"/attempts/{attempt.pk}/finish/", {}, csrf_from=third).status == 302
    results = me.get(b, f"/attempts/{attempt.pk}/results/")  # results on B
    assert results.status == 200 and f"1 of {len(questions)} points" in results.text
    assert list(Answer.objects.order_by("pk").values_list("question", "is_correct")) == [
        (questions[0].pk, True),
        (questions[1].pk, False),
    ]

    waiting = me.get(a, "/decks/picked/anki.apkg")  # the deck's package, asked for on A ...
    assert waiting.status == 200 and "is being prepared" in waiting.text
    assert _ready_on(b, me, "/decks/picked/anki.apkg")  # ... built by the worker, offered by B
    assert me.get(b, "/decks/picked/anki.apkg").body[:2] == b"PK"
    # The answers' statistics were queued before the package, and one worker takes jobs in order.
    assert not ItemStatistic.objects.exclude(generation=F("computed")).exists()
    assert ItemStatistic.objects.get(question=questions[0]).answers == 1

    front = me.get(a, "/study/picked/")  # study on A
    assert questions[0].prompt in front.text
    rated = me.post(a, "/study/picked/review/", {"question": questions[0].pk, "reps": 0, "rating": 3}, front)
    assert rated.status == 302
    assert "Good: next review in" in me.get(b, "/study/picked/").text  # the message travels to B
    assert ReviewLog.objects.filter(question=questions[0]).count() == 1

    api = Browser("198.51.100.1")  # no cookies: a token from A, used alone on B
    body = json.dumps({"username": "lee", "password": "pw-lee"})
    issued = api.request(a, "POST", "/api/v1/auth/token/", body, {"Content-Type": "application/json"})
    token = json.loads(issued.text)
    assert issued.status == 200, token
    got = api.get(b, f"/api/v1/attempts/{attempt.pk}/results/", Authorization=f"Token {token['token']}")
    assert got.status == 200
    rows = json.loads(got.text)["rows"]
    assert [(row["question"], row["correct"]) for row in rows[:2]] == [
        (questions[0].pk, True),
        (questions[1].pk, False),
    ]


def _ready_on(port: int, me: Browser, path: str, timeout: float = 60) -> bool:
    """Asks as the waiting page does (htmx, every few seconds) until the package is ready."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "The package is ready." in me.get(port, path, **{"HX-Request": "true"}).text:
            return True
        time.sleep(0.2)
    return False


def test_limits_hold_across_servers(two_servers):
    a, b = two_servers
    _learner("olga")
    guesser = Browser("198.51.100.2")
    for n in range(MAX_PER_ACCOUNT_AND_ADDRESS):  # wrong passwords, split between A and B
        assert _log_in(guesser, (a, b)[n % 2], "olga", "wrong").status == 200
    for port in (b, a):  # the next try is refused on either server, even with the right password
        refused = _log_in(guesser, port, "olga", "pw-olga")
        assert refused.status == 429, port

    anonymous = Browser("198.51.100.3")
    statuses = [anonymous.get((a, b)[n % 2], "/api/v1/articles/").status for n in range(ANON_RATE + 2)]
    assert statuses == [200] * ANON_RATE + [429, 429]  # one budget for both servers, not one each
