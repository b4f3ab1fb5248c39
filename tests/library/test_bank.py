from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from quizapp.library import cloze
from quizapp.library.models import Fact, Question, QuestionType, Status

CONTENT = Path(__file__).resolve().parents[2] / "content"


def load(folder: Path) -> str:
    out = io.StringIO()
    call_command("load_content", str(folder), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def bank(imported, tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def test_shipped_bank_meets_the_bar(imported):
    load(CONTENT)
    published = Question.objects.published()
    assert published.count() >= 200
    for article in imported.values():
        assert published.for_article(article).count() >= 30, article.source_file
    assert set(published.values_list("type", flat=True)) == set(QuestionType.values)
    for fact in Fact.objects.select_related("article"):
        assert fact.article.body[fact.start : fact.end].replace(" ", "") == fact.quote.replace(" ", "")
    assert not Question.objects.filter(explanation="").exists()


def test_dump_load_dump_is_byte_identical(bank, tmp_path, django_db_blocker):
    load(bank)
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("dump_content", str(first), stdout=io.StringIO())
    Question.objects.all().delete()
    Fact.objects.all().delete()
    load(first)
    call_command("dump_content", str(second), stdout=io.StringIO())
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()) and len(names) == 5
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # The shipped files are already in dump format: loading and dumping them changes nothing.
    for name in names:
        assert (first / name).read_bytes() == (CONTENT / name).read_bytes(), name


def test_reload_is_idempotent_and_keeps_updated_at(bank):
    load(bank)
    stamps = dict(Question.objects.values_list("uuid", "updated_at"))
    out = load(bank)
    assert "0 created, 0 updated" in out
    assert dict(Question.objects.values_list("uuid", "updated_at")) == stamps


def test_editing_a_file_updates_by_uuid_and_keeps_choice_ids(bank):
    load(bank)
    path = bank / "002_aec1c1457b9d3803.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = data["facts"][0]["questions"][0]
    choice_ids = list(Question.objects.get(uuid=question["id"]).choices.values_list("pk", flat=True))
    question["explanation"] = "改写后的解释。"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = load(bank)
    assert "questions: 0 created, 1 updated" in out
    updated = Question.objects.get(uuid=question["id"])
    assert updated.explanation == "改写后的解释。"
    assert list(updated.choices.values_list("pk", flat=True)) == choice_ids


def _published(data: dict, type: str) -> dict:
    return next(q for f in data["facts"] for q in f["questions"] if q["type"] == type and q["status"] == "published")


def _correct(data: dict, type: str) -> dict:
    return next(c for c in _published(data, type)["choices"] if c["correct"])


def _break(folder: Path, mutate) -> None:
    path = folder / "003_17b458d034213ccd.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (lambda d: d["facts"][1].update(quote="这句话不在文章里"), "is not in the article"),
        (lambda d: d["facts"][1]["questions"][0].update(type="essay"), "Unknown question type"),
        (lambda d: d["facts"][2]["questions"][0].update(status="live"), "status 'live'"),
        (lambda d: d["facts"][2].update(id=d["facts"][1]["id"]), "used twice"),
        (lambda d: d.update(article="999_missing.txt"), "is not imported"),
        (lambda d: d["facts"][1]["questions"][0].update(colour="red"), "unknown key(s) colour"),
        # The checks of checks.py, on questions that are published:
        (lambda d: _published(d, "numeric").update(value=987654), "987654"),
        (lambda d: _published(d, "cloze").update(prompt="没有的{{c1::海市蜃楼}}"), "Blank c1, “海市蜃楼”, is not in"),
        (lambda d: _published(d, "short_answer").update(accepted_answers=["海市蜃楼"]), "“海市蜃楼”, is not in"),
        (
            lambda d: _correct(d, "single_choice").update(text="海市蜃楼般的空中楼阁"),
            "“海市蜃楼般的空中楼阁” is not in",
        ),
        (lambda d: _published(d, "true_false").update(explanation="见002号文章。"), "cites “002号”"),
        (lambda d: _correct(d, "multiple_response").update(feedback="本题库另一篇文章也说"), "cites “题库”"),
        (lambda d: _published(d, "cloze").update(alternatives={"c9": ["翻倍"]}), "the prompt has no deletion c9"),
        (lambda d: _published(d, "cloze").update(alternatives=["翻倍"]), "alternatives must map a blank"),
        (lambda d: _published(d, "short_answer").update(alternatives={"c1": ["x"]}), "alternatives are for cloze"),
    ],
)
def test_bad_content_names_file_item_and_problem_and_writes_nothing(bank, mutate, says):
    _break(bank, mutate)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_content", str(bank), stdout=io.StringIO(), stderr=err)
    assert "003_17b458d034213ccd.yaml" in err.getvalue() and says in err.getvalue()
    assert Question.objects.count() == 0 and Fact.objects.count() == 0


def test_invalid_yaml_is_reported_with_its_line(bank):
    (bank / "004_16e9d79e391e2d81.yaml").write_text("article: x\nfacts: [\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", str(bank), stdout=io.StringIO(), stderr=err)
    assert "004_16e9d79e391e2d81.yaml: line" in err.getvalue() and "not valid YAML" in err.getvalue()
    assert Question.objects.count() == 0


def test_a_failure_halfway_through_writing_rolls_everything_back(bank, monkeypatch):
    from quizapp.library.bank import writer

    real = writer._bulk_tags

    def flaky(model, rows, tags):
        if model is Question:  # facts, questions and choices are in by now
            raise RuntimeError("disk full")
        return real(model, rows, tags)

    monkeypatch.setattr(writer, "_bulk_tags", flaky)
    with pytest.raises(RuntimeError):
        load(bank)
    assert Question.objects.count() == 0 and Fact.objects.count() == 0


def test_drafts_load_but_are_not_published(bank):
    demoted = []

    def demote_one(data):  # the shipped bank has drafts of its own: turn one published question into one
        question = next(q for f in data["facts"] for q in f["questions"] if q["status"] == Status.PUBLISHED)
        question["status"] = Status.DRAFT.value
        demoted.append(question["id"])

    _break(bank, demote_one)
    load(bank)
    question = Question.objects.get(uuid=demoted[0])
    assert question.status == Status.DRAFT
    assert not Question.objects.published().filter(pk=question.pk).exists()


def test_crlf_in_a_file_is_stored_as_lf_and_a_full_width_quote_keeps_its_place(bank):
    load(bank)
    fact = Fact.objects.filter(quote__contains=",", article__source_file__startswith="003").first()
    start, end = fact.start, fact.end
    changed = []

    def edit(data):
        item = next(f for f in data["facts"] if f["id"] == str(fact.uuid))
        item["quote"] = item["quote"].replace(",", "，")  # typed full-width against the article's half-width
        item["questions"][0]["explanation"] = "第一行\r\n第二行\r第三行"
        changed.append(item["questions"][0]["id"])

    _break(bank, edit)
    load(bank)
    fact.refresh_from_db()
    assert (fact.start, fact.end) == (start, end) and "," in fact.article.body[start:end]
    assert Question.objects.get(uuid=changed[0]).explanation == "第一行\n第二行\n第三行"


def test_a_draft_outside_its_fact_is_only_a_warning_and_an_override_lets_a_question_through(bank, tmp_path):
    ids = {}

    def mutate(data):
        draft, published = [q for f in data["facts"] for q in f["questions"] if q["type"] == "numeric"][:2]
        draft.update(status="draft", value=987654)
        published.update(value=123456, check_override="文章另一处给出了这个数字。")
        ids.update(draft=draft["id"], published=published["id"])

    _break(bank, mutate)
    out = load(bank)
    assert "draft: 003_17b458d034213ccd.yaml: fact" in out and f"({ids['draft']}): The answer 987654" in out
    assert Question.objects.get(uuid=ids["published"]).check_override == "文章另一处给出了这个数字。"
    call_command("dump_content", str(tmp_path / "dumped"), stdout=io.StringIO())
    assert (
        "check_override: 文章另一处给出了这个数字。" in (tmp_path / "dumped" / "003_17b458d034213ccd.yaml").read_text()
    )


def test_load_reports_the_why_how_share_of_each_article(bank):
    lines = [line for line in load(bank).splitlines() if "ask why or how" in line]
    assert len(lines) == 5
    published = Question.objects.published()
    for line in lines:
        source, why_how, total = re.match(r"(\S+): (\d+) of (\d+) published questions", line).groups()
        in_article = published.filter(fact__article__source_file=source)
        assert (int(why_how), int(total)) == (in_article.filter(tags__name="reasons").count(), in_article.count())


def test_cloze_alternatives_are_stored_per_blank_and_dumped_as_written(bank, tmp_path):
    ids = []

    def add_alternatives(data):
        question = _published(data, "cloze")
        question.update(
            prompt="两年时间，用户规模{{c1::翻番}}，突破了{{c2::10}}亿。", alternatives={"c1": ["翻倍", "翻一番"]}
        )
        ids.append(question["id"])

    _break(bank, add_alternatives)
    load(bank)
    question = Question.objects.get(uuid=ids[0])
    assert question.accepted_answers == ["c1::翻倍", "c1::翻一番"]
    assert cloze.accepted(question.prompt, question.accepted_answers) == [["翻番", "翻倍", "翻一番"], ["10"]]
    call_command("dump_content", str(tmp_path / "dumped"), stdout=io.StringIO())
    dumped = yaml.safe_load((tmp_path / "dumped" / "003_17b458d034213ccd.yaml").read_text(encoding="utf-8"))
    assert _published(dumped, "cloze")["alternatives"] == {"c1": ["翻倍", "翻一番"]}
    assert all("alternatives" not in q for f in dumped["facts"] for q in f["questions"] if q["id"] != ids[0])
