"""Article counts without the paragraphs × facts × questions join (issue 18)."""

from __future__ import annotations

from quizapp.library.models import Article, Paragraph, Status
from tests.factories import make_article, make_fact, make_question


def test_article_counts_are_subqueries_and_right(client, db):
    body = "\n\n".join(f"第{n}段：2023年研发投入211.9亿元。用户超过10亿。" for n in range(1, 6))
    busy, quiet = make_article(body=body, title="忙"), make_article(title="静")
    for paragraph in (1, 2):
        fact = make_fact(busy, quote=f"第{paragraph}段：2023年研发投入211.9亿元")
        make_question(fact)
        make_question(fact)
        make_question(fact, status=Status.DRAFT)
    sql = str(Article.objects.with_counts().query)
    # Joining all three multiplied 5 paragraphs × 2 facts × 6 questions into rows counted with DISTINCT.
    assert 'JOIN "library_paragraph"' not in sql and sql.count("SELECT") == 2  # paragraphs in a subquery
    counts = {a.title: (a.paragraph_count, a.fact_count, a.question_count) for a in Article.objects.with_counts()}
    assert counts == {"忙": (5, 2, 4), "静": (Paragraph.objects.filter(article=quiet).count(), 0, 0)}
    listed = {a["title"]: a for a in client.get("/api/v1/articles/").json()["results"]}
    assert (listed["忙"]["paragraph_count"], listed["忙"]["fact_count"], listed["忙"]["question_count"]) == (5, 2, 4)
    assert "4 questions" in client.get("/articles/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
