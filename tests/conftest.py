from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from tests.factories import (
    SEEDS,
    curated,
    import_shipped_articles,
    load_shipped_bank,
    make_one_of_each_type,
    make_user,
)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Production hashes passwords slowly on purpose; here every persona and log-in would pay for it."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def imported(db):
    """The five shipped articles, imported."""
    return import_shipped_articles()


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
def bank(imported):
    """The shipped question bank, loaded on top of the imported articles."""
    load_shipped_bank()
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
