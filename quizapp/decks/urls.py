from __future__ import annotations

from django.urls import path

from quizapp.decks import views

app_name = "decks"

urlpatterns = [
    path("", views.deck_list, name="list"),
    path("<slug:slug>/", views.deck_detail, name="detail"),
    path("<slug:slug>/anki.apkg", views.download, name="download"),
]
