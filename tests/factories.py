"""Small helpers that build real rows with sensible defaults; override what a test cares about."""

from __future__ import annotations

import uuid
from decimal import Decimal

from quizapp.library.models import Article, Choice, Fact, Paragraph, Question, QuestionType, Status


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
