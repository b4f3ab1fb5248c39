"""Small helpers that build real rows with sensible defaults; override what a test cares about."""

from __future__ import annotations

import io
import uuid
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from quizapp.decks.models import Deck, DeckKind
from quizapp.library.models import Article, Choice, Fact, Paragraph, Question, QuestionType, Status
from quizapp.quizzes.models import Mode, Quiz, QuizItem, Rule

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CONTENT = ROOT / "content"


def import_shipped_articles() -> None:
    """The five shipped articles, imported as `make run` does."""
    call_command("import_articles", str(SEEDS), stdout=io.StringIO())


def load_shipped_bank() -> None:
    """The shipped question bank, on top of the imported articles."""
    call_command("load_content", str(CONTENT), stdout=io.StringIO())


def shipped_published_counts() -> dict[str, int]:
    """Published questions per article as the bank FILES say (keyed by the article's seed file),
    read straight from content/*.yaml: an oracle for tests of the import, decks and exports that
    does not depend on the code under test, and follows the bank as authors revise it."""
    import yaml

    counts = {}
    for path in sorted(CONTENT.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions = [q for fact in data["facts"] for q in fact.get("questions") or []]
        counts[data["article"]] = sum(q["status"] == "published" for q in questions)
    return counts


def make_user(username: str, *, staff: bool = False, group: str | None = None):
    """A user whose password is "pw-" + username (tests/conftest.py makes hashing it cheap)."""
    user = get_user_model().objects.create_user(username, password="pw-" + username, is_staff=staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_article(body: str = "第一段：2023年研发投入211.9亿元。\n\n第二段：用户超过10亿。", **overrides) -> Article:
    fields = {"title": "测试文章", "source_file": f"{uuid.uuid4().hex[:8]}.txt", "content_hash": "x", "body": body}
    article = Article.objects.create(**{**fields, **overrides})
    offset = 0
    for number, text in enumerate(body.split("\n\n"), 1):
        Paragraph.objects.create(article=article, number=number, start=offset, end=offset + len(text), text=text)
        offset += len(text) + 2
    return article


def make_fact(article: Article | None = None, quote: str = "2023年研发投入211.9亿元", **overrides) -> Fact:
    article = article or make_article()
    fact = Fact(article=article, quote=quote, **overrides)
    fact.anchor(fact.quote)
    fact.save()
    return fact


def make_question(fact: Fact | None = None, type: str = QuestionType.SINGLE_CHOICE, **overrides) -> Question:
    fact = fact or make_fact()
    fields = {
        "prompt": "2023年蚂蚁集团研发投入是多少？",
        "explanation": "ESG报告披露，2023年研发投入211.9亿元，再创新高。",
        "status": Status.PUBLISHED,
    }
    if type == QuestionType.TRUE_FALSE:
        fields["answer_bool"] = True
    elif type == QuestionType.CLOZE:
        fields["prompt"] = "2023年研发投入{{c1::211.9亿元}}。"
    elif type == QuestionType.SHORT_ANSWER:
        fields["accepted_answers"] = ["韩歆毅"]
    elif type == QuestionType.NUMERIC:
        fields.update(numeric_value=Decimal("211.9"), numeric_tolerance=Decimal("0.1"), numeric_unit="亿元")
    question = Question.objects.create(fact=fact, type=type, **{**fields, **overrides})
    if type in Question.TYPES_WITH_CHOICES:
        correct = {0} if type == QuestionType.SINGLE_CHOICE else {0, 1}
        for order, text in enumerate(["211.9亿元", "200亿元", "150亿元", "100亿元"]):
            Choice.objects.create(question=question, order=order, text=text, is_correct=order in correct)
    return question


def make_one_of_each_type(fact: Fact | None = None) -> list[Question]:
    """One question of each type on one fact, in a fixed order."""
    fact = fact or make_fact()
    types = [
        QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_RESPONSE, QuestionType.TRUE_FALSE,
        QuestionType.CLOZE, QuestionType.SHORT_ANSWER, QuestionType.NUMERIC,
    ]  # fmt: skip
    return [make_question(fact, kind) for kind in types]


def make_picked_deck(questions, name: str = "精选", slug: str = "picked") -> Deck:
    deck = Deck.objects.create(kind=DeckKind.PICKED, name=name, slug=slug)
    deck.picked.set(questions)
    return deck


def curated(questions, mode=Mode.PRACTICE, slug="curated", **settings) -> Quiz:
    """A quiz of exactly these questions in this order (no shuffling, so tests know what comes next)."""
    quiz = Quiz.objects.create(
        slug=slug, title="Curated", rule=Rule.CURATED, mode=mode, shuffle_questions=False, shuffle_choices=False,
        **settings,
    )  # fmt: skip
    QuizItem.objects.bulk_create(QuizItem(quiz=quiz, question=q, order=i) for i, q in enumerate(questions))
    return quiz


def right_answer(question) -> dict:
    """POST data that answers `question` correctly (written as a learner might: full-width, traditional)."""
    kind = question.type
    data = {"question": question.pk}
    if kind == QuestionType.SINGLE_CHOICE:
        data["choice"] = next(c.pk for c in question.choices.all() if c.is_correct)
    elif kind == QuestionType.MULTIPLE_RESPONSE:
        data["choices"] = [c.pk for c in question.choices.all() if c.is_correct]
    elif kind == QuestionType.TRUE_FALSE:
        data["answer"] = "true" if question.answer_bool else "false"
    elif kind == QuestionType.CLOZE:
        data["blank"] = ["２１１．９亿元"]
    elif kind == QuestionType.SHORT_ANSWER:
        data["text"] = "韓歆毅"
    else:
        data["text"] = "2119000万元"
    return data


def wrong_answer(question) -> dict:
    data = right_answer(question)
    kind = question.type
    if kind == QuestionType.SINGLE_CHOICE:
        data["choice"] = next(c.pk for c in question.choices.all() if not c.is_correct)
    elif kind == QuestionType.MULTIPLE_RESPONSE:
        data["choices"] = [next(c.pk for c in question.choices.all() if not c.is_correct)]
    elif kind == QuestionType.TRUE_FALSE:
        data["answer"] = "false" if question.answer_bool else "true"
    elif kind == QuestionType.CLOZE:
        data["blank"] = ["100亿元"]
    else:
        data["text"] = "12"
    return data
