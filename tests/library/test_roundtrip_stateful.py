"""Every state an author can reach round-trips (issue 11.1): random author operations — add an article,
add/edit/delete facts and questions, accept suggestions, publish and unpublish, replace an article's
text so facts drift, re-anchor — then dump_content → empty database → the Makefile's import and load
→ dump_content gives the same files and the same database."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from django.core.management import call_command
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from quizapp.library.importer import Outcome, import_bytes
from quizapp.library.models import Article, Drift, Fact, Question, QuestionType, Status, Tag
from quizapp.library.suggest.accepting import accept
from quizapp.library.suggest.base import Suggestion
from tests.factories import ROOT

# Every sentence names 本市, the short answers' answer: re-anchoring a fact on any of them keeps its
# questions' answers in the quote, as an author re-anchoring to the new wording would.
SENTENCES = [
    "本市在2023年种下了1亿棵树。",
    "本市居民人数超过了300万。",
    "本市新的地铁线路于去年年底开通。",
    "本市计划再建五座公园。",
    "本市河流的水质连续三年达标。",
    "本市图书馆的藏书增加到200万册。",
]
TAGS = ["城市", "绿化", "交通"]


def article_text(title: str, sentences: list[str]) -> bytes:
    paragraphs = "\n\n".join(sentences)
    return f"---\ntitle: {title}\nauthor: 作者\n---\n\n{paragraphs}\n".encode()


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def database() -> dict:
    """What the bank must keep, keyed by the stable ids: articles, facts, questions."""
    facts = {}
    for f in Fact.objects.select_related("article").prefetch_related("tags"):
        flagged = f.drift == Drift.FLAGGED
        facts[f.uuid] = (
            f.article.uuid, f.quote, f.restatement, f.erratum, sorted(t.name for t in f.tags.all()), flagged,
            f.drift_note if flagged else "", None if flagged else (f.start, f.end, f.paragraph),
        )  # fmt: skip
    questions = {
        q.uuid: (
            q.fact.uuid,
            q.type,
            q.status,
            q.prompt,
            q.explanation,
            q.answer_bool,
            q.accepted_answers,
            sorted(t.name for t in q.tags.all()),
        )  # fmt: skip
        for q in Question.objects.select_related("fact").prefetch_related("tags")
    }
    articles = {
        a.uuid: (a.source_file, a.title, a.author, a.body, sorted(t.name for t in a.tags.all()))
        for a in Article.objects.prefetch_related("tags")
    }
    return {"articles": articles, "facts": facts, "questions": questions}


class Authoring(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        Article.objects.all().delete()
        Tag.objects.all().delete()
        self.made = 0

    def _facts(self) -> list[Fact]:
        return list(Fact.objects.select_related("article").order_by("pk"))

    def _questions(self) -> list[Question]:
        return list(Question.objects.select_related("fact").order_by("pk"))

    @precondition(lambda self: Article.objects.count() < 2)
    @rule(picks=st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4, unique=True))
    def add_article(self, picks):
        new_id = uuid.uuid4()
        self.made += 1
        result = import_bytes(article_text(f"文章{self.made}", picks), f"{new_id}.txt", new_id=new_id)
        assert result.outcome != Outcome.FAILED, result.detail  # the same text again is the same article

    @precondition(lambda self: Article.objects.exists())
    @rule(n=st.integers(0, 10), m=st.integers(0, 10), tag=st.sampled_from(["", *TAGS]))
    def add_fact(self, n, m, tag):
        articles = list(Article.objects.order_by("pk"))
        article = articles[n % len(articles)]
        paragraphs = list(article.paragraphs.all())
        quote = paragraphs[m % len(paragraphs)].text
        fact = Fact(article=article, quote=quote, restatement="" if m % 2 else "换句话说。")
        fact.anchor(quote, paragraph_hint=paragraphs[m % len(paragraphs)].number)
        fact.save()
        if tag:
            fact.tags.add(Tag.objects.get_or_create(name=tag)[0])

    @precondition(lambda self: Fact.objects.exists())
    @rule(n=st.integers(0, 20), erratum=st.sampled_from(["", "原文此处有误。"]))
    def edit_fact(self, n, erratum):
        facts = self._facts()
        fact = facts[n % len(facts)]
        fact.erratum = erratum
        fact.save()

    @precondition(lambda self: Fact.objects.exists())
    @rule(n=st.integers(0, 20))
    def delete_fact(self, n):
        facts = self._facts()
        facts[n % len(facts)].delete()

    @precondition(lambda self: Fact.objects.exists())
    @rule(n=st.integers(0, 20), kind=st.sampled_from([QuestionType.TRUE_FALSE, QuestionType.SHORT_ANSWER]))
    def add_question(self, n, kind):
        facts = self._facts()
        fact = facts[n % len(facts)]
        self.made += 1
        question = Question(fact=fact, type=kind, prompt=f"问题{self.made}：{fact.quote[:6]}？", explanation="因为。")
        if kind == QuestionType.TRUE_FALSE:
            question.answer_bool = bool(n % 2)
        else:
            question.accepted_answers = ["本市"]
        question.save()

    @precondition(lambda self: Fact.objects.exists())
    @rule(n=st.integers(0, 20), times=st.integers(1, 2))
    def accept_suggestion(self, n, times):
        facts = self._facts()
        fact = facts[n % len(facts)]
        suggestion = Suggestion(
            type=QuestionType.TRUE_FALSE, group="true_false", label="statement", prompt=fact.quote,
            explanation="原文如此。", answer_bool=True, tags=["建议"],
        )  # fmt: skip
        before = fact.questions.count()
        for _ in range(times):  # accepting the same suggestion again opens its draft
            accept(fact, suggestion, None)
        assert fact.questions.count() <= before + 1

    @precondition(lambda self: Question.objects.exists())
    @rule(n=st.integers(0, 20), tag=st.sampled_from(TAGS))
    def edit_question(self, n, tag):
        questions = self._questions()
        question = questions[n % len(questions)]
        question.explanation += "又及。"
        question.save()
        question.tags.add(Tag.objects.get_or_create(name=tag)[0])

    @precondition(lambda self: Question.objects.exists())
    @rule(n=st.integers(0, 20))
    def delete_question(self, n):
        questions = self._questions()
        questions[n % len(questions)].delete()

    @precondition(lambda self: Question.objects.exists())
    @rule(n=st.integers(0, 20), step=st.sampled_from(["send_to_review", "publish", "unpublish"]))
    def change_status(self, n, step):
        questions = self._questions()
        getattr(Question.objects.filter(pk=questions[n % len(questions)].pk), step)()

    @precondition(lambda self: Article.objects.exists())
    @rule(n=st.integers(0, 10), picks=st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4, unique=True))
    def replace_text(self, n, picks):
        articles = list(Article.objects.order_by("pk"))
        article = articles[n % len(articles)]
        result = import_bytes(article_text(article.title, picks), article.source_file, article=article)
        assert result.outcome != Outcome.FAILED, result.detail

    @precondition(lambda self: Fact.objects.flagged().exists())
    @rule(m=st.integers(0, 10))
    def reanchor(self, m):
        fact = Fact.objects.flagged().select_related("article").first()
        paragraphs = list(fact.article.paragraphs.all())
        paragraph = paragraphs[m % len(paragraphs)]
        fact.anchor(paragraph.text, paragraph_hint=paragraph.number)
        fact.save()
        assert not fact.questions.filter(status=Status.PUBLISHED).exists()

    @invariant()
    def flagged_facts_are_never_live(self):
        assert not Question.objects.live().filter(fact__drift=Drift.FLAGGED).exists()

    def teardown(self):
        folder = Path(tempfile.mkdtemp())
        try:
            self.round_trip(folder)
        finally:
            shutil.rmtree(folder)

    def round_trip(self, folder: Path) -> None:
        call_command("dump_content", str(folder / "one"), seeds=ROOT / "seeds", stdout=io.StringIO())
        before = database()
        Article.objects.all().delete()
        Tag.objects.all().delete()
        if (folder / "one" / "articles").exists():
            call_command("import_articles", str(folder / "one" / "articles"), stdout=io.StringIO())
        if any((folder / "one").glob("*.yaml")):  # as the Makefile: load_content refuses an empty folder
            call_command("load_content", str(folder / "one"), stdout=io.StringIO())
        call_command("dump_content", str(folder / "two"), seeds=ROOT / "seeds", stdout=io.StringIO())
        assert files_of(folder / "two") == files_of(folder / "one")
        assert database() == before


def test_any_sequence_of_author_operations_round_trips(db):
    run_state_machine_as_test(
        Authoring,
        settings=settings(
            max_examples=int(os.environ.get("ROUNDTRIP_EXAMPLES", "200")),
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
