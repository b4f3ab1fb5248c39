from django.urls import path

from quizapp.library import views

app_name = "library"

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("script/", views.set_script, name="set_script"),
]
