"""Quizzes that exist without anyone curating them: one per article, plus two across the library."""

from __future__ import annotations

from django.utils import timezone

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


def _article_quiz_fields(article: Article) -> dict:
    return {"title": article.title, "rule": Rule.ARTICLE, "article": article, "is_automatic": True,
            "question_count": 10, "description": f"《{article.title}》 — 10 道随机题，练习模式。"}  # fmt: skip


def ensure_article_quiz(article: Article) -> Quiz:
    quiz, created = Quiz.objects.get_or_create(slug=article_quiz_slug(article), defaults=_article_quiz_fields(article))
    if not created and quiz.title != article.title:
        quiz.title = article.title  # follow an editor's corrected title
        quiz.save(update_fields=["title", "updated_at"])
    return quiz


def ensure_article_quizzes() -> int:
    """Every listed article's quiz, in a fixed number of statements however many articles there are
    (one quiz is made per saved article as it is saved; this catches up after a migrate or a flush).
    Only adds and renames, so it is safe while servers run; returns how many it made."""
    articles = list(Article.objects.listed().only("pk", "title"))
    existing = {quiz.slug: quiz for quiz in Quiz.objects.filter(slug__in=map(article_quiz_slug, articles))}
    new = [
        Quiz(slug=article_quiz_slug(a), **_article_quiz_fields(a))
        for a in articles
        if article_quiz_slug(a) not in existing
    ]
    Quiz.objects.bulk_create(new, ignore_conflicts=True)  # one made meanwhile by a concurrent run is skipped
    renamed = []
    for article in articles:
        quiz = existing.get(article_quiz_slug(article))
        if quiz is not None and quiz.title != article.title:
            quiz.title, quiz.updated_at = article.title, timezone.now()  # bulk_update skips auto_now
            renamed.append(quiz)
    Quiz.objects.bulk_update(renamed, ["title", "updated_at"])
    return len(new)


def ensure_library_quizzes(apps=None, **kwargs) -> None:
    """post_migrate: the library's quizzes and every article's exist (set-based and idempotent). Not when
    the quizzes app is unmigrated (`migrate quizzes zero`, or a partial migrate): its table is absent
    then, and the next migrate makes them."""
    if apps is not None:  # None from `flush`, where every table exists
        try:
            apps.get_model("quizzes", "Quiz")
        except LookupError:
            return
    existing = set(
        Quiz.objects.filter(slug__in=[spec["slug"] for spec in LIBRARY_QUIZZES]).values_list("slug", flat=True)
    )
    missing = [Quiz(**spec, is_automatic=True) for spec in LIBRARY_QUIZZES if spec["slug"] not in existing]
    Quiz.objects.bulk_create(missing, ignore_conflicts=True)
    ensure_article_quizzes()
