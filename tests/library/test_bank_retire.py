"""Issue 19.5 in the question bank: load_content keeps each choice a learner picked (reordered or
corrected in the file), refuses to drop one, never deletes a question, and round-trips `status: retired`."""

from __future__ import annotations

import io
import shutil
import uuid
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.library.bank.writer import match_choices
from quizapp.library.models import Choice, Question, Status
from quizapp.library.validation import ChoiceData
from quizapp.quizzes.models import Answer, Attempt
from tests.factories import CONTENT, curated, make_article

QUESTION_ID = "6f1d2c3b-0a4e-4f5d-8c7b-9e8d7c6b5a41"
CHOICES = [
    {"text": "150亿元", "correct": False, "feedback": "少了。"},
    {"text": "211.9亿元", "correct": True},
    {"text": "200亿元", "correct": False},
    {"text": "100亿元", "correct": False},
]


def write_bank(folder: Path, article, choices: list[dict], status: str = "published") -> None:
    question = {
        "id": QUESTION_ID,
        "type": "single_choice",
        "status": status,
        "difficulty": 2,
        "prompt": "2023年研发投入是多少？",
        "choices": choices,
        "explanation": "文章说，2023年研发投入211.9亿元。",
    }
    fact = {"id": "1a2b3c4d-0000-4000-8000-000000000001", "quote": "2023年研发投入211.9亿元", "questions": [question]}
    data = {"article": article.source_file, "facts": [fact]}
    folder.mkdir(exist_ok=True)
    (folder / "bank.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def load(folder: Path) -> str:
    out = io.StringIO()
    call_command("load_content", str(folder), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def picked(client, article, tmp_path) -> tuple[Path, Answer]:
    folder = tmp_path / "bank"
    return folder, load_and_pick(client, article, folder, CHOICES)


def load_and_pick(client, article, folder: Path, choices: list[dict]) -> Answer:
    """The bank loaded, and a learner's answer picking the choice 「200亿元」 through the quiz pages."""
    write_bank(folder, article, choices)
    load(folder)
    question = Question.objects.get(uuid=QUESTION_ID)
    quiz = curated([question])
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get()
    choice = question.choices.get(text="200亿元")
    assert (
        client.post(f"/attempts/{attempt.pk}/answer/", {"question": question.pk, "choice": choice.pk}).status_code
        == 302
    )
    return Answer.objects.get()


def results_page(client, answer: Answer) -> str:
    return client.get(f"/attempts/{answer.attempt_id}/results/").content.decode()


def test_reordering_choices_in_the_file_keeps_the_learners_pick(client, article, picked):
    folder, answer = picked
    ids = {c.text: c.pk for c in Choice.objects.all()}
    write_bank(folder, article, list(reversed(CHOICES)))
    assert "1 updated" in load(folder)
    assert Choice.objects.get(pk=answer.response).text == "200亿元"
    assert {c.text: c.pk for c in Choice.objects.all()} == ids  # every choice is still itself
    assert list(Question.objects.get().choices.values_list("text", flat=True)) == [c["text"] for c in CHOICES[::-1]]
    assert "200亿元" in results_page(client, answer)


def test_correcting_a_text_while_reordering_keeps_the_same_choice(client, article, picked):
    folder, answer = picked
    changed = [dict(c) for c in CHOICES]
    changed[2]["text"] = "200.0亿元"
    write_bank(folder, article, [changed[2], changed[0], changed[3], changed[1]])
    load(folder)
    assert Choice.objects.get(pk=answer.response).text == "200.0亿元"
    assert Choice.objects.count() == 4


def test_dropping_a_picked_choice_is_refused_and_writes_nothing(article, picked):
    folder, answer = picked
    # (Dropped, not replaced: a new text in its place would be the same choice, corrected.)
    write_bank(folder, article, [c for c in CHOICES if c["text"] != "200亿元"])
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_content", str(folder), stdout=io.StringIO(), stderr=err)
    assert QUESTION_ID in err.getvalue() and "「200亿元」 was picked in learners' answers" in err.getvalue()
    assert Choice.objects.get(pk=answer.response).text == "200亿元" and Choice.objects.count() == 4


def test_dropping_a_choice_nobody_picked_still_works(article, picked):
    folder, answer = picked
    write_bank(folder, article, [c for c in CHOICES if c["text"] != "100亿元"])
    load(folder)
    assert sorted(Choice.objects.values_list("text", flat=True)) == ["150亿元", "200亿元", "211.9亿元"]
    assert Choice.objects.get(pk=answer.response).text == "200亿元"


def test_a_question_left_out_of_the_files_is_kept_and_reported(article, picked, tmp_path):
    folder, answer = picked
    (folder / "bank.yaml").write_text(
        yaml.safe_dump({"article": article.source_file, "facts": []}, allow_unicode=True), encoding="utf-8"
    )
    out = load(folder)
    assert "1 question(s) of these articles are not in the files: kept" in out
    assert Answer.objects.filter(pk=answer.pk, question__uuid=QUESTION_ID).exists()


def test_status_retired_loads_and_leaves_learners(article, picked):
    folder, _answer = picked
    write_bank(folder, article, CHOICES, status="retired")
    load(folder)
    question = Question.objects.get()
    assert question.status == Status.RETIRED and not Question.objects.live().exists()


def test_a_retired_question_round_trips_byte_identical(imported, tmp_path):
    source, dumped = tmp_path / "content", tmp_path / "dumped"
    shutil.copytree(CONTENT, source, ignore=shutil.ignore_patterns("*.md", "audit"))
    path = source / "002_aec1c1457b9d3803.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: published", "status: retired", 1), encoding="utf-8")
    load(source)
    assert Question.objects.filter(status=Status.RETIRED).count() == 1
    call_command("dump_content", str(dumped), stdout=io.StringIO())
    for name in sorted(p.name for p in source.glob("*.yaml")):
        assert (dumped / name).read_bytes() == (source / name).read_bytes(), name


# The matching itself, over any reordering and any one corrected text.

texts = st.lists(st.text(alphabet="甲乙丙丁戊己庚辛", min_size=1, max_size=3), min_size=2, max_size=6, unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=texts, data=st.data())
def test_match_choices_follows_texts_through_any_reorder_and_one_correction(texts, data):
    existing = [Choice(pk=n + 1, text=t) for n, t in enumerate(texts)]
    order = data.draw(st.permutations(range(len(texts))))
    specs = [ChoiceData(texts[i], False) for i in order]
    corrected = data.draw(st.integers(0, len(specs) - 1))
    new_text = "改" + uuid.uuid4().hex[:4]
    specs[corrected] = ChoiceData(new_text, False)
    matched, removed = match_choices(existing, specs)
    assert removed == []
    assert [c.pk for c in matched] == [i + 1 for i in order]  # each spec is the choice it was


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_a_problem_that_does_not_stop_the_load_is_labelled_with_the_status_it_keeps(article, tmp_path, status):
    folder = tmp_path / "bank"
    # A feedback naming a file by number: a problem for a question in review or published, not for this one.
    numbered = [{**c, "feedback": "见000号专访。"} if c["text"] == "200亿元" else c for c in CHOICES]
    write_bank(folder, article, numbered, status=status)
    out = load(folder)
    lines = [line for line in out.splitlines() if QUESTION_ID in line]
    assert len(lines) == 1 and lines[0].startswith(f"{status}: bank.yaml: fact 1 "), out
    assert Question.objects.get().status == status
