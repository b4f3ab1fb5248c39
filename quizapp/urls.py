from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="library:article_list", permanent=False), name="home"),
    path("", include("quizapp.library.urls")),
    path("", include("quizapp.quizzes.urls")),
    path("decks/", include("quizapp.decks.urls")),
    path("study/", include("quizapp.study.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
