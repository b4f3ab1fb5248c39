"""load_content leaves out a bank file while neither it nor what it wrote has changed (issue 18.5), and
what it leaves in the database is always what reading every file would leave."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quizapp.library.bank as bank_module
from quizapp.library.bank import skip
from quizapp.library.changes import content_changed
from quizapp.library.models import Choice, Fact, Question, Status, Tag
from tests.factories import CONTENT

ESG = "002_aec1c1457b9d3803.yaml"
HEALTH = "004_16e9d79e391e2d81.yaml"
HEALTH_QUESTION = "6b812626-d0e1-400e-aec8-b7615fa3153c"  # published, in HEALTH
HEALTH_TRUE_FALSE = "dd8cb726-6d31-45cd-ad74-43f6227c8816"


def load(folder: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("load_content", str(folder), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def problems(folder: Path, *args: str) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", str(folder), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def copy_bank(names: list[str] | None = None, into: Path | None = None) -> Path:
    folder = into or Path(tempfile.mkdtemp(prefix="bank-"))  # hypothesis examples share one tmp_path
    for path in sorted(CONTENT.glob("*.yaml")):
        if names is None or path.name in names:
            shutil.copy(path, folder / path.name)
    return folder


def loaded_bank(names: list[str] | None = None, into: Path | None = None) -> Path:
    """A copy of the shipped bank, loaded once: the `bank` fixture's rows are restored with new
    `updated_at` stamps (auto_now), so its own records of the load no longer match, rightly."""
    folder = copy_bank(names, into)
    load(folder)
    return folder


def set_difficulty(path: Path, n: int, value: int) -> None:
    """The n-th question's difficulty in the file (every shipped question states one)."""
    text = path.read_text(encoding="utf-8")
    found = list(re.finditer(r"difficulty: \d", text))
    match = found[n % len(found)]
    path.write_text(f"{text[: match.start()]}difficulty: {value}{text[match.end() :]}", encoding="utf-8")


def database() -> dict:
    """Everything the bank writes, keyed by the files' ids (choices by question and place: a choice
    without an id in a file would get a new one on each creation)."""
    facts = {
        f.uuid: (f.article_id, f.quote, f.start, f.end, f.paragraph, f.restatement, f.erratum, f.drift, f.drift_note)
        for f in Fact.objects.all()
    }
    questions = {
        q.uuid: (
            q.fact.uuid,
            q.type,
            q.status,
            q.difficulty,
            q.prompt,
            q.explanation,
            q.answer_bool,
            q.accepted_answers,
            q.numeric_value,
            q.numeric_tolerance,
            q.numeric_unit,
            q.check_override,
            sorted(t.name for t in q.tags.all()),
        )  # fmt: skip
        for q in Question.objects.select_related("fact").prefetch_related("tags")
    }
    choices = Choice.objects.select_related("question")
    choices = {(c.question.uuid, c.order): (c.text, c.is_correct, c.feedback) for c in choices}
    fact_tags = {f.uuid: sorted(t.name for t in f.tags.all()) for f in Fact.objects.prefetch_related("tags")}
    return {"facts": facts, "questions": questions, "choices": choices, "fact tags": fact_tags}


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.IGNORECASE)]


def test_an_unchanged_bank_is_skipped_and_nothing_is_written(bank, tmp_path):
    folder = copy_bank(into=tmp_path)
    forced = load(folder, "--force")
    with CaptureQueriesContext(connection) as queries:
        out = load(folder)
    assert "loaded 0 file(s), skipped 5 unchanged file(s)" in out
    assert writes(queries.captured_queries) == []
    # The why/how shares and what the files leave out are reported as a full load reports them.
    assert out.splitlines()[1:] == forced.splitlines()[1:]


def test_an_edited_file_is_loaded_and_the_others_skipped(bank, tmp_path):
    folder = loaded_bank(into=tmp_path)
    set_difficulty(folder / HEALTH, 1, 3)
    out = load(folder)
    assert "loaded 1 file(s), skipped 4 unchanged file(s)" in out
    assert "questions: 0 created, 1 updated" in out
    assert Question.objects.get(uuid=HEALTH_QUESTION).difficulty == 3
    assert "loaded 0 file(s), skipped 5" in load(folder)  # and now it is unchanged again


def test_an_admin_edit_after_the_load_loads_the_file_again(bank, tmp_path):
    folder = loaded_bank(into=tmp_path)
    question = Question.objects.get(uuid=HEALTH_QUESTION)
    question.prompt = "改过的题目?"
    question.save()
    out = load(folder)
    assert "loaded 1 file(s), skipped 4 unchanged file(s)" in out
    assert "questions: 0 created, 1 updated" in out  # the file wins, as a full load has it
    question.refresh_from_db()
    assert question.prompt.startswith("文章開頭說")


def test_a_choice_edited_or_a_tag_added_loads_the_file_again(bank, tmp_path):
    folder = loaded_bank(into=tmp_path)
    choice = Choice.objects.get(uuid="448eee54-dda5-498a-9bc7-f20eea19350b")
    choice.text = "别的选项"
    choice.save()
    Question.objects.get(uuid=HEALTH_TRUE_FALSE).tags.add(Tag.objects.create(name="新标签"))
    assert "loaded 1 file(s), skipped 4" in load(folder)
    assert Choice.objects.get(pk=choice.pk).text == "好大夫在線與支付寶爭奪同一批醫生和用戶"
    assert not Question.objects.get(uuid=HEALTH_TRUE_FALSE).tags.filter(name="新标签").exists()


def test_a_deleted_question_is_loaded_again(bank, tmp_path):
    folder = loaded_bank(into=tmp_path)
    Question.objects.get(uuid=HEALTH_QUESTION).delete()
    out = load(folder)
    assert "loaded 1 file(s), skipped 4" in out
    assert "questions: 1 created" in out
    assert Question.objects.get(uuid=HEALTH_QUESTION).choices.count() == 4


def test_a_bulk_retirement_loads_the_file_again(bank, tmp_path):
    folder = loaded_bank(into=tmp_path)
    content_changed(Question.objects.filter(uuid=HEALTH_QUESTION), status=Status.RETIRED)
    assert "loaded 1 file(s), skipped 4" in load(folder)
    assert Question.objects.get(uuid=HEALTH_QUESTION).status == Status.PUBLISHED


def test_force_reads_every_file(bank, tmp_path):
    out = load(copy_bank(into=tmp_path), "--force")
    assert "loaded 5 file(s) —" in out
    assert "skipped" not in out


def test_other_rules_load_every_file_again(bank, monkeypatch, tmp_path):
    folder = loaded_bank(into=tmp_path)
    monkeypatch.setattr(skip, "loader_version", lambda: "another version of the rules")
    assert "loaded 5 file(s) —" in load(folder)
    assert "loaded 0 file(s), skipped 5" in load(folder)


def test_a_failing_file_among_skipped_ones_writes_nothing(bank, tmp_path):
    folder = loaded_bank(into=tmp_path)
    set_difficulty(folder / HEALTH, 1, 3)
    text = (folder / ESG).read_text(encoding="utf-8")
    (folder / ESG).write_text(text.replace("difficulty: 2", "difficulty: 7", 1), encoding="utf-8")
    found = problems(folder)
    assert found == problems(folder, "--force")
    assert any(line.startswith(f"{ESG}: ") and "difficulty 7" in line for line in found)
    assert Question.objects.get(uuid=HEALTH_QUESTION).difficulty == 2


def test_an_id_of_a_skipped_file_used_again_is_refused_as_a_full_load_refuses_it(bank, tmp_path):
    """A changed file that takes a question id another, unchanged file uses: the problem is found though
    that file is left out, and worded as reading every file words it. (True/false questions: no choice
    ids, so nothing else in the changed file is wrong.)"""
    folder = loaded_bank(into=tmp_path)
    esg = folder / ESG
    text = esg.read_text(encoding="utf-8")
    assert "- id: c045be32-4377-4202-aa83-bf0bd6ba3165\n    type: true_false" in text
    esg.write_text(text.replace("c045be32-4377-4202-aa83-bf0bd6ba3165", HEALTH_TRUE_FALSE), encoding="utf-8")
    found = problems(folder)
    assert found == problems(folder, "--force")
    assert [line for line in found if "is used twice" in line and HEALTH_TRUE_FALSE in line]


@pytest.mark.django_db(transaction=True)
def test_an_edit_made_while_a_load_runs_waits_for_it_and_loads_the_file_again(imported, monkeypatch, tmp_path):
    """The load records its article's rows as it leaves them: an admin edit committed between its
    compare and its record would count as the file's and survive every later load. Such an edit waits
    for the load, so the next load sees it and puts the file's text back, as a full load does."""
    folder = loaded_bank([HEALTH], tmp_path)
    path = folder / HEALTH
    path.write_text(path.read_text(encoding="utf-8") + "# a comment: read again, writes nothing\n", encoding="utf-8")
    written, go = threading.Event(), threading.Event()
    real_write = bank_module.write_bank

    def write_then_pause(bank):
        report = real_write(bank)
        written.set()
        go.wait(30)
        return report

    monkeypatch.setattr(bank_module, "write_bank", write_then_pause)
    outcomes: list[str] = []

    def in_thread(work) -> threading.Thread:
        def run() -> None:
            try:
                outcomes.append(work())
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    loading = in_thread(lambda: load(folder))
    assert written.wait(60)

    def edit() -> str:
        question = Question.objects.get(uuid=HEALTH_QUESTION)
        question.prompt = "改过的题目?"
        question.save()
        return "edited"

    editing = in_thread(edit)
    editing.join(timeout=2)
    assert editing.is_alive()  # waiting for the load
    go.set()
    loading.join(timeout=60)
    editing.join(timeout=60)
    assert outcomes[0].startswith("loaded 1 file(s)") and outcomes[1] == "edited", outcomes
    monkeypatch.setattr(bank_module, "write_bank", real_write)
    assert load(folder).startswith("loaded 1 file(s)")  # the edit is seen: the file is read again
    assert Question.objects.get(uuid=HEALTH_QUESTION).prompt.startswith("文章開頭說")


STEPS = st.one_of(
    st.tuples(st.just("edit file"), st.integers(0, 1), st.integers(0, 200), st.integers(1, 3)),
    st.tuples(st.just("break file"), st.integers(0, 1)),
    st.tuples(st.just("mend files")),
    st.tuples(st.just("edit question"), st.integers(0, 200), st.integers(1, 3)),
    st.tuples(st.just("delete question"), st.integers(0, 200)),
    st.tuples(st.just("retire question"), st.integers(0, 200)),
    st.tuples(st.just("edit choice"), st.integers(0, 500)),
    st.tuples(st.just("load")),
)
FILES = [ESG, HEALTH]


def step(folder: Path, originals: dict[str, str], action: tuple) -> None:
    kind, *args = action
    questions = list(Question.objects.order_by("pk"))
    if kind == "edit file":
        set_difficulty(folder / FILES[args[0]], args[1], args[2])
    elif kind == "break file":
        path = folder / FILES[args[0]]
        path.write_text(path.read_text(encoding="utf-8") + "unknown: key\n", encoding="utf-8")
    elif kind == "mend files":
        for name, text in originals.items():
            (folder / name).write_text(text, encoding="utf-8")
    elif kind == "edit question" and questions:
        question = questions[args[0] % len(questions)]
        question.difficulty = args[1]
        question.save()
    elif kind == "delete question" and questions:
        questions[args[0] % len(questions)].delete()
    elif kind == "retire question" and questions:
        content_changed(Question.objects.filter(pk=questions[args[0] % len(questions)].pk), status=Status.RETIRED)
    elif kind == "edit choice" and (choices := list(Choice.objects.order_by("pk"))):
        choice = choices[args[0] % len(choices)]
        choice.feedback += "。"
        choice.save()


def outcome(folder: Path, *args: str) -> tuple[bool, dict]:
    try:
        load(folder, *args)
    except CommandError:
        return False, database()
    return True, database()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(STEPS, min_size=1, max_size=8))
def test_after_every_load_the_database_is_what_a_full_load_gives(bank, steps):
    folder = copy_bank(FILES)
    originals = {name: (folder / name).read_text(encoding="utf-8") for name in FILES}
    try:
        with transaction.atomic():  # each example starts from the fixture's database
            load(folder)
            for action in [*steps, ("load",)]:
                if action[0] != "load":
                    step(folder, originals, action)
                    continue
                with transaction.atomic():  # what reading every file gives, then undone
                    full = outcome(folder, "--force")
                    transaction.set_rollback(True)
                assert outcome(folder) == full
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(folder)
