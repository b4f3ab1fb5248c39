"""Issue 19.5: a choice in the bank files carries its own `id:`, and load_content knows it by that id —
however a file moves and rewords it — so a learner's picked choice keeps meaning the same choice."""

from __future__ import annotations

import io
import random
import uuid
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.library.models import Choice, Question
from quizapp.quizzes.models import Answer
from tests.factories import make_article
from tests.library.test_bank_retire import CHOICES, QUESTION_ID, load, load_and_pick, write_bank

OTHER_ID = "6f1d2c3b-0a4e-4f5d-8c7b-9e8d7c6b5a42"
WITH_IDS = [{"id": str(uuid.UUID(int=n + 1)), **c} for n, c in enumerate(CHOICES)]  # 200亿元 is ...0003


def stored(question_uuid: str = QUESTION_ID) -> list[tuple[str, str]]:
    return [(str(c.uuid), c.text) for c in Question.objects.get(uuid=question_uuid).choices.all()]


def failing_load(folder: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_content", str(folder), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def picked(client, article, tmp_path) -> tuple[Path, Answer]:
    """The bank loaded with choice ids, and a learner's answer picking 「200亿元」."""
    folder = tmp_path / "bank"
    return folder, load_and_pick(client, article, folder, WITH_IDS)


def test_two_choices_reworded_and_moved_keep_their_identity_by_id(article, picked):
    folder, answer = picked
    pks = {c.uuid: c.pk for c in Choice.objects.all()}
    first, second, third, fourth = (dict(c) for c in WITH_IDS)
    third["text"], first["text"] = "两百亿元", "一百五十亿元"
    # By place (no ids), 两百亿元 would be the choice that stood first: 150亿元.
    write_bank(folder, article, [third, fourth, first, second])
    assert "1 updated" in load(folder)
    assert Choice.objects.get(pk=answer.response).text == "两百亿元"
    assert stored() == [(c["id"], c["text"]) for c in (third, fourth, first, second)]
    assert {c.uuid: c.pk for c in Choice.objects.all()} == pks  # none deleted, none created


def test_a_choice_id_of_another_question_is_a_problem_and_nothing_is_written(article, picked, tmp_path):
    folder, answer = picked
    before = stored()
    stolen = WITH_IDS[3]  # 100亿元, nobody picked it: leaving it out of its own question would be allowed
    other = {
        "id": OTHER_ID,
        "type": "single_choice",
        "status": "draft",
        "prompt": "2023年研发投入约为多少？",
        "explanation": "文章说，2023年研发投入211.9亿元。",
        "choices": [{**stolen, "text": "100亿元"}, {"text": "211.9亿元", "correct": True}, {"text": "300亿元"}],
    }
    write_bank(folder, article, WITH_IDS[:3])
    data = yaml.safe_load((folder / "bank.yaml").read_text(encoding="utf-8"))
    data["facts"][0]["questions"].append(other)
    (folder / "bank.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = failing_load(folder)
    assert f"bank.yaml fact 1 ({data['facts'][0]['id']}) question 2 ({OTHER_ID}) choices 1: " in err
    assert f"id {stolen['id']} is a choice of question {QUESTION_ID}; a choice cannot move to another question" in err
    assert stored() == before and not Question.objects.filter(uuid=OTHER_ID).exists()


def test_a_choice_id_that_is_not_a_uuid_is_named(article, tmp_path):
    folder = tmp_path / "bank"
    write_bank(folder, article, [WITH_IDS[0], {**WITH_IDS[1], "id": "1234"}, *WITH_IDS[2:]])
    err = failing_load(folder)
    assert f"question 1 ({QUESTION_ID}) choices 2: id '1234' is not a UUID" in err
    assert not Question.objects.exists()


def test_a_mistyped_id_key_is_named_not_ignored(article, tmp_path):
    folder = tmp_path / "bank"
    write_bank(folder, article, [{"Id": c.pop("id"), **c} for c in (dict(c) for c in WITH_IDS)])
    err = failing_load(folder)
    assert f"question 1 ({QUESTION_ID}) choices 1: unknown key(s) Id" in err
    assert not Question.objects.exists()


def test_without_ids_choices_match_by_text_then_place_and_get_ids_the_dump_writes(article, tmp_path):
    folder = tmp_path / "bank"
    write_bank(folder, article, CHOICES)
    load(folder)
    ids = {c.text: (c.pk, c.uuid) for c in Choice.objects.all()}
    corrected = [dict(c) for c in CHOICES[::-1]]
    corrected[1]["text"] = "200.0亿元"  # stands where 200亿元 stood in the reversed list
    write_bank(folder, article, corrected)
    load(folder)
    assert (Choice.objects.get(text="200.0亿元").pk, Choice.objects.get(text="200.0亿元").uuid) == ids["200亿元"]
    dumped = tmp_path / "dumped"
    call_command("dump_content", str(dumped), stdout=io.StringIO())
    (path,) = dumped.glob("*.yaml")
    choices = yaml.safe_load(path.read_text(encoding="utf-8"))["facts"][0]["questions"][0]["choices"]
    assert [(c["id"], c["text"]) for c in choices] == stored()


def test_a_new_file_id_is_adopted_by_the_choice_with_its_text(article, picked):
    """A database loaded before the files had ids, and files that gained them: they converge."""
    folder, answer = picked
    renamed = [{**c, "id": str(uuid.uuid4())} for c in WITH_IDS]
    history = Choice.history.count()
    write_bank(folder, article, renamed[::-1])
    assert "1 updated" in load(folder)  # the order changed; the ids alone would be no edit
    assert Choice.objects.get(pk=answer.response).uuid == uuid.UUID(renamed[2]["id"])
    assert stored() == [(c["id"], c["text"]) for c in renamed[::-1]]
    picked_history = Choice.history.filter(id=answer.response).values_list("uuid", flat=True)
    assert set(picked_history) == {uuid.UUID(renamed[2]["id"])}  # its whole trail names it by the new id
    assert Choice.history.count() == history + 4  # the reorder; the renaming adds no row


# A sequence of edits with ids: the picked choice is never deleted and each choice follows its id.

edits = st.lists(st.tuples(st.sampled_from(["shuffle", "reword", "add", "remove"]), st.integers(0, 2**16)), max_size=4)


def _apply(choices: list[dict], op: str, seed: int, n: int) -> list[dict]:
    rnd, choices = random.Random(seed), [dict(c) for c in choices]
    wrong = [i for i, c in enumerate(choices) if not c.get("correct")]
    if op == "shuffle":
        rnd.shuffle(choices)
    elif op == "reword":
        choices[rnd.choice(wrong)]["text"] = f"改写{n}号"
    elif op == "add":
        choices.insert(rnd.randrange(len(choices) + 1), {"id": str(uuid.uuid4()), "text": f"新增{n}号"})
    elif len(wrong) > 2:  # remove, keeping the two wrong choices a single choice needs
        del choices[rnd.choice(wrong)]
    return choices


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=edits)
def test_any_edits_with_ids_keep_the_pick_and_follow_the_ids(article, picked, steps):
    folder, answer = picked
    picked_id = str(Choice.objects.get(pk=answer.response).uuid)
    with transaction.atomic():
        current = WITH_IDS
        for n, (op, seed) in enumerate(steps):
            edited = _apply(current, op, seed, n)
            write_bank(folder, article, edited)
            if picked_id in {c["id"] for c in current} - {c["id"] for c in edited}:
                assert "was picked in learners' answers" in failing_load(folder)
            else:
                load(folder)
                current = edited
            assert stored() == [(c["id"], c["text"]) for c in current]
            assert str(Choice.objects.get(pk=answer.response).uuid) == picked_id
        transaction.set_rollback(True)  # the next example starts from the fixture's bank
