"""Files from elsewhere: Moodle XML written by hand, every GIFT kind, Anki packages, and bad files."""

from __future__ import annotations

import io
import zipfile

import genanki
import pytest

from quizapp.interop import importing
from quizapp.interop.records import MAX_UPLOAD_BYTES, FormatError
from quizapp.library.models import Question, QuestionType, Status

ARTICLE = "000_1a6226931bc3619a.txt"

# As in docs.moodle.org/en/Moodle_XML_format: a category, then one question of each kind.
HAND_WRITTEN_MOODLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/蚂蚁</text></category></question>
  <question type="multichoice">
    <name><text>CEO</text></name>
    <questiontext format="html"><text><![CDATA[<p>蚂蚁集团现任 CEO 是谁？</p>]]></text></questiontext>
    <generalfeedback format="html"><text>韩歆毅 2025 年 3 月接任 CEO。</text></generalfeedback>
    <single>true</single>
    <answer fraction="100"><text>韩歆毅</text><feedback><text>对。</text></feedback></answer>
    <answer fraction="0"><text>井贤栋</text><feedback><text>他是董事长。</text></feedback></answer>
    <answer fraction="0"><text>马云</text></answer>
  </question>
  <question type="truefalse">
    <name><text>清华</text></name>
    <questiontext format="moodle_auto_format"><text>韩歆毅毕业于清华大学。</text></questiontext>
    <generalfeedback><text>他毕业于清华大学经济学专业。</text></generalfeedback>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>大学</text></name>
    <questiontext format="html"><text>韩歆毅毕业于哪所大学？</text></questiontext>
    <generalfeedback><text>清华大学经济学专业。</text></generalfeedback>
    <answer fraction="100"><text>清华大学</text></answer>
    <answer fraction="100"><text>清华</text></answer>
  </question>
  <question type="numerical">
    <name><text>年份</text></name>
    <questiontext format="html"><text>韩歆毅生于哪一年？</text></questiontext>
    <generalfeedback><text>1977 年。</text></generalfeedback>
    <answer fraction="100"><text>1977</text><tolerance>0</tolerance></answer>
  </question>
  <question type="cloze">
    <name><text>投行</text></name>
    <questiontext format="html">
      <text>韩歆毅在{1:SHORTANSWER:=中金}做了{1:NUMERICAL:=10:0}年投行业务。</text>
    </questiontext>
    <generalfeedback><text>在中金做了十年投行业务。</text></generalfeedback>
  </question>
  <question type="essay">
    <name><text>论述</text></name>
    <questiontext><text>谈谈阿福。</text></questiontext>
  </question>
</quiz>
""".encode()


def test_a_hand_written_moodle_file_imports_with_proposed_facts(bank):
    from quizapp.library.models import Article

    article = Article.objects.get(source_file=ARTICLE)
    before = Question.objects.count()
    plan = importing.plan(importing.parse(HAND_WRITTEN_MOODLE, "moodle"), article=article, can_publish=True)
    assert (plan.rows[5].where, plan.rows[5].action) == ("question 7 (论述)", "refuse")
    assert plan.rows[5].reason == "Moodle question type 'essay' has no equivalent here"
    assert [r.action for r in plan.rows[:5]] == ["create"] * 5
    # The proposed fact of "which university" is the sentence that says so.
    university = next(r for r in plan.rows if r.prompt == "韩歆毅毕业于哪所大学？")
    assert "毕业于清华大学经济学" in university.candidates[0].text
    importing.run(plan)
    assert Question.objects.count() == before + 5
    imported = Question.objects.get(prompt="韩歆毅毕业于哪所大学？")
    assert imported.accepted_answers == ["清华大学", "清华"] and imported.status == Status.DRAFT
    assert not imported.anchored
    assert "毕业于清华大学经济学" in imported.fact.quote
    cloze = Question.objects.get(type=QuestionType.CLOZE, prompt__contains="投行业务")
    assert cloze.prompt == "韩歆毅在{{c1::中金}}做了{{c2::10}}年投行业务。"
    choice = Question.objects.get(prompt="蚂蚁集团现任 CEO 是谁？")
    assert [(c.text, c.is_correct, c.feedback) for c in choice.choices.all()] == [
        ("韩歆毅", True, "对。"), ("井贤栋", False, "他是董事长。"), ("马云", False, ""),
    ]  # fmt: skip


def test_a_confirmed_sentence_anchors_the_question_and_keeps_its_status(bank):
    from quizapp.library.models import Article

    article = Article.objects.get(source_file=ARTICLE)
    parsed = importing.parse(HAND_WRITTEN_MOODLE, "moodle")
    first = importing.plan(parsed, article=article, can_publish=True)
    row = next(r for r in first.rows if r.prompt == "韩歆毅毕业于哪所大学？")
    second_best = row.candidates[1]
    plan = importing.plan(parsed, article=article, can_publish=True, picks={row.question_id: second_best.number})
    importing.run(plan)
    question = Question.objects.get(prompt="韩歆毅毕业于哪所大学？")
    assert question.fact.quote == second_best.text
    assert question.anchored


GIFT_EVERY_KIND = """// every kind in docs.moodle.org/en/GIFT_format
::单选::韩歆毅是哪年出任蚂蚁集团总裁的？{=2024 年#对。 ~2020 年#那年他任 CFO。 ~2025 年####他 2024 年 3 月出任总裁。}

::多选::哪些是蚂蚁的业务？{~%50%支付#对 ~%50%信贷 ~%-100%造车####支付与信贷。}

::判断::韩歆毅生于 1977 年。{TRUE####见第 3 段。}

::简答::韩歆毅毕业于哪所大学？{=清华大学 =清华####清华大学经济学。}

::填空::韩歆毅在 {=中金####中金，十年投行。} 做了十年投行业务。

::数字::韩歆毅在中金做了几年投行？{#10:0####十年。}

::区间::韩歆毅在中金做了几年投行？{#9..11####十年。}

::无说明::韩歆毅是哪年加入阿里的？{#2011}

::配对::配对 {=韩歆毅 -> CEO =井贤栋 -> 董事长 =彭蕾 -> 前董事长}

::论述::谈谈阿福。{}

::说明::以下问题关于蚂蚁集团。
"""


def test_every_gift_kind_imports_or_is_refused_with_a_reason(bank):
    from quizapp.library.models import Article

    article = Article.objects.get(source_file=ARTICLE)
    plan = importing.plan(importing.parse(GIFT_EVERY_KIND.encode(), "gift"), article=article, can_publish=False)
    outcome = [(r.type, r.action) if r.action != "refuse" else ("refused", r.reason) for r in plan.rows]
    assert outcome == [
        ("single_choice", "create"),
        ("multiple_response", "create"),
        ("true_false", "create"),
        ("short_answer", "create"),
        ("cloze", "create"),
        ("numeric", "create"),
        ("numeric", "create"),
        ("refused", "Write an explanation that teaches why the answer is right."),
        ("refused", "a matching question has no equivalent here"),
        ("refused", "an essay question ({}) has no answer to check"),
        ("refused", "a description (no answer block) is text, not a question"),
    ]
    importing.run(plan)
    assert Question.objects.get(prompt="韩歆毅在 {{c1::中金}} 做了十年投行业务。").type == QuestionType.CLOZE
    ranged = Question.objects.filter(type=QuestionType.NUMERIC, prompt="韩歆毅在中金做了几年投行？")
    assert sorted((q.numeric_value, q.numeric_tolerance) for q in ranged) == [(10, 0), (10, 1)]


def anki_package(tmp_path) -> bytes:
    deck = genanki.Deck(2059400110, "导入测试")
    deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["韩歆毅毕业于哪所大学？", "清华大学"]))
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=["韩歆毅生于 {{c1::1977}} 年", ""]))
    deck.add_note(genanki.Note(model=genanki.BASIC_AND_REVERSED_CARD_MODEL, fields=["蚂蚁 CEO", "韩歆毅"]))
    path = tmp_path / "deck.apkg"
    genanki.Package(deck).write_to_file(path)
    return path.read_bytes()


def test_anki_basic_cloze_and_reversed_notes_become_questions(bank, tmp_path):
    from quizapp.library.models import Article

    article = Article.objects.get(source_file=ARTICLE)
    plan = importing.plan(importing.parse(anki_package(tmp_path), "apkg"), article=article, can_publish=False)
    assert [(r.type, r.action) for r in plan.rows] == [
        ("short_answer", "create"), ("cloze", "create"), ("short_answer", "create"), ("short_answer", "create"),
    ]  # fmt: skip
    importing.run(plan)
    assert Question.objects.get(prompt="蚂蚁 CEO").accepted_answers == ["韩歆毅"]
    assert Question.objects.get(prompt="韩歆毅").accepted_answers == ["蚂蚁 CEO"]  # the reversed card
    assert Question.objects.get(type=QuestionType.CLOZE, prompt__contains="1977").prompt == "韩歆毅生于 {{c1::1977}} 年"


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("collection.anki2", b"\0" * (200 * 1024 * 1024))
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<quiz><question type="shortanswer"><questiontext><text>&lol2;</text></questiontext></question></quiz>"""


# (format, content, what the English message says); tests/interop/test_in_chinese.py reads them in Chinese.
BAD_FILES = {
    "broken xml": ("moodle", b"<quiz><question type='truefalse'>", "Not well-formed XML"),
    "not moodle": ("moodle", b"<html><body>hello</body></html>", "root element is <html>"),
    "entity expansion": ("moodle", BILLION_LAUGHS, "refused for safety"),
    "not gift": ("gift", "没有题目的文本".encode(), "no question has an answer block"),
    "not utf-8": ("gift", b"\xff\xfe\x00broken", "UTF-8"),
    "csv without columns": ("csv", b"a,b\n1,2\n", "missing: explanation, prompt, type"),
    "not xlsx": ("xlsx", b"PK\x03\x04 not really a workbook", "Not a readable XLSX file"),
    "apkg not zip": ("apkg", b"not a zip at all", "an .apkg is a zip file"),
    "apkg zip bomb": ("apkg", zip_bomb(), "zip bomb"),
    "too large": ("moodle", b" " * (MAX_UPLOAD_BYTES + 1), "the limit is"),
    "unknown format": ("yaml", b"facts: []", "Unknown format"),
}


@pytest.mark.parametrize(("fmt", "content", "message"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_bad_files_are_refused_with_a_clear_message_and_nothing_written(bank, fmt, content, message):
    before = Question.objects.count()
    with pytest.raises(FormatError, match=message):
        importing.parse(content, fmt)
    assert Question.objects.count() == before


def test_an_unknown_type_in_a_table_is_refused_item_by_item(bank):
    from quizapp.library.models import Article

    table = "type,prompt,explanation\nessay,谈谈阿福,无\nshort_answer,韩歆毅毕业于哪所大学？,清华\n"
    plan = importing.plan(
        importing.parse(table.encode(), "csv"), article=Article.objects.get(source_file=ARTICLE), can_publish=False
    )
    assert plan.rows[0].action == "refuse" and "Unknown question type 'essay'" in plan.rows[0].reason
    assert plan.rows[1].action == "refuse" and "accepted answer" in plan.rows[1].reason


def test_a_moodle_cloze_with_several_right_answers_keeps_them_as_alternatives(bank):
    from quizapp.library.models import Article

    text = "韩歆毅在{1:SHORTANSWER:=中金~=中国国际金融~%50%投行#半对}做了{1:NUMERICAL:=10:0}年投行业务。"
    moodle = f"""<quiz><question type="cloze"><questiontext><text>{text}</text></questiontext>
      <generalfeedback><text>在中金做了十年投行业务。</text></generalfeedback></question></quiz>""".encode()
    plan = importing.plan(
        importing.parse(moodle, "moodle"), article=Article.objects.get(source_file=ARTICLE), can_publish=False
    )
    importing.run(plan)
    question = Question.objects.get(type=QuestionType.CLOZE, prompt__contains="投行业务。")
    assert question.prompt == "韩歆毅在{{c1::中金}}做了{{c2::10}}年投行业务。"
    assert question.accepted_answers == ["c1::中国国际金融"]  # the half-right option is not an alternative
