from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from quizapp.library.models import Article
from tests.factories import (
    SEEDS,
    curated,
    import_shipped_articles,
    load_shipped_bank,
    make_one_of_each_type,
    make_user,
)
from tests.snapshot import Snapshot


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Production hashes passwords slowly on purpose; here every persona and log-in would pay for it."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def tasks_run_at_once(tmp_path_factory):
    """Background tasks (deck packages, exports, imports) run inside the request; their files go to temp folders."""
    backend = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    folders = {
        "DECK_PACKAGE_DIR": tmp_path_factory.mktemp("packages"),
        "INTEROP_DIR": tmp_path_factory.mktemp("interop"),
    }
    with override_settings(TASKS=backend, **folders):
        yield


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with empty caches, as the database starts empty: log-in counters and cached
    pages from an earlier test in the same process must not throttle or answer this one."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all():
        if isinstance(cache, LocMemCache):  # never flush a Redis database someone pointed REDIS_URL at
            cache.clear()


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def shipped_articles(django_db_setup, django_db_blocker) -> Snapshot:
    with django_db_blocker.unblock():
        return Snapshot.take(import_shipped_articles)


@pytest.fixture(scope="session")
def shipped_bank(shipped_articles, django_db_blocker) -> Snapshot:
    with django_db_blocker.unblock():
        return Snapshot.take(load_shipped_bank, on=shipped_articles)


@pytest.fixture
def imported(db, shipped_articles) -> dict[str, Article]:
    """The five shipped articles, as `import_articles seeds/` leaves them; by source file name."""
    shipped_articles.restore()
    return {a.source_file: a for a in Article.objects.all()}


@pytest.fixture
def article(imported) -> Article:
    """The ESG article (蚂蚁向外生长), which the single-article tests quote."""
    return imported["002_aec1c1457b9d3803.txt"]


@pytest.fixture
def author(db):
    return make_user("alice", staff=True, group="Authors")


@pytest.fixture
def editor(db):
    return make_user("erin", staff=True, group="Editors")


@pytest.fixture
def learner(db):
    return make_user("lee")


@pytest.fixture
def other_learner(db):
    return make_user("olga")


@pytest.fixture
def bank(imported, shipped_bank):
    """The shipped question bank, as `load_content content/` leaves it on top of the articles."""
    shipped_bank.restore()
    return imported


@pytest.fixture
def six_types(db):
    """One question of each type on one fact, in a fixed order."""
    return make_one_of_each_type()


@pytest.fixture
def practice_quiz(six_types):
    return curated(six_types)


@pytest.fixture(autouse=True)
def english_interface(settings):
    """Assertions read the English interface; tests/test_i18n.py checks the Chinese one."""
    settings.LANGUAGE_CODE = "en"
