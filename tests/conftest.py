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
