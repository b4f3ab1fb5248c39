from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def imported(db):
    """The five shipped articles, imported."""
    call_command("import_articles", str(SEEDS), stdout=io.StringIO())
    from quizapp.library.models import Article

    return {a.source_file: a for a in Article.objects.all()}


def _user(username: str, *, staff: bool = False, group: str | None = None):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, password="pw-" + username, is_staff=staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author(db):
    return _user("alice", staff=True, group="Authors")


@pytest.fixture
def editor(db):
    return _user("erin", staff=True, group="Editors")


@pytest.fixture
def learner(db):
    return _user("lee")


@pytest.fixture
def other_learner(db):
    return _user("olga")


@pytest.fixture
def bank(imported):
    """The shipped question bank, loaded on top of the imported articles."""
    call_command("load_content", str(ROOT / "content"), stdout=io.StringIO())
    return imported


@pytest.fixture
def six_types(db):
    from quizapp.library.models import QuestionType
    from tests.factories import make_fact, make_question

    """One question of each type on one fact, in a fixed order."""
    fact = make_fact()
    return [
        make_question(fact, QuestionType.SINGLE_CHOICE),
        make_question(fact, QuestionType.MULTIPLE_RESPONSE),
        make_question(fact, QuestionType.TRUE_FALSE),
        make_question(fact, QuestionType.CLOZE),
        make_question(fact, QuestionType.SHORT_ANSWER),
        make_question(fact, QuestionType.NUMERIC),
    ]


@pytest.fixture(autouse=True)
def english_interface(settings):
    """Assertions read the English interface; tests/test_i18n.py checks the Chinese one."""
    settings.LANGUAGE_CODE = "en"
