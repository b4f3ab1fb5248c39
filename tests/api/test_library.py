from __future__ import annotations

import pytest

from quizapp.library.models import Article, Choice, Fact, Question, QuestionType, Status
from tests.api.helpers import assert_error, client_for
from tests.factories import curated, make_article, make_fact, make_question, right_answer

pytestmark = pytest.mark.django_db

QUOTE = "2023年蚂蚁集团研发投入高达211.9亿元"


# ---------------------------------------------------------------- articles


def test_articles_list_with_counts_and_detail_with_paragraphs(api, bank):
    body = api.get("/api/v1/articles/").json()
    assert body["count"] == 5 and len(body["results"]) == 5
    assert sum(a["question_count"] for a in body["results"]) == Question.objects.published().count()
    assert "paragraphs" not in body["results"][0] and "body" not in body["results"][0]
    article = bank["002_aec1c1457b9d3803.txt"]
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    paragraphs = detail["paragraphs"]
    assert [p["number"] for p in paragraphs] == list(range(1, article.paragraphs.count() + 1))
    assert paragraphs[0]["anchor"] == "p1" and paragraphs[0]["text"] == article.paragraphs.get(number=1).text
    assert detail["reader_url"] == f"http://testserver/articles/{article.pk}/"


def test_article_list_queries_do_not_grow_with_articles(api, imported, django_assert_num_queries):
    # count, page, the page's counts, tags: none per article, and only the page's articles are counted
    with django_assert_num_queries(4) as queries:
        listed = api.get("/api/v1/articles/").json()
    total, page = queries.captured_queries[0]["sql"], queries.captured_queries[1]["sql"]
    assert "library_question" not in total and "library_question" not in page  # the whole list is not counted
    assert "library_question" in queries.captured_queries[2]["sql"]
    expected = {a.pk: a.question_count for a in Article.objects.with_counts()}
    assert listed["results"] and all(row["question_count"] == expected[row["id"]] for row in listed["results"])


def test_missing_article_is_a_json_404(api, db):
    assert_error(api.get("/api/v1/articles/999999/"), 404)


# ---------------------------------------------------------------- facts


def test_facts_are_readable_and_filterable(api, bank, article):
    everything = api.get("/api/v1/facts/").json()
    behind_live = Fact.objects.filter(pk__in=Question.objects.live().values("fact"))  # what learners see
    assert everything["count"] == behind_live.count() and len(everything["results"]) == 50
    mine = api.get("/api/v1/facts/", {"article": article.pk}).json()
    assert mine["count"] == behind_live.filter(article=article).count()
    assert {f["article"] for f in mine["results"]} == {article.pk}
    found = api.get("/api/v1/facts/", {"search": "211.9"}).json()["results"]
    assert found and all("211.9" in f["quote"] or "211.9" in f["restatement"] for f in found)
    assert api.get("/api/v1/facts/", {"drift": "flagged"}).json()["count"] == 0
    assert_error(api.get("/api/v1/facts/", {"drift": "lost"}), 400, "drift")
    assert_error(api.get("/api/v1/facts/", {"article": "two"}), 400, "article")


def test_author_creates_a_fact_from_a_quote_like_the_admin(as_author, article):
    response = as_author.post(
        "/api/v1/facts/",
        {"article": article.pk, "quote": "2023年 蚂蚁集团 研发投入高达 211.9亿元", "tags": ["研发"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    fact = Fact.objects.get(pk=response.json()["id"])
    assert article.body[fact.start : fact.end] == QUOTE
    assert response.json()["paragraph"] == fact.paragraph == article.paragraph_at(fact.start)
    assert [t.name for t in fact.tags.all()] == ["研发"]


def test_quote_not_in_the_article_is_400_on_the_quote(as_author, article):
    body = assert_error(
        as_author.post("/api/v1/facts/", {"article": article.pk, "quote": "研发投入为零"}), 400, "quote"
    )
    assert "not in the article" in body["fields"]["quote"][0]
    assert not Fact.objects.exists()


def test_ambiguous_quote_lists_the_occurrences_and_occurrence_picks_one(as_author, article):
    response = as_author.post("/api/v1/facts/", {"article": article.pk, "quote": "支付宝"}, format="json")
    body = assert_error(response, 400, "occurrence")
    message = body["fields"]["occurrence"][0]
    count = article.body.count("支付宝")
    assert f"occurs {count} times" in message and "1 ¶" in message and "longer quote" in message
    assert len(message) < 400  # a few occurrences and the advice, not every one in full
    assert not Fact.objects.exists()
    chosen = as_author.post(
        "/api/v1/facts/", {"article": article.pk, "quote": "支付宝", "occurrence": 3}, format="json"
    )
    assert chosen.status_code == 201
    third = [i for i in range(len(article.body)) if article.body.startswith("支付宝", i)][2]
    assert chosen.json()["start"] == third
    assert_error(
        as_author.post("/api/v1/facts/", {"article": article.pk, "quote": "支付宝", "occurrence": 999}),
        400,
        "occurrence",
    )


def test_editing_a_fact_checks_the_quote_again(as_author, article):
    fact = make_fact(article, quote=QUOTE)
    moved = as_author.patch(f"/api/v1/facts/{fact.pk}/", {"restatement": "研发投入创新高"}, format="json")
    assert moved.status_code == 200 and moved.json()["restatement"] == "研发投入创新高"
    assert moved.json()["quote"] == QUOTE
    assert_error(as_author.patch(f"/api/v1/facts/{fact.pk}/", {"quote": "不存在的句子"}, format="json"), 400, "quote")
    assert Fact.objects.get(pk=fact.pk).quote == QUOTE


def test_editing_a_fact_with_a_repeated_quote_keeps_its_occurrence(as_author, article):
    third = [i for i in range(len(article.body)) if article.body.startswith("支付宝", i)][2]
    created = as_author.post("/api/v1/facts/", {"article": article.pk, "quote": "支付宝", "occurrence": 3}).json()
    fact = Fact.objects.get(pk=created["id"])
    edited = as_author.patch(f"/api/v1/facts/{fact.pk}/", {"restatement": "第三处"})
    assert edited.status_code == 200, edited.content
    assert edited.json()["start"] == third == Fact.objects.get(pk=fact.pk).start


def test_only_authors_and_editors_write_facts(api, as_learner, as_editor, article, django_user_model):
    data = {"article": article.pk, "quote": QUOTE}
    assert_error(api.post("/api/v1/facts/", data, format="json"), 401)
    assert_error(as_learner.post("/api/v1/facts/", data, format="json"), 403)
    assert as_editor.post("/api/v1/facts/", data, format="json").status_code == 201
    root = django_user_model.objects.create_superuser("root", password="pw-root")
    fact = Fact.objects.get()
    assert client_for(root).patch(f"/api/v1/facts/{fact.pk}/", {"erratum": "x"}, format="json").status_code == 200
    assert_error(as_learner.patch(f"/api/v1/facts/{fact.pk}/", {"erratum": "y"}, format="json"), 403)
    assert Fact.objects.get().erratum == "x"


# ---------------------------------------------------------------- questions: reading


def test_learners_see_published_questions_without_answers(api, as_learner, six_types):
    draft = make_question(six_types[0].fact, QuestionType.TRUE_FALSE, status=Status.DRAFT)
    for client in (api, as_learner):
        body = client.get("/api/v1/questions/").json()
        assert [q["id"] for q in body["results"]] == [q.pk for q in six_types]
        for question in body["results"]:
            assert question["answer_key"] is None and question["revealed"] is False
            assert all(set(choice) == {"id", "text"} for choice in question["choices"])
            assert "explanation" not in question and "accepted_answers" not in question
        cloze = body["results"][3]
        assert cloze["prompt"] == "2023年研发投入［＿＿＿］。" and cloze["blanks"] == 1
        assert "211.9" not in cloze["prompt"]
        assert_error(client.get(f"/api/v1/questions/{draft.pk}/"), 404)


def test_answers_are_revealed_once_the_learner_has_answered(as_learner, as_other, six_types):
    attempt = as_learner.post("/api/v1/attempts/", {"quiz": curated(six_types).slug}, format="json").json()
    as_learner.post(f"/api/v1/attempts/{attempt['id']}/answer/", right_answer(six_types[0]), format="json")
    mine = {q["id"]: q for q in as_learner.get("/api/v1/questions/").json()["results"]}
    key = mine[six_types[0].pk]["answer_key"]
    assert mine[six_types[0].pk]["revealed"] is True
    assert key["explanation"] == six_types[0].explanation and key["expected"] == "211.9亿元"
    assert [c["is_correct"] for c in key["choices"]] == [True, False, False, False]
    assert key["source"]["quote"] == six_types[0].fact.quote
    assert all(mine[q.pk]["answer_key"] is None for q in six_types[1:])
    # Someone else's answers reveal nothing to me.
    assert all(q["answer_key"] is None for q in as_other.get("/api/v1/questions/").json()["results"])


def test_staff_see_every_status_and_every_answer(as_author, as_editor, six_types):
    draft = make_question(six_types[0].fact, QuestionType.NUMERIC, status=Status.DRAFT)
    for client in (as_author, as_editor):
        body = client.get("/api/v1/questions/", {"status": "draft"}).json()
        assert [q["id"] for q in body["results"]] == [draft.pk]
        key = body["results"][0]["answer_key"]
        assert key["numeric_value"] == "211.900000" and key["numeric_tolerance"] == "0.100000"
        cloze = client.get(f"/api/v1/questions/{six_types[3].pk}/").json()
        assert cloze["answer_key"]["prompt"] == "2023年研发投入{{c1::211.9亿元}}。"
        short = client.get(f"/api/v1/questions/{six_types[4].pk}/").json()
        assert short["answer_key"]["accepted_answers"] == ["韩歆毅"]


def test_question_filters_and_search(api, bank, article):
    on_article = api.get("/api/v1/questions/", {"article": article.pk}).json()
    expected = Question.objects.published().filter(fact__article=article).count()
    assert on_article["count"] == expected and {q["article"] for q in on_article["results"]} == {article.pk}
    cloze = api.get("/api/v1/questions/", {"type": "cloze"}).json()
    assert cloze["count"] == Question.objects.published().filter(type="cloze").count() > 0
    assert {q["type"] for q in cloze["results"]} == {"cloze"}
    found = api.get("/api/v1/questions/", {"search": "支付宝"}).json()
    assert found["count"] == Question.objects.published().filter(prompt__icontains="支付宝").count() > 0
    tag = Question.objects.published().filter(tags__isnull=False).values_list("tags__name", flat=True).first()
    tagged = api.get("/api/v1/questions/", {"tag": tag}).json()
    assert tagged["count"] == Question.objects.published().filter(tags__name=tag).count() > 0
    assert api.get("/api/v1/questions/", {"status": "draft"}).json()["count"] == 0  # learners: published only
    fact = Question.objects.published().first().fact
    by_fact = api.get("/api/v1/questions/", {"fact": fact.pk}).json()["results"]
    assert {q["fact"] for q in by_fact} == {fact.pk}


@pytest.mark.parametrize(
    ("param", "value"),
    [("type", "essay"), ("status", "gone"), ("article", "-1"), ("article", "1.5"), ("fact", str(2**64)),
     ("search", "x" * 101), ("tag", "a\x00b")],
)  # fmt: skip
def test_unknown_filter_values_are_400_naming_the_parameter(api, db, param, value):
    assert_error(api.get("/api/v1/questions/", {param: value}), 400, param)


def test_question_list_queries_do_not_grow_with_the_page(as_learner, bank, django_assert_num_queries):
    # token, the user's and groups' permissions, learner, count, page, choices, tags: none per question.
    with django_assert_num_queries(8):
        assert len(as_learner.get("/api/v1/questions/").json()["results"]) == 50


# ---------------------------------------------------------------- questions: writing


def single_choice(fact, **extra) -> dict:
    return {
        "fact": fact.pk,
        "type": "single_choice",
        "prompt": "2023年研发投入是多少？",
        "explanation": "ESG报告披露，2023年研发投入211.9亿元。",
        "choices": [
            {"text": "211.9亿元", "is_correct": True, "feedback": "对。"},
            {"text": "200亿元"},
            {"text": "150亿元"},
        ],
        "tags": ["研发"],
        **extra,
    }


def test_author_creates_a_draft_question_with_choices(as_author, author):
    fact = make_fact()
    response = as_author.post("/api/v1/questions/", single_choice(fact), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["tags"] == ["研发"]
    assert [c["is_correct"] for c in body["answer_key"]["choices"]] == [True, False, False]
    question = Question.objects.get(pk=body["id"])
    assert question.author == author and question.choices.count() == 3


def test_question_problems_come_back_keyed_by_field(as_author):
    fact = make_fact()
    bad = single_choice(fact, prompt=" ", choices=[{"text": "A", "is_correct": True}, {"text": "A"}])
    body = assert_error(as_author.post("/api/v1/questions/", bad, format="json"), 400, "prompt", "choices")
    assert "Write the prompt" in body["fields"]["prompt"][0]
    assert any("exactly one correct" in m or "same text" in m for m in body["fields"]["choices"])
    cloze = {"fact": fact.pk, "type": "cloze", "prompt": "没有挖空", "explanation": "x"}
    assert_error(as_author.post("/api/v1/questions/", cloze, format="json"), 400, "prompt")
    numeric = {"fact": fact.pk, "type": "numeric", "prompt": "多少？", "explanation": "x", "numeric_tolerance": "-1"}
    assert_error(
        as_author.post("/api/v1/questions/", numeric, format="json"), 400, "numeric_value", "numeric_tolerance"
    )
    nested = single_choice(fact, choices=[{"text": "x" * 501, "is_correct": True}])
    assert_error(as_author.post("/api/v1/questions/", nested, format="json"), 400, "choices.0.text")
    assert_error(
        as_author.post("/api/v1/questions/", {**single_choice(fact), "fact": 10**20}, format="json"), 400, "fact"
    )
    assert not Question.objects.exists()


def test_author_cannot_publish_but_editor_can(as_author, as_editor):
    fact = make_fact()
    refused = as_author.post("/api/v1/questions/", single_choice(fact, status="published"), format="json")
    assert "Only editors publish" in assert_error(refused, 403)["error"]
    assert not Question.objects.exists()
    draft = as_author.post("/api/v1/questions/", single_choice(fact), format="json").json()
    url = f"/api/v1/questions/{draft['id']}/"
    assert_error(as_author.patch(url, {"status": "published"}, format="json"), 403)
    assert as_author.patch(url, {"status": "review"}, format="json").json()["status"] == "review"
    # In review it is the editor's: the author can no longer change it.
    assert_error(as_author.patch(url, {"prompt": "改一下？"}, format="json"), 403)
    published = as_editor.patch(url, {"status": "published"}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert Question.objects.get(pk=draft["id"]).status == Status.PUBLISHED


def test_learners_and_anonymous_cannot_write_questions(api, as_learner, six_types):
    question = six_types[0]
    assert_error(api.post("/api/v1/questions/", single_choice(question.fact), format="json"), 401)
    assert_error(as_learner.post("/api/v1/questions/", single_choice(question.fact), format="json"), 403)
    assert_error(as_learner.patch(f"/api/v1/questions/{question.pk}/", {"prompt": "x"}, format="json"), 403)
    assert Question.objects.get(pk=question.pk).prompt == six_types[0].prompt


def test_editing_choices_keeps_those_named_by_id(as_editor, six_types):
    question = six_types[0]
    first, *_ = question.choices.all()
    new_choices = [
        {"id": first.pk, "text": "211.9亿元（约）", "is_correct": True},
        {"text": "1亿元"},
        {"text": "2亿元"},
    ]
    response = as_editor.patch(f"/api/v1/questions/{question.pk}/", {"choices": new_choices}, format="json")
    assert response.status_code == 200, response.content
    texts = [(c.pk == first.pk, c.text) for c in Choice.objects.filter(question=question).order_by("order")]
    assert texts == [(True, "211.9亿元（约）"), (False, "1亿元"), (False, "2亿元")]
    other = six_types[1].choices.first()
    stray = [{"id": other.pk, "text": "偷来的", "is_correct": True}, {"text": "a"}, {"text": "b"}]
    assert_error(as_editor.patch(f"/api/v1/questions/{question.pk}/", {"choices": stray}, format="json"), 400)


def test_changing_type_is_checked_against_the_whole_question(as_editor, six_types):
    question = six_types[0]
    body = assert_error(as_editor.patch(f"/api/v1/questions/{question.pk}/", {"type": "true_false"}), 400)
    assert "choices" in body["fields"] and "answer_bool" in body["fields"]
    fixed = {"type": "true_false", "choices": [], "answer_bool": False}
    assert as_editor.patch(f"/api/v1/questions/{question.pk}/", fixed, format="json").status_code == 200
    assert not Choice.objects.filter(question=question).exists()


def test_superuser_may_publish(django_user_model):
    root = django_user_model.objects.create_superuser("root", password="pw-root")
    fact = make_fact(make_article())
    response = client_for(root).post("/api/v1/questions/", single_choice(fact, status="published"), format="json")
    assert response.status_code == 201 and response.json()["status"] == "published"
