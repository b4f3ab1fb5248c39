from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from quizapp.library.models import Fact, Question, QuestionType, Status
from quizapp.library.suggest import suggest
from tests.factories import make_question

QUOTE = "2023年蚂蚁集团研发投入高达211.9亿元"


def login(client, user):
    client.force_login(user)
    return client


def test_only_authors_editors_and_superusers_reach_the_admin(client, learner, author, editor, django_user_model):
    assert login(client, learner).get("/admin/").status_code == 302
    groupless_staff = django_user_model.objects.create_user("staffy", is_staff=True)
    assert login(client, groupless_staff).get("/admin/").status_code == 302
    assert login(client, author).get("/admin/").status_code == 200
    assert login(client, editor).get("/admin/").status_code == 200


def test_author_creates_a_fact_from_a_pasted_quote(client, author, article):
    response = login(client, author).post(
        "/admin/library/fact/add/",
        {
            "article": article.pk,
            "quote": QUOTE,
            "restatement": "研发投入创新高",
            "questions-TOTAL_FORMS": 0,
            "questions-INITIAL_FORMS": 0,
        },  # noqa: E501
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    fact = Fact.objects.get(quote=QUOTE)
    assert article.body[fact.start : fact.end] == QUOTE
    assert article.paragraphs.get(number=fact.paragraph).text.find(QUOTE) >= 0
    page = client.get(f"/admin/library/fact/{fact.pk}/change/").content.decode()
    assert f"<mark>{QUOTE}</mark>" in page  # the quote's context is shown


def _fact_form(article, quote, **extra):
    return {"article": article.pk, "quote": quote, "questions-TOTAL_FORMS": 0, "questions-INITIAL_FORMS": 0, **extra}


def test_quote_not_in_article_is_rejected_with_a_message(client, author, article):
    response = login(client, author).post("/admin/library/fact/add/", _fact_form(article, "蚂蚁集团研发投入为零"))
    assert response.status_code == 200
    assert "This quote is not in the article" in response.content.decode()
    assert not Fact.objects.exists()


def test_whitespace_differences_are_forgiven(client, author, article):
    response = login(client, author).post(
        "/admin/library/fact/add/", _fact_form(article, "2023年 蚂蚁集团 研发投入高达 211.9亿元")
    )
    assert response.status_code == 302
    assert Fact.objects.get().start == article.body.index(QUOTE)


def test_ambiguous_quote_needs_an_occurrence_or_the_selected_paragraph(client, author, article):
    quote = "支付宝"
    response = login(client, author).post("/admin/library/fact/add/", _fact_form(article, quote))
    assert "Use a longer quote" in response.content.decode() and not Fact.objects.exists()
    assert client.post("/admin/library/fact/add/", _fact_form(article, quote, occurrence=3)).status_code == 302
    third = [i for i in range(len(article.body)) if article.body.startswith(quote, i)][2]
    assert Fact.objects.get().start == third


def test_selection_link_prefills_the_add_form(client, author, article):
    page = login(client, author).get(f"/admin/library/article/{article.pk}/change/").content.decode()
    assert 'class="authoring-text"' in page and "select_quote.js" in page
    form = client.get(f"/admin/library/fact/add/?article={article.pk}&quote={QUOTE}&paragraph_hint=7").content.decode()
    assert QUOTE in form and 'value="7"' in form


def test_article_page_shows_facts_highlighted_and_coverage(client, editor, bank):
    article = bank["002_aec1c1457b9d3803.txt"]
    page = login(client, editor).get(f"/admin/library/article/{article.pk}/change/").content.decode()
    assert page.count('class="fact-mark') == article.facts.count()
    assert "paragraphs with questions" in page and "without facts" in page


def test_accepting_a_suggestion_creates_a_draft_never_published(client, author, article):
    fact = Fact(article=article, quote=QUOTE)
    fact.anchor(fact.quote)
    fact.save()
    suggestions = suggest(fact, [])
    assert {s.type for s in suggestions} >= {QuestionType.CLOZE, QuestionType.NUMERIC, QuestionType.TRUE_FALSE}
    numeric = next(s for s in suggestions if s.type == QuestionType.NUMERIC)
    assert (numeric.numeric_value, numeric.numeric_unit) == ("211.9", "亿元")
    response = login(client, author).post(f"/admin/library/fact/{fact.pk}/suggest/", {"key": numeric.key})
    question = Question.objects.get()
    assert response["Location"] == f"/admin/library/question/{question.pk}/change/"
    assert (question.status, question.author, question.numeric_value) == (Status.DRAFT, author, Decimal("211.9"))


def test_single_choice_suggestion_takes_same_unit_distractors_with_citations(bank):
    fact = Fact.objects.get(quote__contains="211.9亿元")
    corpus = list(Fact.objects.select_related("article").exclude(pk=fact.pk))
    choice = next(s for s in suggest(fact, corpus) if s.type == QuestionType.SINGLE_CHOICE)
    assert sum(c["is_correct"] for c in choice.choices) == 1 and len(choice.choices) >= 3
    for c in choice.choices:
        assert c["text"].endswith("亿元")
        if not c["is_correct"]:
            assert "《" in c["feedback"] and "「" in c["feedback"]


def _question_form(question, **changes):
    data = {
        "fact": question.fact_id, "type": question.type, "status": question.status, "difficulty": 2,
        "prompt": question.prompt, "explanation": question.explanation, "accepted_answers": "",
        "answer_bool": "", "numeric_value": "", "numeric_tolerance": "0", "numeric_unit": "",
        "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0,
    }  # fmt: skip
    choices = list(question.choices.all())
    data["choices-TOTAL_FORMS"] = data["choices-INITIAL_FORMS"] = len(choices)
    for i, c in enumerate(choices):
        data.update({f"choices-{i}-id": c.pk, f"choices-{i}-question": question.pk, f"choices-{i}-order": i,
                     f"choices-{i}-text": c.text, f"choices-{i}-is_correct": "on" if c.is_correct else ""})  # fmt: skip
    data.update(changes)
    return data


def test_question_form_explains_what_to_fix(client, author, article):
    question = make_question(status=Status.DRAFT)
    url = f"/admin/library/question/{question.pk}/change/"
    page = login(client, author).post(url, _question_form(question, **{"choices-1-is_correct": "on"})).content.decode()
    assert "exactly one correct choice; it has 2" in page
    page = client.post(url, _question_form(question, type="cloze", prompt="没有挖空")).content.decode()
    assert "needs at least one deletion" in page


def test_author_cannot_publish_but_editor_can(client, author, editor):
    draft = make_question(status=Status.DRAFT, author=author)
    url = f"/admin/library/question/{draft.pk}/change/"
    response = login(client, author).post(url, _question_form(draft, status="published"))
    assert "status" in response.context["adminform"].form.errors
    assert 'value="publish"' not in client.get("/admin/library/question/").content.decode()
    client.post("/admin/library/question/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    client.post("/admin/library/question/", {"action": "send_to_review", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    # Once in review, the author can no longer change it.
    assert client.post(url, _question_form(draft, prompt="改过")).status_code == 403
    login(client, editor).post("/admin/library/question/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    client.post("/admin/library/question/", {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW


def test_preview_shows_the_question_as_learners_see_it(client, editor):
    question = make_question(type=QuestionType.CLOZE)
    page = login(client, editor).get(f"/admin/library/question/{question.pk}/change/").content.decode()
    # the blank as the quiz page shows it (a box to type into), the answer for the author
    assert '2023年研发投入<span class="blank">' in page and "<strong>211.9亿元</strong>" in page


def test_author_flow_from_selection_to_dump(client, author, editor, article, tmp_path: Path):
    login(client, author)
    client.post("/admin/library/fact/add/", _fact_form(article, QUOTE, paragraph_hint=7))
    fact = Fact.objects.get()
    cloze = next(s for s in suggest(fact, []) if s.type == QuestionType.CLOZE and "{{c1::211.9" in s.prompt)
    client.post(f"/admin/library/fact/{fact.pk}/suggest/", {"key": cloze.key})
    question = Question.objects.get()
    client.post(
        f"/admin/library/question/{question.pk}/change/",
        _question_form(question, explanation="2023年研发投入211.9亿元，再创历史新高。", difficulty=1),
    )
    question.refresh_from_db()
    assert question.explanation.startswith("2023年研发投入")
    client.post("/admin/library/question/", {"action": "send_to_review", "_selected_action": [question.pk]})
    login(client, editor).post("/admin/library/question/", {"action": "publish", "_selected_action": [question.pk]})
    call_command("dump_content", str(tmp_path), stdout=io.StringIO())
    dumped = (tmp_path / "002_aec1c1457b9d3803.yaml").read_text(encoding="utf-8")
    assert str(question.uuid) in dumped and "status: published" in dumped and "{{c1::211.9}}亿元" in dumped


def test_true_false_options_in_the_question_form_are_the_learners_pair(client, editor):
    """One pair of labels, from the reading module: "对"/"错" in Chinese, glossed in English."""
    client.force_login(editor)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/admin/library/question/add/").content.decode()
    assert '<option value="True">对</option>' in html and '<option value="False">错</option>' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/admin/library/question/add/").content.decode()
    assert '<option value="True">True · 对</option>' in html and "True / 对" not in html
