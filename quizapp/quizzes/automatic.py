"""Quizzes that exist without anyone curating them: one per article, plus two across the library."""

from __future__ import annotations

from quizapp.library.models import Article
from quizapp.quizzes.models import Mode, Quiz, Rule

LIBRARY_QUIZZES = [
    {
        "slug": "mixed-practice",
        "title": "综合练习：全部文章",
        "description": "从所有文章中随机抽取 15 道题，每答一题立即看到解析和原文出处。",
        "rule": Rule.ALL, "mode": Mode.PRACTICE, "question_count": 15,
    },
    {
        "slug": "mixed-exam",
        "title": "综合测验（考试模式，20 分钟）",
        "description": "20 道随机题，限时 20 分钟，交卷后统一查看对错与解析。",
        "rule": Rule.ALL, "mode": Mode.EXAM, "question_count": 20, "time_limit_minutes": 20,
    },
]  # fmt: skip


def article_quiz_slug(article: Article) -> str:
    return f"article-{article.pk}"


def ensure_article_quiz(article: Article) -> Quiz:
    quiz, created = Quiz.objects.get_or_create(
        slug=article_quiz_slug(article),
        defaults={"title": article.title, "rule": Rule.ARTICLE, "article": article, "is_automatic": True,
                  "question_count": 10, "description": f"《{article.title}》 — 10 道随机题，练习模式。"},
    )  # fmt: skip
    if not created and quiz.title != article.title:
        quiz.title = article.title  # follow an editor's corrected title
        quiz.save(update_fields=["title", "updated_at"])
    return quiz


def ensure_library_quizzes(apps=None, **kwargs) -> None:
    """post_migrate: the library's quizzes exist. Not when the quizzes app is unmigrated (`migrate
    quizzes zero`, or a partial migrate): its table is absent then, and the next migrate makes them."""
    if apps is not None:  # None from `flush`, where every table exists
        try:
            apps.get_model("quizzes", "Quiz")
        except LookupError:
            return
    for spec in LIBRARY_QUIZZES:
        Quiz.objects.get_or_create(slug=spec["slug"], defaults={**spec, "is_automatic": True})
