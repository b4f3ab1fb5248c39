from __future__ import annotations

import pytest

from quizapp.quizzes.models import Mode
from tests.factories import curated


@pytest.fixture
def exam_quiz(six_types):
    return curated(six_types, mode=Mode.EXAM, slug="exam", time_limit_minutes=10)
