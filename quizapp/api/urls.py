"""API v1: each app's api.py contributes its viewsets to one router."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from quizapp.accounts.api import CsrfView, TokenView
from quizapp.api.errors import api_not_found
from quizapp.decks.api import DeckViewSet
from quizapp.library.api import ArticleViewSet, FactViewSet, QuestionViewSet
from quizapp.quizzes.api import AttemptViewSet, QuizViewSet
from quizapp.stats.api import QuestionStatisticsViewSet
from quizapp.study.api import CardViewSet, StudyViewSet

router = DefaultRouter(use_regex_path=True)
router.include_format_suffixes = False
router.register("articles", ArticleViewSet, basename="article")
router.register("facts", FactViewSet, basename="fact")
router.register("questions", QuestionViewSet, basename="question")
router.register("quizzes", QuizViewSet, basename="quiz")
router.register("attempts", AttemptViewSet, basename="attempt")
router.register("decks", DeckViewSet, basename="deck")
router.register("study", StudyViewSet, basename="study")
router.register("cards", CardViewSet, basename="card")
router.register("question-statistics", QuestionStatisticsViewSet, basename="question-statistics")

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/csrf/", CsrfView.as_view(), name="csrf"),
    *router.urls,
    re_path(r"^[\s\S]*$", api_not_found),  # a JSON 404 for every other /api/v1/ URL, even one with a newline
]
