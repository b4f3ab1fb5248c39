from django.urls import path

from quizapp.quizzes import dashboard, exam_views, views
from quizapp.stats import learner

app_name = "quizzes"

urlpatterns = [
    path("", views.home, name="home"),
    path("quizzes/<slug:slug>/", views.quiz_detail, name="quiz"),
    path("quizzes/<slug:slug>/start/", views.start, name="start"),
    path("attempts/<int:pk>/", views.attempt_view, name="attempt"),
    path("attempts/<int:pk>/answer/", views.answer, name="answer"),
    path("attempts/<int:pk>/finish/", views.finish, name="finish"),
    path("attempts/<int:pk>/flag/", exam_views.flag, name="flag"),
    path("attempts/<int:pk>/submit/", exam_views.submit_page, name="submit"),
    path("attempts/<int:pk>/results/", views.results, name="results"),
    path("attempts/<int:pk>/retry/", views.retry_mistakes, name="retry"),
    path("me/", dashboard.dashboard, name="dashboard"),
    path("me/weak-facts/", learner.practise_weak_facts, name="practise_weak_facts"),
]
