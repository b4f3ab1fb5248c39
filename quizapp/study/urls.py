from __future__ import annotations

from django.urls import path

from quizapp.study import views

app_name = "study"

urlpatterns = [
    path("", views.index, name="index"),
    path("cards/<int:pk>/", views.card_history, name="card"),
    path("<slug:slug>/", views.deck, name="deck"),
    path("<slug:slug>/review/", views.rate, name="review"),
]
